/**
 * The attribute filter (the "filter" of resolve → filter → encode): what one resource receives
 * on one access. Default deny (gar-reference §3, §8):
 * - no approved contract → `denied`: the resource receives nothing at all, not even `IDO`;
 * - otherwise `IDO`, `UAI`, `PRO`, always, from the access context, never from `resolved`
 *   (a forged or stale value there cannot leak out or override them);
 * - plus exactly the contract's attributes the person has (a non-empty list in `resolved`);
 * - `IDC` is not read from `resolved` either: when the contract asks for it, it is derived from
 *   the contract's `idRessource` and the context's `IDO`, so it can never disagree with them.
 * The filter removes, it never adds nor rewrites: a released list holds the resolved strings,
 * in their order, duplicates included (what a value says is the resolver's business). Codes come
 * out in the order of `attributeCodes`. The result is deeply frozen.
 */
import { fail } from '../core/fail.js';
import { attributeCodes, type AttributeCode } from './attribute-codes.js';
import type { EffectiveContract } from './contract.js';
import type { ResolvedAttributes } from './person-attributes.js';
import { idc } from './pseudonyms.js';

/** What the broker knows of this access itself, as opposed to what the directory says of the person. */
export interface ReleaseContext {
  /** The person's pseudonym for this resource's technical distributor (`ido()`). */
  readonly ido: string;
  /** The establishment of this access. */
  readonly uai: string;
  /** The national profile (`National_elv`…). */
  readonly profile: string;
}

export type ReleasedAttributes = Readonly<Partial<Record<AttributeCode, readonly string[]>>>;

export type Release =
  | {
      readonly kind: 'release';
      readonly idRessource: string;
      readonly contractVersion: number;
      readonly attributes: ReleasedAttributes;
    }
  | { readonly kind: 'denied'; readonly reason: 'NO_CONTRACT' };

const denied: Release = Object.freeze({ kind: 'denied', reason: 'NO_CONTRACT' });

/** Throws ERR_RELEASE_CONTEXT_INVALID when the context is not what the broker should have built. */
export function filterRelease(
  resolved: ResolvedAttributes,
  contract: EffectiveContract | undefined,
  context: ReleaseContext,
): Release {
  checkContext(context);
  if (contract === undefined || contract.status !== 'approved') return denied;
  const { idRessource, version, attributs } = contract.document;
  const chosen: Partial<Record<AttributeCode, readonly string[]>> = {
    IDO: [context.ido],
    UAI: [context.uai],
    PRO: [context.profile],
  };
  for (const code of attributs) {
    const values = code === 'IDC' ? [idc(idRessource, context.ido)] : resolved[code];
    if (values !== undefined && values.length > 0) chosen[code] = values;
  }
  const attributes: Partial<Record<AttributeCode, readonly string[]>> = {};
  for (const code of attributeCodes) {
    const values = chosen[code];
    if (values !== undefined) attributes[code] = Object.freeze([...values]);
  }
  return Object.freeze({
    kind: 'release',
    idRessource,
    contractVersion: version,
    attributes: Object.freeze(attributes),
  });
}

/** An `IDO` that is not 128 lower-case hex is not a pseudonym: it might be a raw ENT user id. */
function checkContext(context: ReleaseContext): void {
  if (!/^[0-9a-f]{128}$/.test(context.ido) || context.uai === '' || context.profile === '') {
    throw fail('ERR_RELEASE_CONTEXT_INVALID', 'Contexte d’accès incomplet : aucun attribut ne peut être transmis.');
  }
}
