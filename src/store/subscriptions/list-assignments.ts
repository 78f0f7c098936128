/** Live assignments of an establishment or a subscription (or all), in creation order, with their counts. */
import type { Kysely } from 'kysely';
import type { AssignmentView, SubscriptionKey } from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';
import type { AssignmentRow } from './assignment-row.js';
import { assignmentViews } from './assignment-views.js';
import { readLicensedSubscription } from './read-licensed-subscription.js';

export async function listAssignments(
  db: Kysely<DatabaseSchema>,
  filter: { readonly uai?: string; readonly subscription?: SubscriptionKey },
): Promise<readonly AssignmentView[]> {
  let query = db.selectFrom('assignment').selectAll().where('revoked_at', 'is', null);
  if (filter.uai !== undefined) query = query.where('uai', '=', filter.uai);
  if (filter.subscription !== undefined) {
    query = query
      .where('distributor_id', '=', filter.subscription.distributorId)
      .where('subscription_id', '=', filter.subscription.subscriptionId);
  }
  const rows = await query.orderBy('id').execute();
  const bySubscription = new Map<string, AssignmentRow[]>();
  for (const row of rows) {
    const group = JSON.stringify([row.distributor_id, row.subscription_id]);
    bySubscription.set(group, [...(bySubscription.get(group) ?? []), row]);
  }
  const views: AssignmentView[] = [];
  for (const group of bySubscription.values()) {
    const first = group[0] as AssignmentRow;
    const sub = await readLicensedSubscription(db, {
      distributorId: first.distributor_id,
      subscriptionId: first.subscription_id,
    });
    if (sub !== undefined) views.push(...(await assignmentViews(db, sub, group)));
  }
  return views.sort((a, b) => a.id - b.id);
}
