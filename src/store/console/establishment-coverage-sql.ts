/**
 * Who the live assignments of an establishment (or of one of its subscriptions) cover now, in one
 * statement for all its subscriptions: the same people as the licensing store's
 * covered-people-sql.ts (gar-reference §5: present in the establishment, of the assignment's
 * audience; a class or group gives its pupils or the teachers teaching it, a level its pupils, a
 * subject its teachers, a profile everyone of it).
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
import { audiences, profilesOfAudience, type SubscriptionKey } from '../../subscriptions/index.js';

/**
 * `who` (a row with ent_id, degree, person_id) is present in the assignment's establishment with a
 * profile of its audience.
 */
const present = (who: string): string => `exists (select 1 from person_profile pp
      join audience_profile ap on ap.profile = pp.profile
      join person p on p.ent_id = pp.ent_id and p.degree = pp.degree and p.person_id = pp.person_id
      where pp.ent_id = ${who}.ent_id and pp.degree = ${who}.degree and pp.person_id = ${who}.person_id
        and pp.uai = a.uai and ap.audience = a.audience and p.departed_at is null)`;

const population = (table: string, where: string): RawBuilder<unknown> =>
  sql.raw(`
    select a.id, a.distributor_id, a.subscription_id, m.ent_id, m.person_id from live_assignment a
    cross join ${table} m
    where ${where} and m.uai = a.uai and ${present('m')}`);

export function establishmentCoverageCtes(uai: string, key?: SubscriptionKey): RawBuilder<unknown> {
  const pairs = audiences.flatMap((a) =>
    profilesOfAudience(a).map((p) => sql`(cast(${a} as text), cast(${p} as text))`),
  );
  const subscription =
    key === undefined
      ? sql``
      : sql`and distributor_id = ${key.distributorId} and subscription_id = ${key.subscriptionId}`;
  // NOT MATERIALIZED: each branch reads the assignment table with its own filter and real statistics.
  return sql`audience_profile (audience, profile) as (values ${sql.join(pairs)}),
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
    union${population(
      'membership',
      "a.target_kind in ('class', 'group') and a.audience = 'ELEVE' and m.group_code = a.target_code",
    )}
    union${population(
      'teaching',
      "a.target_kind in ('class', 'group') and a.audience = 'ENSEIGNANT' and m.group_code = a.target_code",
    )}
    union${population('person_level', "a.target_kind = 'level' and m.level_kind = 'MEF' and m.code = a.target_code")}
    union${population('teaching', "a.target_kind = 'subject' and m.subject_code = a.target_code")}
  )`;
}
