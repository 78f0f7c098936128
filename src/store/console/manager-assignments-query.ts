/**
 * An establishment's live assignments with their counts, as LicensingStore.listAssignments gives
 * them (matched, granted, waiting), in two statements whatever the number of subscriptions: what
 * the dashboard, the page by population and the CSV export read on every request.
 */
import { sql, type Kysely } from 'kysely';
import type { AssignmentView, Audience, SubscriptionKey } from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';
import { targetOfRow } from '../subscriptions/assignment-row.js';
import { establishmentCoverageCtes } from './establishment-coverage-sql.js';

interface CountRow {
  readonly assignment_id: number | string;
  readonly matched: number | string;
  readonly granted: number | string;
}

async function coverageCounts(
  db: Kysely<DatabaseSchema>,
  uai: string,
  key?: SubscriptionKey,
): Promise<Map<number, CountRow>> {
  const { rows } = await sql<CountRow>`with ${establishmentCoverageCtes(uai, key)}
    select c.assignment_id, count(*) as matched, count(l.id) as granted from covered c
    left join licence l on l.distributor_id = c.distributor_id and l.subscription_id = c.subscription_id
      and l.released_at is null and l.ent_id = c.ent_id and l.person_id = c.person_id
    group by c.assignment_id`.execute(db);
  return new Map(rows.map((r) => [Number(r.assignment_id), r]));
}

/** The audiences each subscription of the establishment serves now (an assignment of another covers nobody). */
async function servedAudiences(db: Kysely<DatabaseSchema>, uai: string): Promise<Map<string, readonly Audience[]>> {
  const rows = await db
    .selectFrom('subscription')
    .select(['distributor_id', 'id', 'audiences'])
    .where('uai', '=', uai)
    .execute();
  return new Map(rows.map((r) => [JSON.stringify([r.distributor_id, r.id]), JSON.parse(r.audiences) as Audience[]]));
}

export async function listEstablishmentAssignments(
  db: Kysely<DatabaseSchema>,
  uai: string,
  key?: SubscriptionKey,
): Promise<readonly AssignmentView[]> {
  let query = db.selectFrom('assignment').selectAll().where('uai', '=', uai).where('revoked_at', 'is', null);
  if (key !== undefined)
    query = query.where('distributor_id', '=', key.distributorId).where('subscription_id', '=', key.subscriptionId);
  const [rows, counts, served] = await Promise.all([
    query.orderBy('id').execute(),
    coverageCounts(db, uai, key),
    servedAudiences(db, uai),
  ]);
  return rows.map((row): AssignmentView => {
    const count = served
      .get(JSON.stringify([row.distributor_id, row.subscription_id]))
      ?.includes(row.audience as Audience)
      ? counts.get(row.id)
      : undefined;
    const matched = Number(count?.matched ?? 0);
    const granted = Number(count?.granted ?? 0);
    return {
      id: row.id,
      subscription: { distributorId: row.distributor_id, subscriptionId: row.subscription_id },
      uai: row.uai,
      target: targetOfRow(row),
      audience: row.audience as Audience,
      createdBy: row.created_by,
      createdAt: row.created_at,
      matched,
      granted,
      waiting: matched - granted,
    };
  });
}
