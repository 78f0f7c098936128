/**
 * Reconciles every subscription that has live assignments or live licences (in one establishment,
 * or everywhere), each in its own locked transaction: a long run never holds more than one
 * subscription's lock, and an assignment made meanwhile waits at most for one subscription.
 */
import type { AuditContext, ReconcileScope, ReconcileSummary, SubscriptionKey } from '../../subscriptions/index.js';
import type { Store } from '../open-store.js';
import { inSubscriptionLock } from './in-subscription-lock.js';
import { reconcileSubscription } from './reconcile-subscription.js';
import { retryTransient } from '../retry-transient.js';

async function subscriptionsToReconcile(store: Store, scope: ReconcileScope): Promise<SubscriptionKey[]> {
  let query = store.db
    .selectFrom('subscription as s')
    .select(['s.distributor_id', 's.id'])
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('assignment as a')
            .select('a.id')
            .whereRef('a.distributor_id', '=', 's.distributor_id')
            .whereRef('a.subscription_id', '=', 's.id')
            .where('a.revoked_at', 'is', null),
        ),
        eb.exists(
          eb
            .selectFrom('licence as l')
            .select('l.id')
            .whereRef('l.distributor_id', '=', 's.distributor_id')
            .whereRef('l.subscription_id', '=', 's.id')
            .where('l.released_at', 'is', null),
        ),
      ]),
    );
  if (scope.uai !== undefined) query = query.where('s.uai', '=', scope.uai);
  // After a feed import only that ENT project's establishments can have changed.
  if (scope.entId !== undefined) {
    const entId = scope.entId;
    query = query.where('s.uai', 'in', (eb) =>
      eb.selectFrom('establishment').select('uai').where('ent_id', '=', entId),
    );
  }
  const rows = await retryTransient(() => query.orderBy('s.distributor_id').orderBy('s.id').execute());
  return rows.map((r) => ({ distributorId: r.distributor_id, subscriptionId: r.id }));
}

export async function reconcileLicences(
  store: Store,
  scope: ReconcileScope,
  audit: AuditContext,
): Promise<ReconcileSummary> {
  const total = { granted: 0, released: 0, waiting: 0 };
  for (const key of await subscriptionsToReconcile(store, scope)) {
    // A subscription deleted since the listing has nothing left to reconcile.
    const one = await inSubscriptionLock(
      store,
      { key },
      (trx) => reconcileSubscription(trx, key, audit),
      () => ({ granted: 0, released: 0, waiting: 0 }),
    );
    total.granted += one.granted;
    total.released += one.released;
    total.waiting += one.waiting;
  }
  return total;
}
