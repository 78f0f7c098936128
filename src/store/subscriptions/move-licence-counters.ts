/**
 * Moves a subscription's `used_*` counters by exactly the licences granted (+1 each) or released
 * (−1 each) in the same transaction, so that each counter always equals its live licence rows;
 * the CHECK constraints of 0003-licensing stand behind it.
 */
import type { Kysely } from 'kysely';
import type { LicenceBucket, SubscriptionKey } from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';

/** `buckets`: the count of each licence granted or released. */
export async function moveLicenceCounters(
  trx: Kysely<DatabaseSchema>,
  key: SubscriptionKey,
  buckets: readonly string[],
  sign: 1 | -1,
): Promise<void> {
  const delta = new Map<LicenceBucket, number>();
  for (const bucket of buckets) delta.set(bucket as LicenceBucket, (delta.get(bucket as LicenceBucket) ?? 0) + sign);
  if (delta.size === 0) return;
  await trx
    .updateTable('subscription')
    .set((eb) => Object.fromEntries([...delta].map(([bucket, n]) => [`used_${bucket}`, eb(`used_${bucket}`, '+', n)])))
    .where('distributor_id', '=', key.distributorId)
    .where('id', '=', key.subscriptionId)
    .execute();
}
