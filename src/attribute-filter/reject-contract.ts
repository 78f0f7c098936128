import { fail } from '../core/fail.js';
import type { ContractVersion } from './contract.js';
import { submittedVersion } from './submitted-version.js';

/** A reason is read by the publisher; it says why, it is not a letter. */
export const maxRejectionReasonLength = 2000;

/**
 * The operator refuses one submitted version of a resource's contract (gar-reference §3: the
 * operator validates each request before it takes effect, so it may also refuse it). A pure
 * transition over the versions of ONE resource, like `approveContract`: it returns the new list,
 * in the same order, where only the chosen version changed, to `rejected` with the decision's
 * date, author and reason. The version in effect, if any, stays in effect.
 *
 * Refused with ERR_CONTRACT_REASON_INVALID when the reason is blank or too long (the publisher
 * must learn why), ERR_CONTRACT_UNKNOWN when no version has that number, and ERR_CONTRACT_STATE
 * when the version is not `submitted` (a decision is final) or the versions are of several resources.
 */
export function rejectContract(
  versions: readonly ContractVersion[],
  version: number,
  reason: string,
  by: string,
  at: Date,
): readonly ContractVersion[] {
  const why = reason.trim();
  if (why === '' || why.length > maxRejectionReasonLength) {
    throw fail(
      'ERR_CONTRACT_REASON_INVALID',
      `Le refus d’un contrat demande un motif de 1 à ${maxRejectionReasonLength} caractères.`,
      `${why.length} characters`,
    );
  }
  const target = submittedVersion(versions, version, 'refusée');
  const rejected: ContractVersion = Object.freeze({
    ...target,
    status: 'rejected',
    decidedAt: at.toISOString(),
    decidedBy: by,
    reason: why,
  });
  return Object.freeze(versions.map((v) => (v === target ? rejected : v)));
}
