/**
 * Who a subscription's live assignments cover now, as SQL common table expressions shared by
 * every licensing statement. Populations are live (gar-reference §5, §7): they are read from the
 * directory at each statement, never copied. Everyone covered is present in the establishment
 * (not departed, a profile there) with a profile of an audience the subscription serves; a
 * class or group gives its pupils (membership) or the teachers teaching it, a level its pupils
 * of that MEF, a subject the teachers teaching it, a profile everyone of its audience.
 *
 * Defines `audience_profile`, `present`, `live_assignment` and
 * `covered(assignment_id, ent_id, person_id, audience)` (one row per assignment and person).
 */
import { sql, type RawBuilder } from 'kysely';
import { profilesOfAudience, type Audience, type SubscriptionKey } from '../../subscriptions/index.js';

export interface CoverageScope {
  readonly key: SubscriptionKey;
  readonly uai: string;
  readonly audiences: readonly Audience[];
}

/** The branch of `covered` for one kind of population, joined to `present` on the person. */
const population = (join: string, where: string): RawBuilder<unknown> =>
  sql.raw(`
    select a.id as assignment_id, x.ent_id, x.person_id, a.audience from live_assignment a
    join ${join}
    join present x on x.ent_id = m.ent_id and x.degree = m.degree and x.person_id = m.person_id
      and x.audience = a.audience
    where ${where}`);

export function coveredPeopleCtes(scope: CoverageScope): RawBuilder<unknown> {
  // A subscription always names at least one audience; the null row keeps VALUES well-formed.
  const pairs = scope.audiences.flatMap((a) =>
    profilesOfAudience(a).map((p) => sql`(cast(${a} as text), cast(${p} as text))`),
  );
  const values = pairs.length > 0 ? sql.join(pairs) : sql`(cast(null as text), cast(null as text))`;
  return sql`audience_profile (audience, profile) as (values ${values}),
  present as (
    select distinct pp.ent_id, pp.degree, pp.person_id, ap.audience
    from person_profile pp
    join audience_profile ap on ap.profile = pp.profile
    join person p on p.ent_id = pp.ent_id and p.degree = pp.degree and p.person_id = pp.person_id
    where pp.uai = ${scope.uai} and p.departed_at is null
  ),
  live_assignment as (
    select id, uai, target_kind, target_code, target_ent_id, target_person_id, audience from assignment
    where distributor_id = ${scope.key.distributorId} and subscription_id = ${scope.key.subscriptionId}
      and revoked_at is null
  ),
  covered as (
    select a.id as assignment_id, x.ent_id, x.person_id, a.audience from live_assignment a
    join present x on x.ent_id = a.target_ent_id and x.person_id = a.target_person_id and x.audience = a.audience
    where a.target_kind = 'person'
    union
    select a.id, x.ent_id, x.person_id, a.audience from live_assignment a
    join present x on x.audience = a.audience
    where a.target_kind = 'profile'
    union${population(
      'membership m on m.uai = a.uai and m.group_code = a.target_code',
      "a.target_kind in ('class', 'group') and a.audience = 'ELEVE'",
    )}
    union${population(
      'teaching m on m.uai = a.uai and m.group_code = a.target_code',
      "a.target_kind in ('class', 'group') and a.audience = 'ENSEIGNANT'",
    )}
    union${population(
      "person_level m on m.uai = a.uai and m.level_kind = 'MEF' and m.code = a.target_code",
      "a.target_kind = 'level'",
    )}
    union${population('teaching m on m.uai = a.uai and m.subject_code = a.target_code', "a.target_kind = 'subject'")}
  )`;
}

/** A condition: the person of `alias` holds a live licence of the subscription. */
export function holdsLiveLicence(scope: CoverageScope, alias: string): RawBuilder<unknown> {
  return sql`exists (select 1 from licence l where l.distributor_id = ${scope.key.distributorId}
    and l.subscription_id = ${scope.key.subscriptionId} and l.released_at is null
    and l.ent_id = ${sql.ref(`${alias}.ent_id`)} and l.person_id = ${sql.ref(`${alias}.person_id`)})`;
}
