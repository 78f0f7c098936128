/**
 * The dry run of the filter (Shibboleth's "what would resource X receive for user Y"): a French
 * text for the operator, behind `gar-broker release preview`. It runs the real `filterRelease`,
 * so the preview cannot drift from what a login would send. It shows personal data: it is for a
 * terminal, never for a log.
 */
import { attributeCodes, attributeMeanings, type AttributeCode } from './attribute-codes.js';
import type { EffectiveContract } from './contract.js';
import { filterRelease, type ReleaseContext } from './filter-release.js';
import type { ResolvedAttributes } from './person-attributes.js';

export interface ReleasePreviewInput {
  readonly idRessource: string;
  readonly resolved: ResolvedAttributes;
  readonly contract: EffectiveContract | undefined;
  readonly context: ReleaseContext;
}

export function previewRelease(input: ReleasePreviewInput): string {
  const release = filterRelease(input.resolved, input.contract, input.context);
  if (release.kind === 'denied') {
    return `Ressource ${input.idRessource} : aucun contrat approuvé, rien n'est transmis (pas même IDO, UAI, PRO).\n`;
  }
  const sent = attributeCodes.filter((code) => release.attributes[code] !== undefined);
  const requested = new Set<AttributeCode>(input.contract?.document.attributs ?? []);
  const missing = attributeCodes.filter((code) => requested.has(code) && !sent.includes(code));
  const withheld = attributeCodes.filter(
    (code) => (input.resolved[code]?.length ?? 0) > 0 && !sent.includes(code) && !requested.has(code),
  );
  const lines = [
    `Ressource ${release.idRessource} — contrat version ${release.contractVersion} (approuvé)`,
    'Transmis :',
    ...sent.map((code) => `  ${code} (${attributeMeanings[code]}) : ${quoted(release.attributes[code] ?? [])}`),
    ...section('Demandés par le contrat, absents pour cet utilisateur :', missing),
    ...section('Connus mais non transmis (hors contrat) :', withheld),
  ];
  return `${lines.join('\n')}\n`;
}

function section(title: string, codes: readonly AttributeCode[]): string[] {
  if (codes.length === 0) return [];
  return [title, ...codes.map((code) => `  ${code} (${attributeMeanings[code]})`)];
}

function quoted(values: readonly string[]): string {
  return values.map((v) => `« ${v} »`).join(', ');
}
