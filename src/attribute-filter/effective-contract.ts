import type { ContractVersion, EffectiveContract } from './contract.js';

/**
 * The contract in effect for a resource: its approved version with the highest number, or
 * undefined when none is approved; then the resource receives nothing (gar-reference §3: a
 * release needs an approved contract). Submitted, rejected and superseded versions never count.
 */
export function effectiveContract(
  versions: readonly ContractVersion[],
  idRessource: string,
): EffectiveContract | undefined {
  let best: EffectiveContract | undefined;
  for (const v of versions) {
    if (v.document.idRessource !== idRessource || !isApproved(v)) continue;
    if (best === undefined || v.document.version > best.document.version) best = v;
  }
  return best;
}

function isApproved(version: ContractVersion): version is EffectiveContract {
  return version.status === 'approved';
}
