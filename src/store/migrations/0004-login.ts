import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * Login transactions, the assertion replay cache and broker sessions: in the store, so
 * that any node of a cluster can finish a login another started. Cookie values are never stored,
 * only their SHA-256 (`browser_binding`, `id_hash`).
 */
async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('login_transaction')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The AuthnRequest ID sent to the ENT: the ENT's InResponseTo names it.
    .addColumn('upstream_request_id', 'text', (c) => c.notNull().unique())
    .addColumn('browser_binding', 'text', (c) => c.notNull())
    .addColumn('ent_id', 'text', (c) => c.notNull())
    // JSON: the publisher's request to answer, or the médiacentre resource; null when none.
    .addColumn('downstream', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('consumed_at', 'text')
    .execute();
  await s.createIndex('login_transaction_by_expiry').on('login_transaction').column('expires_at').execute();

  await s
    .createTable('replay_entry')
    // SHA-256 hex of issuer NUL assertion ID: bounded, whatever the issuer sent.
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('replay_entry_by_expiry').on('replay_entry').column('expires_at').execute();

  await s
    .createTable('broker_session')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('ent_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('uai', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('idle_expires_at', 'text', (c) => c.notNull())
    // The idle window each use renews, in milliseconds (idle_expires_at − created_at at creation).
    .addColumn('idle_timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await s.createIndex('broker_session_by_expiry').on('broker_session').column('expires_at').execute();
}

export const loginMigration: Migration = { name: '0004-login', up };
