/**
 * Checks that an assignment's target exists in the subscription's establishment now, and names
 * the audience it draws from (a named person's comes from their profiles there).
 */
import type { Kysely } from 'kysely';
import { fail } from '../../core/fail.js';
import {
  audienceOfPerson,
  audienceOfTarget,
  type AssignableSubscription,
  type AssignmentTarget,
  type Audience,
} from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';

/** The feed's group statuses (gar-reference §6): a class is a DIVISION, a group a GROUPE. */
const groupStatus = { class: 'DIVISION', group: 'GROUPE' } as const;

async function presentProfiles(
  db: Kysely<DatabaseSchema>,
  uai: string,
  entId: string,
  personId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('person_profile as pp')
    .innerJoin('person as p', (j) =>
      j
        .onRef('p.ent_id', '=', 'pp.ent_id')
        .onRef('p.degree', '=', 'pp.degree')
        .onRef('p.person_id', '=', 'pp.person_id'),
    )
    .select('pp.profile')
    .distinct()
    .where('pp.uai', '=', uai)
    .where('pp.ent_id', '=', entId)
    .where('pp.person_id', '=', personId)
    .where('p.departed_at', 'is', null)
    .execute();
  return rows.map((r) => r.profile);
}

async function exists(
  db: Kysely<DatabaseSchema>,
  uai: string,
  target: Exclude<AssignmentTarget, { kind: 'person' | 'profile' }>,
): Promise<boolean> {
  switch (target.kind) {
    case 'class':
    case 'group':
      return (
        (await db
          .selectFrom('student_group')
          .select('code')
          .where('uai', '=', uai)
          .where('code', '=', target.code)
          .where('status', '=', groupStatus[target.kind])
          .where('departed_at', 'is', null)
          .executeTakeFirst()) !== undefined
      );
    case 'level':
      // A MEF of the establishment, or one its people carry (the feed may name a MEF only there).
      return (
        (await db
          .selectFrom('mef')
          .select('code')
          .where('uai', '=', uai)
          .where('code', '=', target.code)
          .where('departed_at', 'is', null)
          .executeTakeFirst()) !== undefined
        || (await db
          .selectFrom('person_level')
          .select('code')
          .where('uai', '=', uai)
          .where('level_kind', '=', 'MEF')
          .where('code', '=', target.code)
          .executeTakeFirst()) !== undefined
      );
    case 'subject':
      return (
        (await db
          .selectFrom('subject')
          .select('code')
          .where('uai', '=', uai)
          .where('code', '=', target.code)
          .where('departed_at', 'is', null)
          .executeTakeFirst()) !== undefined
      );
  }
}

export async function resolveTargetAudience(
  db: Kysely<DatabaseSchema>,
  sub: AssignableSubscription,
  target: AssignmentTarget,
): Promise<Audience> {
  const unknown = (): never => {
    throw fail(
      'ERR_ASSIGN_TARGET_UNKNOWN',
      'Cible inconnue dans cet établissement.',
      `${target.kind} not found in ${sub.uai}`,
    );
  };
  if (target.kind === 'person') {
    const profiles = await presentProfiles(db, sub.uai, target.entId, target.personId);
    if (profiles.length === 0) unknown();
    return audienceOfPerson(sub, profiles);
  }
  if (target.kind !== 'profile' && !(await exists(db, sub.uai, target))) unknown();
  return audienceOfTarget(target) as Audience;
}
