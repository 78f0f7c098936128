/**
 * Grants licences to covered people who hold none, while licences remain (gar-reference §5),
 * in the order planGrants fixes. Runs inside the subscription's locked transaction, with the
 * counters read after the lock: what it decides is what it writes.
 */
import { sql, type Kysely } from 'kysely';
import {
  bucketOf,
  planGrants,
  remainingLicences,
  type Audience,
  type GrantCandidate,
} from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';
import { coveredPeopleCtes, holdsLiveLicence } from './covered-people-sql.js';
import { moveLicenceCounters } from './move-licence-counters.js';
import type { LicensedSubscription } from './read-licensed-subscription.js';

// 8 parameters a row: far below both databases' limits on bound parameters.
const insertChunk = 500;

interface CandidateRow {
  readonly assignment_id: number;
  readonly ent_id: string;
  readonly person_id: string;
  readonly audience: string;
}

function exhausted(sub: LicensedSubscription): boolean {
  const left = remainingLicences(sub.counts, sub.used);
  const kind = sub.counts.global === null ? 'perAudience' : 'global';
  return sub.audiences.every((a) => left[bucketOf(a, kind)] <= 0);
}

async function candidates(
  trx: Kysely<DatabaseSchema>,
  sub: LicensedSubscription,
  onlyAssignment: number | undefined,
): Promise<GrantCandidate[]> {
  const only = onlyAssignment === undefined ? sql`` : sql`and c.assignment_id = ${onlyAssignment}`;
  const { rows } = await sql<CandidateRow>`with ${coveredPeopleCtes(sub)}
    select c.assignment_id, c.ent_id, c.person_id, c.audience from covered c
    where not ${holdsLiveLicence(sub, 'c')} ${only}`.execute(trx);
  return rows.map((r) => ({
    assignmentId: Number(r.assignment_id),
    entId: r.ent_id,
    personId: r.person_id,
    audience: r.audience as Audience,
  }));
}

/**
 * `sub` must have been read after the lock. `onlyAssignment` limits the grant to the people
 * that assignment covers (a new assignment serves its own population first). Returns how many.
 */
export async function grantLicences(
  trx: Kysely<DatabaseSchema>,
  sub: LicensedSubscription,
  at: string,
  onlyAssignment?: number,
): Promise<number> {
  if (exhausted(sub)) return 0;
  const grants = planGrants(await candidates(trx, sub, onlyAssignment), sub.counts, sub.used);
  for (let i = 0; i < grants.length; i += insertChunk) {
    await trx
      .insertInto('licence')
      .values(
        grants.slice(i, i + insertChunk).map((g) => ({
          distributor_id: sub.key.distributorId,
          subscription_id: sub.key.subscriptionId,
          ent_id: g.entId,
          person_id: g.personId,
          bucket: g.bucket,
          audience: g.audience,
          assignment_id: g.assignmentId,
          granted_at: at,
        })),
      )
      .execute();
  }
  await moveLicenceCounters(
    trx,
    sub.key,
    grants.map((g) => g.bucket),
    1,
  );
  return grants.length;
}
