/**
 * Revokes a live assignment of a transferable subscription, then reconciles that subscription:
 * licences of people no assignment covers any more go back, and people waiting under other
 * assignments get them (gar-reference §5, §7: the RA takes back transferable licences only).
 */
import { fail } from '../../core/fail.js';
import { checkRevocable, type AssignmentView, type AuditContext } from '../../subscriptions/index.js';
import type { Store } from '../open-store.js';
import { assignmentViews } from './assignment-views.js';
import { inSubscriptionLock } from './in-subscription-lock.js';
import { readLicensedSubscription } from './read-licensed-subscription.js';
import { reconcileSubscription } from './reconcile-subscription.js';
import { recordLicensingAudit } from './record-licensing-audit.js';

function unknownAssignment(id: number): never {
  throw fail('ERR_ASSIGN_UNKNOWN', 'Affectation inconnue ou déjà retirée.', `assignment ${id}`);
}

export function revokeAssignment(store: Store, id: number, audit: AuditContext): Promise<AssignmentView> {
  return inSubscriptionLock(
    store,
    { assignmentId: id },
    async (trx) => {
      const row =
        (await trx
          .selectFrom('assignment')
          .selectAll()
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst()) ?? unknownAssignment(id);
      const key = { distributorId: row.distributor_id, subscriptionId: row.subscription_id };
      const sub = (await readLicensedSubscription(trx, key)) ?? unknownAssignment(id);
      checkRevocable(sub);
      const [before] = await assignmentViews(trx, sub, [row]);
      const revoked = { ...row, revoked_by: audit.actor, revoked_at: audit.at.toISOString() };
      await trx
        .updateTable('assignment')
        .set({ revoked_by: revoked.revoked_by, revoked_at: revoked.revoked_at })
        .where('id', '=', id)
        .execute();
      const [after] = await assignmentViews(trx, sub, [revoked]);
      await recordLicensingAudit(trx, audit, {
        action: 'assignment.revoke',
        target: `assignment:${id}`,
        before,
        after: { ...after, revokedAt: revoked.revoked_at },
      });
      await reconcileSubscription(trx, key, audit);
      return after as AssignmentView;
    },
    () => unknownAssignment(id),
  );
}
