/**
 * One audit row per licensing change, in the change's own transaction: who, when, what, before
 * and after. Reconciliations record counts only: never a person's id or name.
 */
import type { Kysely } from 'kysely';
import type { AuditContext } from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';

export interface LicensingAuditEntry {
  readonly action: 'assignment.add' | 'assignment.revoke' | 'licence.reconcile';
  readonly target: string;
  readonly before: unknown;
  readonly after: unknown;
}

export async function recordLicensingAudit(
  trx: Kysely<DatabaseSchema>,
  audit: AuditContext,
  entry: LicensingAuditEntry,
): Promise<void> {
  await trx
    .insertInto('audit_event')
    .values({
      at: audit.at.toISOString(),
      actor: audit.actor,
      action: entry.action,
      target: entry.target,
      before_state: entry.before === null ? null : JSON.stringify(entry.before),
      after_state: entry.after === null ? null : JSON.stringify(entry.after),
      correlation_id: audit.correlationId ?? null,
    })
    .execute();
}
