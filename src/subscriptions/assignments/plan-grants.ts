/**
 * Who gets a licence when a subscription's covered people outnumber its licences: assignments in
 * creation order, then people by (ENT project, person id), each person once, each licence from
 * the count of its audience (gar-reference §5: counts are never exceeded). Deterministic and
 * free of I/O, so that both databases and every run give the same answer.
 */
import { bucketOf, type LicenceBucket } from '../audience.js';
import type { LicenceUsage } from '../ports.js';
import { audiences, type Audience } from '../subscription-input.js';

/** A covered person without a licence of the subscription, through one of its live assignments. */
export interface GrantCandidate {
  readonly assignmentId: number;
  readonly entId: string;
  readonly personId: string;
  readonly audience: Audience;
}

export interface PlannedGrant extends GrantCandidate {
  readonly bucket: LicenceBucket;
}

/** Counts as stored: null when not given (no licence), -1 for ILLIMITE. */
export type StoredCounts = Readonly<Record<LicenceBucket, number | null>>;

/** Licences left in each count (Infinity for ILLIMITE). */
export function remainingLicences(counts: StoredCounts, used: LicenceUsage): Record<LicenceBucket, number> {
  const left = (bucket: LicenceBucket): number => {
    const count = counts[bucket];
    if (count === null) return 0;
    return count < 0 ? Infinity : Math.max(0, count - used[bucket]);
  };
  return {
    global: left('global'),
    pupil: left('pupil'),
    teacher: left('teacher'),
    librarian: left('librarian'),
    other: left('other'),
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Code-unit order, not the database's collation, so that SQLite and PostgreSQL agree. */
function inGrantOrder(a: GrantCandidate, b: GrantCandidate): number {
  return (
    a.assignmentId - b.assignmentId
    || compare(a.entId, b.entId)
    || compare(a.personId, b.personId)
    || audiences.indexOf(a.audience) - audiences.indexOf(b.audience)
  );
}

/** The licences to grant now, in order, never more than what remains in each count. */
export function planGrants(
  candidates: readonly GrantCandidate[],
  counts: StoredCounts,
  used: LicenceUsage,
): readonly PlannedGrant[] {
  const left = remainingLicences(counts, used);
  const kind = counts.global === null ? 'perAudience' : 'global';
  const granted = new Set<string>();
  const grants: PlannedGrant[] = [];
  for (const candidate of [...candidates].sort(inGrantOrder)) {
    const person = JSON.stringify([candidate.entId, candidate.personId]);
    const bucket = bucketOf(candidate.audience, kind);
    // A person covered twice may still get a licence from a later assignment's count.
    if (granted.has(person) || left[bucket] <= 0) continue;
    granted.add(person);
    left[bucket] -= 1;
    grants.push({ ...candidate, bucket });
  }
  return grants;
}
