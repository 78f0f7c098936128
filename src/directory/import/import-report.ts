import type { Degree } from '../feed/feed-spec.js';
import type { FeedFileInfo, FeedIssue } from '../feed/feed-records.js';
import type { ImportKind, KindCounts } from '../ports.js';

export interface ReportIssue extends FeedIssue {
  /** false: the record was valid but held back because a record it depends on was rejected. */
  readonly own: boolean;
}

export interface ImportReport {
  readonly entId: string;
  readonly degree: Degree | null;
  readonly source: string;
  readonly status: 'applied' | 'refused';
  /** Why the whole delivery was refused, when it was. */
  readonly refusal: { readonly code: string; readonly message: string } | null;
  readonly files: readonly FeedFileInfo[];
  readonly counts: Readonly<Record<ImportKind, KindCounts>>;
  readonly totals: {
    readonly read: number;
    readonly rejected: number;
    readonly held: number;
    readonly invalidShare: number;
  };
  readonly maxInvalidShare: number;
  /** The first issues (at most `issueLimit`), and how many there were in all. */
  readonly issues: readonly ReportIssue[];
  readonly issueCount: number;
  /** Where the time went, in milliseconds: reading and staging, checks across records, counting, applying. */
  readonly phases: Readonly<Record<'readAndStage' | 'check' | 'plan' | 'apply', number>>;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
}

export const importKinds: readonly ImportKind[] = [
  'establishment',
  'mef',
  'subject',
  'person',
  'personLevel',
  'pupilSubject',
  'group',
  'membership',
  'teaching',
  'manager',
];

const kindLabels: Readonly<Record<ImportKind, string>> = {
  establishment: 'établissements',
  mef: 'MEF',
  subject: 'matières',
  person: 'personnes',
  personLevel: 'niveaux (MEF) des personnes',
  pupilSubject: 'enseignements suivis',
  group: 'classes et groupes',
  membership: 'appartenances aux groupes',
  teaching: 'enseignements dispensés',
  manager: "responsables d'affectation",
};

export function emptyCounts(): Record<ImportKind, KindCounts> {
  return Object.fromEntries(
    importKinds.map((k) => [k, { read: 0, added: 0, changed: 0, left: 0, rejected: 0, held: 0 }]),
  ) as Record<ImportKind, KindCounts>;
}

/** The report for people: French, one line per kind, then the first issues with file and line. */
export function renderImportReport(report: ImportReport): string {
  const lines: string[] = [];
  const verdict = report.status === 'applied' ? 'appliquée' : 'REFUSÉE (annuaire inchangé)';
  lines.push(
    `Livraison ${report.entId} ${report.degree ?? ''} : ${verdict} en ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  if (report.refusal) lines.push(`Motif : ${report.refusal.message} [${report.refusal.code}]`);
  lines.push(
    `Fichiers : ${report.files.length}, enregistrements lus : ${report.totals.read}, `
      + `invalides : ${report.totals.rejected} (${(report.totals.invalidShare * 100).toFixed(2)} %, `
      + `seuil ${(report.maxInvalidShare * 100).toFixed(2)} %), mis de côté : ${report.totals.held}`,
  );
  lines.push('');
  lines.push(
    `${'type'.padEnd(32)} ${'lus'.padStart(9)} ${'ajoutés'.padStart(9)} ${'modifiés'.padStart(9)} `
      + `${'partis'.padStart(9)} ${'invalides'.padStart(9)} ${'de côté'.padStart(9)}`,
  );
  for (const kind of importKinds) {
    const c = report.counts[kind];
    lines.push(
      `${kindLabels[kind].padEnd(32)} `
        + `${[c.read, c.added, c.changed, c.left, c.rejected, c.held].map((n) => String(n).padStart(9)).join(' ')}`,
    );
  }
  if (report.issues.length > 0) {
    const firstOnly = report.issueCount > report.issues.length ? `, ${report.issues.length} premières` : '';
    lines.push('', `Anomalies (${report.issueCount}${firstOnly}) :`);
    for (const i of report.issues) {
      const where = `${i.file}:${i.line}${i.element ? ` ${i.element}` : ''}${i.recordId ? ` « ${i.recordId} »` : ''}`;
      lines.push(`- ${where} : ${i.own ? '' : '(mis de côté) '}${i.message} [${i.code}]`);
    }
  }
  return `${lines.join('\n')}\n`;
}
