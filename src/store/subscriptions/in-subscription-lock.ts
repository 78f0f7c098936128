/**
 * The one way licences change: a transaction whose FIRST statement updates the subscription row.
 * That write takes PostgreSQL's row lock and SQLite's write lock before anything is read, so
 * every count read afterwards is the latest and stays true until commit (gar-reference §5:
 * counts are never exceeded, also when two licence managers assign at the same instant). A read
 * first would let PostgreSQL decide on stale counts and make SQLite fail when upgrading its lock.
 */
import type { Kysely } from 'kysely';
import type { SubscriptionKey } from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { retryTransient } from '../retry-transient.js';

/** The subscription to lock: named, or the one an assignment belongs to. */
export type SubscriptionLock = { readonly key: SubscriptionKey } | { readonly assignmentId: number };

async function lock(trx: Kysely<DatabaseSchema>, target: SubscriptionLock): Promise<boolean> {
  // A write that changes nothing: its only purpose is the lock.
  let update = trx.updateTable('subscription').set((eb) => ({ updated_at: eb.ref('updated_at') }));
  if ('key' in target) {
    update = update.where('distributor_id', '=', target.key.distributorId).where('id', '=', target.key.subscriptionId);
  } else {
    update = update.where((eb) =>
      eb.exists(
        eb
          .selectFrom('assignment as a')
          .select('a.id')
          .where('a.id', '=', target.assignmentId)
          .whereRef('a.distributor_id', '=', 'subscription.distributor_id')
          .whereRef('a.subscription_id', '=', 'subscription.id'),
      ),
    );
  }
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Runs `work` inside the locked transaction, or `missing` when no subscription matched (it may
 * throw). Retried whole while the database is busy.
 */
export function inSubscriptionLock<T>(
  store: Store,
  target: SubscriptionLock,
  work: (trx: Kysely<DatabaseSchema>) => Promise<T>,
  missing: () => T,
): Promise<T> {
  return retryTransient(() =>
    store.db.transaction().execute(async (trx) => ((await lock(trx, target)) ? work(trx) : missing())),
  );
}
