/**
 * SubscriptionInput → `<abonnement>` XML, in the element order of gar-reference §5, and a list
 * of them → `<abonnements>` (the list answer). The round-trip test proves that
 * parseSubscriptionXml reads back exactly what this writes.
 */
import { escapeXml } from '../../core/escape-xml.js';
import type { LicenceCount, SubscriptionInput } from '../subscription-input.js';
import { wsabonnementNamespace } from './wsabonnement-grammar.js';

/** A value XML cannot carry is refused (500) rather than written into a document no client can read. */
const refused = { unrepresentable: 'ERR_WS_XML_UNREPRESENTABLE' } as const;

/** As GAR's own answers begin. */
const declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

export function renderSubscriptionXml(input: SubscriptionInput): string {
  return `${declaration}\n${renderAbonnement(input, ` xmlns="${wsabonnementNamespace}"`, '')}\n`;
}

export function renderSubscriptionList(items: readonly SubscriptionInput[]): string {
  const body = items.map((item) => `${renderAbonnement(item, '', '  ')}\n`).join('');
  return `${declaration}\n<abonnements xmlns="${wsabonnementNamespace}">\n${body}</abonnements>\n`;
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
    ['debutValidite', input.debutValidite],
    fin.kind === 'date' ? ['finValidite', fin.finValidite] : ['anneeFinValidite', fin.anneeFinValidite],
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
