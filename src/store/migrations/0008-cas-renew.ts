import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * CAS `renew` at validation (CAS protocol 3.0 §2.5.1): a ticket records whether it was issued
 * right after the user's ENT login (their primary credentials) rather than from an existing
 * broker session. Existing tickets (seconds-lived) count as not.
 */
async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('cas_ticket')
    .addColumn('from_new_login', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export const casRenewMigration: Migration = { name: '0008-cas-renew', up };
