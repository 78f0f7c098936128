import { sql, type Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * The SAML federation registry: each partner's metadata as trust accepted it. The raw
 * XML is kept and re-read through trust on use; the other columns serve lookups and the report.
 */
async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('saml_partner')
    .addColumn('entity_id', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('ent_id', 'text')
    .addColumn('distributor_id', 'text')
    // JSON: { kind: 'file', path } | { kind: 'url', url } | { kind: 'cli' }.
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('metadata_xml', 'text', (c) => c.notNull())
    .addColumn('signer_certificate', 'text')
    .addColumn('valid_until', 'text')
    .addColumn('loaded_at', 'text', (c) => c.notNull())
    .addColumn('refresh_after', 'text')
    .execute();
  // The login flow finds an ENT project's IdP by ent_id: two would leave the choice open.
  await db.schema
    .createIndex('saml_partner_one_idp_per_ent')
    .on('saml_partner')
    .column('ent_id')
    .unique()
    .where(sql.ref('role'), '=', 'idp')
    .execute();
}

export const federationMigration: Migration = { name: '0005-federation', up };
