/**
 * Licences go back (gar-reference §5): from holders no longer present in the establishment
 * (departed, or no profile there any more; any category), and, for transferable subscriptions
 * only, from holders no live assignment covers any more. A non-transferable licence belongs to
 * its holder while they stay. Released rows stay, with when and why, as history.
 */
import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../database-schema.js';
import { coveredPeopleCtes } from './covered-people-sql.js';
import { moveLicenceCounters } from './move-licence-counters.js';
import type { LicensedSubscription } from './read-licensed-subscription.js';

async function releaseDeparted(trx: Kysely<DatabaseSchema>, sub: LicensedSubscription, at: string): Promise<string[]> {
  const { rows } = await sql<{ bucket: string }>`update licence set released_at = ${at}, release_reason = 'departed'
    where distributor_id = ${sub.key.distributorId} and subscription_id = ${sub.key.subscriptionId}
    and released_at is null
    and not exists (select 1 from person_profile pp
      join person p on p.ent_id = pp.ent_id and p.degree = pp.degree and p.person_id = pp.person_id
      where pp.uai = ${sub.uai} and pp.ent_id = licence.ent_id and pp.person_id = licence.person_id
      and p.departed_at is null)
    returning bucket`.execute(trx);
  return rows.map((r) => r.bucket);
}

async function releaseUncovered(trx: Kysely<DatabaseSchema>, sub: LicensedSubscription, at: string): Promise<string[]> {
  const { rows } = await sql<{ bucket: string }>`with ${coveredPeopleCtes(sub)}
    update licence set released_at = ${at}, release_reason = 'uncovered'
    where distributor_id = ${sub.key.distributorId} and subscription_id = ${sub.key.subscriptionId}
    and released_at is null
    and not exists (select 1 from covered c where c.ent_id = licence.ent_id and c.person_id = licence.person_id)
    returning bucket`.execute(trx);
  return rows.map((r) => r.bucket);
}

/** Releases what must go back and moves the counters; returns how many licences went back. */
export async function releaseLicences(
  trx: Kysely<DatabaseSchema>,
  sub: LicensedSubscription,
  at: string,
): Promise<number> {
  const released = await releaseDeparted(trx, sub, at);
  if (sub.category === 'transferable') released.push(...(await releaseUncovered(trx, sub, at)));
  await moveLicenceCounters(trx, sub.key, released, -1);
  return released.length;
}
