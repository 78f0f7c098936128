import { fail } from '../core/fail.js';
import type { ContractVersion } from './contract.js';
import { submittedVersion } from './submitted-version.js';

/**
 * The operator approves one submitted version of a resource's contract (gar-reference §3: the
 * operator validates each request before it takes effect). A pure transition over the versions
 * of ONE resource: it returns the new list, in the same order, where the chosen version is
 * `approved` and every earlier approved version `superseded` (they keep their own decision,
 * the later approval says when they stopped). Nothing is dropped: earlier versions stay on record.
 *
 * Refused with ERR_CONTRACT_UNKNOWN when no version has that number, and ERR_CONTRACT_STATE when
 * the version is not `submitted` (rejected stays rejected; approving twice is a slip) or when a
 * later version was already approved (the older one would never take effect).
 */
export function approveContract(
  versions: readonly ContractVersion[],
  version: number,
  by: string,
  at: Date,
): readonly ContractVersion[] {
  const target = submittedVersion(versions, version, 'approuvée');
  const later = versions.find(
    (v) => v.document.version > version && (v.status === 'approved' || v.status === 'superseded'),
  );
  if (later !== undefined) {
    throw fail('ERR_CONTRACT_STATE', `La version ${later.document.version}, plus récente, a déjà été approuvée.`);
  }
  const decidedAt = at.toISOString();
  return Object.freeze(
    versions.map((v): ContractVersion => {
      if (v === target) return Object.freeze({ ...v, status: 'approved', decidedAt, decidedBy: by });
      if (v.status === 'approved') return Object.freeze({ ...v, status: 'superseded' });
      return v;
    }),
  );
}
