/**
 * The operator's overview of subscriptions (gar-reference §5): how many per establishment,
 * resource or commercial distributor, how many valid now (half-open `valid_from ≤ now <
 * valid_until`, French legal time), and licences held. Paged by group key.
 */
import { sql, type Kysely } from 'kysely';
import type { PageRequest, SubscriptionGroup, SubscriptionGrouping } from '../../console/index.js';
import type { DatabaseSchema } from '../database-schema.js';
import { definedFields } from '../../core/defined-fields.js';

type Db = Kysely<DatabaseSchema>;

const keyColumn = {
  establishment: 's.uai',
  resource: 's.resource_id',
  distributor: 's.commercial_distributor_id',
} as const satisfies Record<SubscriptionGrouping, string>;

export async function subscriptionOverview(
  db: Db,
  by: SubscriptionGrouping,
  now: string,
  page: PageRequest,
): Promise<{ readonly groups: readonly SubscriptionGroup[]; readonly total: number }> {
  const key = sql.ref(keyColumn[by]);
  const [rows, total] = await Promise.all([
    db
      .selectFrom('subscription as s')
      .select([
        sql<string>`${key}`.as('key'),
        (eb) => eb.fn.countAll().as('subscriptions'),
        sql<number>`sum(case when s.valid_from <= ${now} and ${now} < s.valid_until then 1 else 0 end)`.as('live'),
        sql<number>`sum(s.used_global + s.used_pupil + s.used_teacher + s.used_librarian + s.used_other)`.as('used'),
      ])
      .groupBy(key)
      .orderBy(key)
      .limit(page.size)
      .offset((page.page - 1) * page.size)
      .execute(),
    db.selectFrom('subscription as s').select(sql<number>`count(distinct ${key})`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const labels = await labelsOf(
    db,
    by,
    rows.map((r) => r.key),
  );
  return {
    total: Number(total.n),
    groups: rows.map((r) => {
      const label = labels.get(r.key);
      return {
        key: r.key,
        ...definedFields({ label }),
        subscriptions: Number(r.subscriptions),
        live: Number(r.live),
        licencesUsed: Number(r.used),
      };
    }),
  };
}

/** Names of the keys of one page: the establishment's (any of its rows), the resource's, the distributor's. */
async function labelsOf(
  db: Db,
  by: SubscriptionGrouping,
  keys: readonly string[],
): Promise<ReadonlyMap<string, string>> {
  if (keys.length === 0) return new Map();
  const rows =
    by === 'establishment'
      ? await db
          .selectFrom('establishment')
          .select(['uai as key', (eb) => eb.fn.max('name').as('name')])
          .where('uai', 'in', keys)
          .groupBy('uai')
          .execute()
      : await db
          .selectFrom(by === 'resource' ? 'resource' : 'distributor')
          .select(['id as key', 'name'])
          .where('id', 'in', keys)
          .execute();
  return new Map(rows.map((r) => [r.key, r.name]));
}
