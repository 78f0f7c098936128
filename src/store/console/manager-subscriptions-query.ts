/**
 * An establishment's subscriptions as the licence manager's dashboard shows them: the resource's
 * catalogue name, the commercial distributor's name, validity, kind and counts (gar-reference §7).
 */
import type { Kysely } from 'kysely';
import type { ManagedSubscription } from '../../console/index.js';
import type { AssignmentCategory, AssignmentType, Audience, SubscriptionKey } from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';

function query(db: Kysely<DatabaseSchema>, uai: string) {
  return db
    .selectFrom('subscription as s')
    .leftJoin('resource as r', 'r.id', 's.resource_id')
    .leftJoin('distributor as d', 'd.id', 's.commercial_distributor_id')
    .selectAll('s')
    .select(['r.name as resource_name', 'd.name as distributor_name'])
    .where('s.uai', '=', uai);
}

type Row = Awaited<ReturnType<ReturnType<typeof query>['executeTakeFirstOrThrow']>>;

function toManaged(row: Row): ManagedSubscription {
  return {
    key: { distributorId: row.distributor_id, subscriptionId: row.id },
    uai: row.uai,
    resourceId: row.resource_id,
    resourceName: row.resource_name ?? row.resource_label,
    distributorName: row.distributor_name ?? row.commercial_distributor_id,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    assignmentType: row.assignment_type as AssignmentType,
    category: row.category as AssignmentCategory,
    audiences: JSON.parse(row.audiences) as Audience[],
    counts: {
      global: row.licences_global,
      pupil: row.licences_pupil,
      teacher: row.licences_teacher,
      librarian: row.licences_librarian,
      other: row.licences_other,
    },
    used: {
      global: row.used_global,
      pupil: row.used_pupil,
      teacher: row.used_teacher,
      librarian: row.used_librarian,
      other: row.used_other,
    },
    createdAt: row.created_at,
  };
}

const compare = (a: string, b: string): number => a.localeCompare(b, 'fr', { sensitivity: 'base' });

/** Sorted by resource name, then subscription id, in French order (the same on both databases). */
export async function listManagedSubscriptions(
  db: Kysely<DatabaseSchema>,
  uai: string,
): Promise<readonly ManagedSubscription[]> {
  const rows = await query(db, uai).execute();
  return rows
    .map(toManaged)
    .sort((a, b) => compare(a.resourceName, b.resourceName) || compare(a.key.subscriptionId, b.key.subscriptionId));
}

export async function findManagedSubscription(
  db: Kysely<DatabaseSchema>,
  uai: string,
  key: SubscriptionKey,
): Promise<ManagedSubscription | undefined> {
  const row = await query(db, uai)
    .where('s.distributor_id', '=', key.distributorId)
    .where('s.id', '=', key.subscriptionId)
    .executeTakeFirst();
  return row === undefined ? undefined : toManaged(row);
}
