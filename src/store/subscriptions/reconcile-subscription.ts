/**
 * Brings one subscription's licences in line with the directory, inside its locked transaction:
 * release what must go back, then grant while licences remain. Running it twice in a row
 * changes nothing the second time, and writes no second audit row.
 */
import type { Kysely } from 'kysely';
import type { AuditContext, ReconcileSummary, SubscriptionKey } from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';
import { countWaiting } from './count-waiting.js';
import { grantLicences } from './grant-licences.js';
import { readLicensedSubscription } from './read-licensed-subscription.js';
import { recordLicensingAudit } from './record-licensing-audit.js';
import { releaseLicences } from './release-licences.js';

export async function reconcileSubscription(
  trx: Kysely<DatabaseSchema>,
  key: SubscriptionKey,
  audit: AuditContext,
): Promise<ReconcileSummary> {
  const at = audit.at.toISOString();
  const before = await readLicensedSubscription(trx, key);
  if (before === undefined) return { granted: 0, released: 0, waiting: 0 };
  const released = await releaseLicences(trx, before, at);
  // Counters moved: grant from what is left now.
  const afterRelease = released === 0 ? before : ((await readLicensedSubscription(trx, key)) ?? before);
  const granted = await grantLicences(trx, afterRelease, at);
  const waiting = await countWaiting(trx, before);
  if (released + granted > 0) {
    const after = (await readLicensedSubscription(trx, key)) ?? afterRelease;
    await recordLicensingAudit(trx, audit, {
      action: 'licence.reconcile',
      target: `subscription:${key.distributorId}/${key.subscriptionId}`,
      before: { used: before.used },
      after: { used: after.used, granted, released, waiting },
    });
  }
  return { granted, released, waiting };
}
