/**
 * One assignment report (gar-reference §5: per resource, subscription and establishment, the
 * assignments), the XML a distributor finds zipped at `GET {reports}/GAR-Affectations/{idDistributeur}/{nomRapport}`:
 * `GARRessource[@idRessource,@titreRessource] / GARAbonnement[@idAbonnement,@finValidite] /
 * GAREtablissement[@UAI] / Affectation`, the shape GAR's distributor clients read.
 *
 * Data minimisation (gar-reference §8): an assignment to a person is reported as `personne`
 * with no `codeCible`, so no person's identifier ever leaves in a report; a whole-profile one
 * has no code either (its audience is `publicCible`).
 *
 * Deterministic: the same input gives the same bytes (elements sorted by their key attribute,
 * assignments by their rendered text).
 */
import { escapeXml } from '../../core/escape-xml.js';
import { toFrenchLocalDateTime } from '../entitlement/french-local-date-time.js';
import type { Audience, LocalDateTime } from '../subscription-input.js';

export type ReportAssignmentKind = 'person' | 'class' | 'group' | 'level' | 'subject' | 'profile';

export interface ReportAssignment {
  readonly kind: ReportAssignmentKind;
  /** Class, group, level (MEF) or subject code; ignored for `person` and `profile`. */
  readonly code?: string;
  readonly audience: Audience;
  /** Licences the assignment holds now. */
  readonly licences: number;
  /** People it covers who wait for a licence (none left). */
  readonly waiting: number;
  readonly createdAt: string;
}

export interface ReportEstablishment {
  readonly uai: string;
  readonly assignments: readonly ReportAssignment[];
}

export interface ReportSubscription {
  readonly idAbonnement: string;
  readonly finValidite: LocalDateTime;
  readonly establishments: readonly ReportEstablishment[];
}

export interface ReportResource {
  readonly idRessource: string;
  readonly titreRessource: string;
  readonly subscriptions: readonly ReportSubscription[];
}

export interface AssignmentReportInput {
  readonly distributorId: string;
  readonly generatedAt: Date;
  readonly resources: readonly ReportResource[];
}

/** `typeCible`, and whether `codeCible` may be written (never for a person, gar-reference §8). */
const targets: Readonly<Record<ReportAssignmentKind, { readonly typeCible: string; readonly coded: boolean }>> = {
  person: { typeCible: 'personne', coded: false },
  class: { typeCible: 'division', coded: true },
  group: { typeCible: 'groupe', coded: true },
  level: { typeCible: 'niveau', coded: true },
  subject: { typeCible: 'matiere', coded: true },
  profile: { typeCible: 'profil', coded: false },
};

export function renderAssignmentReport(input: AssignmentReportInput): string {
  const root = attributes([
    ['idDistributeur', input.distributorId],
    ['dateGeneration', toFrenchLocalDateTime(input.generatedAt)],
  ]);
  const body = sortedBy(input.resources, (r) => r.idRessource)
    .map(renderResource)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<GARRapportAffectation${root}>\n${body}</GARRapportAffectation>\n`;
}

function renderResource(resource: ReportResource): string {
  const own = attributes([
    ['idRessource', resource.idRessource],
    ['titreRessource', resource.titreRessource],
  ]);
  const body = sortedBy(resource.subscriptions, (s) => s.idAbonnement)
    .map(renderSubscription)
    .join('');
  return `  <GARRessource${own}>\n${body}  </GARRessource>\n`;
}

function renderSubscription(subscription: ReportSubscription): string {
  // GAR reports the end as a date (YYYY-MM-DD).
  const own = attributes([
    ['idAbonnement', subscription.idAbonnement],
    ['finValidite', subscription.finValidite.slice(0, 10)],
  ]);
  const body = sortedBy(subscription.establishments, (e) => e.uai)
    .map(renderEstablishment)
    .join('');
  return `    <GARAbonnement${own}>\n${body}    </GARAbonnement>\n`;
}

function renderEstablishment(establishment: ReportEstablishment): string {
  // Sorted on what is written only, so the order tells nothing about what is left out.
  const body = establishment.assignments
    .map(renderAffectation)
    .sort()
    .map((line) => `        ${line}\n`)
    .join('');
  return `      <GAREtablissement${attributes([['UAI', establishment.uai]])}>\n${body}      </GAREtablissement>\n`;
}

function renderAffectation(assignment: ReportAssignment): string {
  const target = targets[assignment.kind];
  const code: (readonly [string, string])[] =
    target.coded && assignment.code !== undefined ? [['codeCible', assignment.code]] : [];
  return `<Affectation${attributes([
    ['typeCible', target.typeCible],
    ...code,
    ['publicCible', assignment.audience],
    ['nbLicences', String(assignment.licences)],
    ['nbEnAttente', String(assignment.waiting)],
    ['dateAffectation', assignment.createdAt],
  ])}/>`;
}

/** ` name="value"`…; a value XML cannot carry is refused (500) rather than written unreadable. */
function attributes(pairs: readonly (readonly [string, string])[]): string {
  const refused = { unrepresentable: 'ERR_WS_XML_UNREPRESENTABLE' } as const;
  return pairs.map(([name, value]) => ` ${name}="${escapeXml(value, refused)}"`).join('');
}

function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
