/**
 * One row of the audit trail (who, when, what, before, after), written inside the transaction of
 * the change it records, so a change is never stored without its audit event nor the reverse.
 */
import type { Kysely } from 'kysely';
import type { AuditContext } from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';

export async function recordAuditEvent(
  db: Kysely<DatabaseSchema>,
  audit: AuditContext,
  event: { readonly action: string; readonly target: string; readonly before: unknown; readonly after: unknown },
): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      at: audit.at.toISOString(),
      actor: audit.actor,
      action: event.action,
      target: event.target,
      before_state: event.before === null || event.before === undefined ? null : JSON.stringify(event.before),
      after_state: event.after === null || event.after === undefined ? null : JSON.stringify(event.after),
      correlation_id: audit.correlationId ?? null,
    })
    .execute();
}
