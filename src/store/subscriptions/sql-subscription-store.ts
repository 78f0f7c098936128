/**
 * SubscriptionStore on Kysely (SQLite and PostgreSQL alike). Each write is one transaction with
 * its audit event. Changes to an existing subscription begin with an UPDATE of its row: that
 * takes PostgreSQL's row lock and SQLite's write lock before anything is read, so a concurrent
 * licence grant (sql-licensing-store) cannot slip between the check of the counts and the write.
 */
import type { Kysely } from 'kysely';
import type {
  AuditContext,
  EstablishmentListing,
  ResourceDistribution,
  SubscriptionCreation,
  SubscriptionRecord,
  SubscriptionStore,
  SubscriptionUpdate,
  UpdateOutcome,
} from '../../subscriptions/index.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { DatabaseSchema } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { countAssignments } from './count-assignments.js';
import { isUniqueViolation } from '../unique-violation.js';
import { countSubscriptionRows, listSubscriptionRows } from './list-subscription-rows.js';
import { rebucketUsage } from './rebucket-usage.js';
import { newSubscriptionRow, subscriptionColumns, subscriptionOfRow } from './subscription-row.js';

type Db = Kysely<DatabaseSchema>;

export function createSubscriptionStore(store: Store): SubscriptionStore {
  const { db } = store;
  return {
    findEstablishment: (uai) => findEstablishment(db, uai),
    findResourceDistribution: (id) => findResourceDistribution(db, id),
    createSubscription: (distributorId, input, audit) => createSubscription(db, distributorId, input, audit),
    updateSubscription: (distributorId, id, input, audit) =>
      db.transaction().execute((trx) => updateSubscription(trx, distributorId, id, input, audit)),
    deleteSubscription: (distributorId, id, audit) =>
      db.transaction().execute((trx) => deleteSubscription(trx, distributorId, id, audit)),
    getSubscription: (distributorId, id) => getSubscription(db, distributorId, id),
    listSubscriptions: async (distributorId, query, paging) =>
      (await listSubscriptionRows(db, distributorId, query, paging)).map(subscriptionOfRow),
    countSubscriptions: (distributorId, query) => countSubscriptionRows(db, distributorId, query),
    listEstablishments: () => listEstablishments(db),
    countAssignments: (distributorId, by) => countAssignments(db, distributorId, by),
  };
}

async function findEstablishment(db: Db, uai: string): Promise<EstablishmentListing | undefined> {
  const row = await db
    .selectFrom('establishment')
    .select(['uai', 'name', 'ent_id', 'degree'])
    .where('uai', '=', uai)
    .where('departed_at', 'is', null)
    .executeTakeFirst();
  return row && { uai: row.uai, name: row.name, entId: row.ent_id, degree: row.degree };
}

async function listEstablishments(db: Db): Promise<readonly EstablishmentListing[]> {
  const rows = await db
    .selectFrom('establishment')
    .select(['uai', 'name', 'ent_id', 'degree'])
    .where('departed_at', 'is', null)
    .orderBy('uai')
    .execute();
  return rows.map((row) => ({ uai: row.uai, name: row.name, entId: row.ent_id, degree: row.degree }));
}

async function findResourceDistribution(db: Db, idRessource: string): Promise<ResourceDistribution | undefined> {
  const row = await db
    .selectFrom('resource')
    .select(['id', 'id_type', 'commercial_distributor_id', 'technical_distributor_id'])
    .where('id', '=', idRessource)
    .executeTakeFirst();
  return (
    row && {
      idRessource: row.id,
      typeIdRessource: row.id_type,
      commercialDistributorId: row.commercial_distributor_id,
      technicalDistributorId: row.technical_distributor_id,
    }
  );
}

async function getSubscription(db: Db, distributorId: string, id: string): Promise<SubscriptionRecord | undefined> {
  const row = await db
    .selectFrom('subscription')
    .selectAll()
    .where('distributor_id', '=', distributorId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && subscriptionOfRow(row);
}

async function createSubscription(
  db: Db,
  distributorId: string,
  input: SubscriptionCreation,
  audit: AuditContext,
): Promise<'created' | 'exists'> {
  const row = newSubscriptionRow(distributorId, input, audit.at.toISOString());
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('subscription').values(row).execute();
      await recordAuditEvent(trx, audit, {
        action: 'subscription.create',
        target: target(distributorId, input.idAbonnement),
        before: null,
        after: input,
      });
    });
    return 'created';
  } catch (error) {
    // The primary key decides, not a read before the insert: two concurrent creates of one id
    // cannot both succeed, and the loser is told the id exists (gar-reference §5: 409).
    if (isUniqueViolation(error)) return 'exists';
    throw error;
  }
}

async function updateSubscription(
  trx: Db,
  distributorId: string,
  id: string,
  input: SubscriptionUpdate,
  audit: AuditContext,
): Promise<UpdateOutcome> {
  const at = audit.at.toISOString();
  const locked = await trx
    .updateTable('subscription')
    .set({ updated_at: at })
    .where('distributor_id', '=', distributorId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (locked === undefined) return 'not-found';
  const before = subscriptionOfRow(locked);
  const usage = await rebucketUsage(trx, { distributorId, subscriptionId: id }, input);
  if ('bucket' in usage) return { kind: 'below-usage', bucket: usage.bucket, used: usage.used };
  await trx
    .updateTable('subscription')
    .set({ ...subscriptionColumns(input), ...usage.columns })
    .where('distributor_id', '=', distributorId)
    .where('id', '=', id)
    .execute();
  const after = { ...input, uaiEtab: before.subscription.uaiEtab };
  await recordAuditEvent(trx, audit, {
    action: 'subscription.update',
    target: target(distributorId, id),
    before: before.subscription,
    after,
  });
  return 'updated';
}

async function deleteSubscription(
  trx: Db,
  distributorId: string,
  id: string,
  audit: AuditContext,
): Promise<'deleted' | 'not-found'> {
  // Lock first, as every licence change does: a grant cannot slip in between the removal of the
  // licences and the removal of the row. Licences and assignments go with their subscription
  // (the audit keeps what it was).
  const locked = await trx
    .updateTable('subscription')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('distributor_id', '=', distributorId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(locked.numUpdatedRows) === 0) return 'not-found';
  await trx
    .deleteFrom('licence')
    .where('distributor_id', '=', distributorId)
    .where('subscription_id', '=', id)
    .execute();
  await trx
    .deleteFrom('assignment')
    .where('distributor_id', '=', distributorId)
    .where('subscription_id', '=', id)
    .execute();
  const deleted = await trx
    .deleteFrom('subscription')
    .where('distributor_id', '=', distributorId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (deleted === undefined) return 'not-found';
  await recordAuditEvent(trx, audit, {
    action: 'subscription.delete',
    target: target(distributorId, id),
    before: subscriptionOfRow(deleted).subscription,
    after: null,
  });
  return 'deleted';
}

const target = (distributorId: string, id: string): string => `subscription:${distributorId}/${id}`;
