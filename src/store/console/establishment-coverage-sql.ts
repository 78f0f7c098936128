/**
 * Who the live assignments of an establishment (or of one of its subscriptions) cover now, in one
 * statement for all its subscriptions: the same people as the licensing store's
 * covered-people-sql.ts (gar-reference §5: present in the establishment, of the assignment's
 * audience; a class or group gives its pupils or the teachers teaching it, a level its pupils, a
 * subject its teachers, a profile everyone of it). The populations' branches come from
 * population-members-sql.ts, which the console's population sizes read too.
 *
 * Written for both planners (measured on the 2,500-pupil bench, 419 assignments): each branch
 * starts from the assignment and walks the population's index (membership by group, person_level
 * by code, teaching by subject), then checks presence with an EXISTS on person_profile's primary
 * key. No materialised list of present people: SQLite walked all of them for each assignment
 * (25 ms a subscription) and PostgreSQL, misjudging a CTE's size, compared every pair (3.4 s).
 * CROSS JOIN keeps the order in SQLite; PostgreSQL reads it as an inner join.
 *
 * Defines `audience_profile`, `live_assignment` and
 * `covered(assignment_id, distributor_id, subscription_id, ent_id, person_id)`, one row per
 * assignment and person. The audiences a subscription serves are checked by the caller.
 */
import { sql, type RawBuilder } from 'kysely';
import type { SubscriptionKey } from '../../subscriptions/index.js';
import { audienceProfileCte, inPopulation, populationSources, presentAs, sqlText } from './population-members-sql.js';

/** `who` is present in the assignment's establishment with a profile of its audience. */
const present = (who: string): string => presentAs(who, 'a.uai', 'a.audience');

/** One branch of `covered` per population source (population-members-sql.ts). */
const populations = (): RawBuilder<unknown> =>
  sql.raw(
    populationSources
      .map(
        (s) => `
    select a.id, a.distributor_id, a.subscription_id, m.ent_id, m.person_id from live_assignment a
    cross join ${s.table} m
    where a.target_kind in (${sqlText(s.kinds)}) and a.audience = '${s.audience}'
      and ${inPopulation(s, 'a.target_code')} and m.uai = a.uai and ${present('m')}`,
      )
      .join('\n    union'),
  );

export function establishmentCoverageCtes(uai: string, key?: SubscriptionKey): RawBuilder<unknown> {
  const subscription =
    key === undefined
      ? sql``
      : sql`and distributor_id = ${key.distributorId} and subscription_id = ${key.subscriptionId}`;
  // NOT MATERIALIZED: each branch reads the assignment table with its own filter and real statistics.
  return sql`${audienceProfileCte()},
  live_assignment as not materialized (
    select id, distributor_id, subscription_id, uai, target_kind, target_code, target_ent_id, target_person_id, audience
    from assignment
    where uai = ${uai} and revoked_at is null ${subscription}
  ),
  covered (assignment_id, distributor_id, subscription_id, ent_id, person_id) as (
    select a.id, a.distributor_id, a.subscription_id, x.ent_id, x.person_id from live_assignment a
    cross join person x
    where a.target_kind = 'person' and x.ent_id = a.target_ent_id and x.person_id = a.target_person_id
      and ${sql.raw(present('x'))}
    union
    select a.id, a.distributor_id, a.subscription_id, x.ent_id, x.person_id from live_assignment a
    cross join person_profile x
    where a.target_kind = 'profile' and x.uai = a.uai and ${sql.raw(present('x'))}
    union${populations()}
  )`;
}
