/**
 * SubscriptionInput → `<abonnement>` XML, in the element order of gar-reference §5, and a list
 * of them → `<abonnements>` (the list answer). Dates are written in GAR's form
 * (`2021-09-02T16:18:27.000+02:00`). The round-trip test proves that parseSubscriptionXml reads
 * back what this writes, dates to the millisecond.
 */
import { escapeXml } from '../../core/escape-xml.js';
import type { LicenceCount, SubscriptionInput } from '../subscription-input.js';
import { toGarDateTime } from './local-date-time.js';
import { wsabonnementNamespace } from './wsabonnement-grammar.js';

/** A value XML cannot carry is refused (500) rather than written into a document no client can read. */
const refused = { unrepresentable: 'ERR_WS_XML_UNREPRESENTABLE' } as const;

/** As GAR's own answers begin. */
const declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

export function renderSubscriptionXml(input: SubscriptionInput): string {
  return `${declaration}\n${renderAbonnement(input, ` xmlns="${wsabonnementNamespace}"`, '')}\n`;
}

/** Where a page of the list starts (0 is the first subscription) and how many the whole list holds. */
export interface ListPosition {
  readonly debut: number;
  readonly total: number;
}

/**
 * With a position, `<abonnements>` says which items it holds: `debut` (index of its first, 0 for
 * the very first), `fin` (debut + items: the next page's debut) and `total` (all pages). They are
 * attributes, not elements: clients read every child of `<abonnements>` as an `<abonnement>`
 * (GarApiBundle iterates children(), others count them), and none reads attributes.
 */
export function renderSubscriptionList(items: readonly SubscriptionInput[], position?: ListPosition): string {
  const body = items.map((item) => `${renderAbonnement(item, '', '  ')}\n`).join('');
  const where =
    position === undefined
      ? ''
      : ` debut="${position.debut}" fin="${position.debut + items.length}" total="${position.total}"`;
  return `${declaration}\n<abonnements xmlns="${wsabonnementNamespace}"${where}>\n${body}</abonnements>\n`;
}

function renderAbonnement(input: SubscriptionInput, attributes: string, indent: string): string {
  const children = abonnementChildren(input).map(
    ([name, value]) => `${indent}  <${name}>${escapeXml(value, refused)}</${name}>\n`,
  );
  return `${indent}<abonnement${attributes}>\n${children.join('')}${indent}</abonnement>`;
}

/** The children in gar-reference §5 order, optional ones only when set. */
function abonnementChildren(input: SubscriptionInput): (readonly [string, string])[] {
  const { fin, licences } = input;
  return [
    ['idAbonnement', input.idAbonnement],
    ...optional('commentaireAbonnement', input.commentaireAbonnement),
    ['idDistributeurCom', input.idDistributeurCom],
    ['idRessource', input.idRessource],
    ['typeIdRessource', input.typeIdRessource],
    ['libelleRessource', input.libelleRessource],
    ['debutValidite', toGarDateTime(input.debutValidite)],
    fin.kind === 'date' ? ['finValidite', toGarDateTime(fin.finValidite)] : ['anneeFinValidite', fin.anneeFinValidite],
    ...optional('uaiEtab', input.uaiEtab),
    ['categorieAffectation', input.categorieAffectation],
    ['typeAffectation', input.typeAffectation],
    ...(licences.kind === 'global'
      ? [['nbLicenceGlobale', count(licences.nbLicenceGlobale)] as const]
      : [
          ['nbLicenceEnseignant', count(licences.nbLicenceEnseignant)] as const,
          ['nbLicenceEleve', count(licences.nbLicenceEleve)] as const,
          ['nbLicenceProfDoc', count(licences.nbLicenceProfDoc)] as const,
          ['nbLicenceAutrePersonnel', count(licences.nbLicenceAutrePersonnel)] as const,
        ]),
    ...input.publicCible.map((audience) => ['publicCible', audience] as const),
    ...optional('codeProjetRessource', input.codeProjetRessource),
  ];
}

function optional(name: string, value: string | undefined): (readonly [string, string])[] {
  return value === undefined ? [] : [[name, value]];
}

function count(value: LicenceCount): string {
  return typeof value === 'number' ? String(value) : value;
}
