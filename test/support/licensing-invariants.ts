/**
 * The licensing invariants, checked against the tables by an independent model written in
 * TypeScript (not the store's SQL), so that a shared mistake cannot make both agree:
 * - each `used_*` counter equals the live licence rows of its count, and never exceeds the count;
 * - nobody holds two live licences of one subscription;
 * - every live holder is present in the establishment;
 * - (transferable) every live holder is covered by a live assignment;
 * - (after a reconcile) nobody waits while licences remain in the count they would use.
 */
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../src/store/index.js';
import {
  audienceOfProfile,
  bucketOf,
  type Audience,
  type LicenceBucket,
  type SubscriptionKey,
} from '../../src/subscriptions/index.js';

type Db = Kysely<DatabaseSchema>;
const buckets: readonly LicenceBucket[] = ['global', 'pupil', 'teacher', 'librarian', 'other'];
const personKey = (entId: string, personId: string): string => `${entId}/${personId}`;

/** Present people of the establishment → the audiences of their profiles there. */
async function presentAudiences(db: Db, uai: string): Promise<Map<string, Set<Audience>>> {
  const people = await db.selectFrom('person').selectAll().where('departed_at', 'is', null).execute();
  const live = new Set(people.map((p) => `${p.ent_id}/${p.degree}/${p.person_id}`));
  const out = new Map<string, Set<Audience>>();
  for (const pp of await db.selectFrom('person_profile').selectAll().where('uai', '=', uai).execute()) {
    if (!live.has(`${pp.ent_id}/${pp.degree}/${pp.person_id}`)) continue;
    const key = personKey(pp.ent_id, pp.person_id);
    const set = out.get(key) ?? new Set<Audience>();
    const audience = audienceOfProfile(pp.profile);
    if (audience) set.add(audience);
    out.set(key, set);
  }
  return out;
}

/** Covered people → the id of the first live assignment covering them, and its audience. */
export async function modelCoverage(
  db: Db,
  key: SubscriptionKey,
): Promise<Map<string, { assignmentId: number; audience: Audience }>> {
  const sub = await db
    .selectFrom('subscription')
    .selectAll()
    .where('distributor_id', '=', key.distributorId)
    .where('id', '=', key.subscriptionId)
    .executeTakeFirstOrThrow();
  const allowed = JSON.parse(sub.audiences) as Audience[];
  const present = await presentAudiences(db, sub.uai);
  const membership = await db.selectFrom('membership').selectAll().where('uai', '=', sub.uai).execute();
  const teaching = await db.selectFrom('teaching').selectAll().where('uai', '=', sub.uai).execute();
  const levels = await db
    .selectFrom('person_level')
    .selectAll()
    .where('uai', '=', sub.uai)
    .where('level_kind', '=', 'MEF')
    .execute();
  const assignments = await db
    .selectFrom('assignment')
    .selectAll()
    .where('distributor_id', '=', key.distributorId)
    .where('subscription_id', '=', key.subscriptionId)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute();
  const out = new Map<string, { assignmentId: number; audience: Audience }>();
  for (const a of assignments) {
    const audience = a.audience as Audience;
    if (!allowed.includes(audience)) continue;
    const candidates =
      a.target_kind === 'person'
        ? [personKey(a.target_ent_id ?? '', a.target_person_id ?? '')]
        : a.target_kind === 'profile'
          ? [...present.keys()]
          : a.target_kind === 'level'
            ? levels.filter((l) => l.code === a.target_code).map((l) => personKey(l.ent_id, l.person_id))
            : a.target_kind === 'subject'
              ? teaching.filter((t) => t.subject_code === a.target_code).map((t) => personKey(t.ent_id, t.person_id))
              : audience === 'ELEVE'
                ? membership.filter((m) => m.group_code === a.target_code).map((m) => personKey(m.ent_id, m.person_id))
                : teaching.filter((t) => t.group_code === a.target_code).map((t) => personKey(t.ent_id, t.person_id));
    for (const person of candidates) {
      if (present.get(person)?.has(audience) && !out.has(person))
        out.set(person, { assignmentId: Number(a.id), audience });
    }
  }
  return out;
}

export async function licensingViolations(
  db: Db,
  key: SubscriptionKey,
  options: { readonly afterReconcile: boolean },
): Promise<string[]> {
  const problems: string[] = [];
  const sub = await db
    .selectFrom('subscription')
    .selectAll()
    .where('distributor_id', '=', key.distributorId)
    .where('id', '=', key.subscriptionId)
    .executeTakeFirstOrThrow();
  const live = await db
    .selectFrom('licence')
    .selectAll()
    .where('distributor_id', '=', key.distributorId)
    .where('subscription_id', '=', key.subscriptionId)
    .where('released_at', 'is', null)
    .execute();
  const present = await presentAudiences(db, sub.uai);
  const coverage = await modelCoverage(db, key);
  const left: Partial<Record<LicenceBucket, number>> = {};
  for (const bucket of buckets) {
    const used = Number(sub[`used_${bucket}`]);
    const count = sub[`licences_${bucket}`];
    const rows = live.filter((l) => l.bucket === bucket).length;
    if (used !== rows) problems.push(`used_${bucket}=${used} but ${rows} live rows`);
    if (count === null ? used !== 0 : count >= 0 && used > count)
      problems.push(`used_${bucket}=${used} exceeds ${count}`);
    left[bucket] = count === null ? 0 : count < 0 ? Infinity : count - used;
  }
  const seen = new Set<string>();
  for (const l of live) {
    const person = personKey(l.ent_id, l.person_id);
    if (seen.has(person)) problems.push(`${person} holds two live licences`);
    seen.add(person);
    if (!present.has(person)) problems.push(`${person} holds a licence but is not present`);
    if (sub.category === 'transferable' && !coverage.has(person))
      problems.push(`${person} holds a transferable licence but is not covered`);
  }
  if (options.afterReconcile) {
    const kind = sub.licences_global === null ? 'perAudience' : 'global';
    for (const [person, { audience }] of coverage) {
      if (!seen.has(person) && (left[bucketOf(audience, kind)] ?? 0) > 0)
        problems.push(`${person} waits while ${bucketOf(audience, kind)} licences remain`);
    }
  }
  return problems;
}
