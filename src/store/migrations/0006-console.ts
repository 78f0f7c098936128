import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * The console: local operator accounts, separate from licence managers (who log in
 * through their ENT), and server-side console sessions. Only digests of session cookies are stored;
 * a password only as its scrypt hash; a TOTP secret as given (it must be readable to check codes).
 */
async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('operator_account')
    .addColumn('login', 'text', (c) => c.primaryKey())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('totp_secret', 'text')
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    // The TOTP step last accepted: a code is usable once (RFC 6238 §5.2).
    .addColumn('last_totp_step', 'integer')
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute();
  await db.schema
    .createTable('console_session')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    // operator | manager
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('operator_login', 'text')
    .addColumn('ent_id', 'text')
    .addColumn('person_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('idle_expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('console_session_by_expiry').on('console_session').column('expires_at').execute();
}

export const consoleMigration: Migration = { name: '0006-console', up };
