/**
 * Creates an assignment and grants licences to the people it covers while licences remain, in
 * one transaction locked on the subscription, with its audit row. The checks run in the order a
 * reader would ask them: which subscription, may it take assignments here, is the audience
 * served, does the target exist, is it new.
 */
import type { Kysely } from 'kysely';
import { fail } from '../../core/fail.js';
import {
  checkAssignable,
  targetKey,
  type AssignmentTarget,
  type AssignmentView,
  type AuditContext,
  type SubscriptionKey,
} from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { targetColumns } from './assignment-row.js';
import { assignmentViews } from './assignment-views.js';
import { grantLicences } from './grant-licences.js';
import { inSubscriptionLock } from './in-subscription-lock.js';
import { readLicensedSubscription, type LicensedSubscription } from './read-licensed-subscription.js';
import { recordLicensingAudit } from './record-licensing-audit.js';
import { resolveTargetAudience } from './resolve-target-audience.js';

function unknownSubscription(): never {
  throw fail('ERR_ASSIGN_SUBSCRIPTION_UNKNOWN', 'Abonnement inconnu.');
}

async function insertAssignment(
  trx: Kysely<DatabaseSchema>,
  sub: LicensedSubscription,
  target: AssignmentTarget,
  audit: AuditContext,
): Promise<number> {
  const key = targetKey(target);
  const audience = await resolveTargetAudience(trx, sub, target);
  const live = await trx
    .selectFrom('assignment')
    .select('id')
    .where('distributor_id', '=', sub.key.distributorId)
    .where('subscription_id', '=', sub.key.subscriptionId)
    .where('target_key', '=', key)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (live !== undefined)
    throw fail('ERR_ASSIGN_DUPLICATE', 'Cette cible est déjà affectée à cet abonnement.', `assignment ${live.id}`);
  const row = await trx
    .insertInto('assignment')
    .values({
      distributor_id: sub.key.distributorId,
      subscription_id: sub.key.subscriptionId,
      uai: sub.uai,
      ...targetColumns(target),
      audience,
      target_key: key,
      created_by: audit.actor,
      created_at: audit.at.toISOString(),
      revoked_by: null,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export function addAssignment(
  store: Store,
  key: SubscriptionKey,
  uai: string,
  target: AssignmentTarget,
  audit: AuditContext,
): Promise<AssignmentView> {
  return inSubscriptionLock(
    store,
    { key },
    async (trx) => {
      const sub = (await readLicensedSubscription(trx, key)) ?? unknownSubscription();
      checkAssignable(sub, uai, target);
      const id = await insertAssignment(trx, sub, target, audit);
      await grantLicences(trx, sub, audit.at.toISOString(), id);
      const row = await trx.selectFrom('assignment').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const [view] = await assignmentViews(trx, sub, [row]);
      await recordLicensingAudit(trx, audit, {
        action: 'assignment.add',
        target: `assignment:${id}`,
        before: null,
        after: view,
      });
      return view as AssignmentView;
    },
    unknownSubscription,
  );
}
