import type { Kysely } from 'kysely';
import { type Migration, withSerialId } from './migration.js';

/** Publishers, distributors, resources, contracts, subscriptions, assignments, licences, audit. */
async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const s = db.schema;
  for (const table of ['publisher', 'distributor']) {
    await s
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  }
  await s
    .createTable('resource')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('id_type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('publisher_id', 'text', (c) => c.notNull().references('publisher.id'))
    .addColumn('commercial_distributor_id', 'text', (c) => c.notNull().references('distributor.id'))
    .addColumn('technical_distributor_id', 'text', (c) => c.notNull().references('distributor.id'))
    .addColumn('access_url', 'text', (c) => c.notNull())
    .addColumn('thumbnail_url', 'text')
    .addColumn('presentation_code', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('contract')
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resource.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('reason', 'text')
    .addPrimaryKeyConstraint('contract_pk', ['resource_id', 'version'])
    .execute();

  await s
    .createTable('subscription')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('distributor_id', 'text', (c) => c.notNull().references('distributor.id'))
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resource.id'))
    .addColumn('uai', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('end_school_year', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('assignment_type', 'text', (c) => c.notNull())
    .addColumn('licences_global', 'integer')
    .addColumn('licences_teacher', 'integer')
    .addColumn('licences_pupil', 'integer')
    .addColumn('licences_librarian', 'integer')
    .addColumn('licences_other', 'integer')
    .addColumn('audiences', 'text', (c) => c.notNull())
    .addColumn('project_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await s.createIndex('subscription_by_establishment').on('subscription').columns(['uai', 'resource_id']).execute();
  await s.createIndex('subscription_by_distributor').on('subscription').columns(['distributor_id']).execute();

  await withSerialId(s.createTable('assignment'), dialect)
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscription.id'))
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_uai', 'text', (c) => c.notNull())
    .addColumn('target_code', 'text')
    .addColumn('target_person_id', 'text')
    .addColumn('audience', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await s.createIndex('assignment_by_subscription').on('assignment').columns(['subscription_id']).execute();

  await withSerialId(s.createTable('licence'), dialect)
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscription.id'))
    .addColumn('ent_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('assignment_id', 'integer')
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('released_at', 'text')
    .execute();
  await s.createIndex('licence_by_holder').on('licence').columns(['ent_id', 'person_id']).execute();
  await s.createIndex('licence_by_subscription').on('licence').columns(['subscription_id', 'audience']).execute();

  await withSerialId(s.createTable('audit_event'), dialect)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('before_state', 'text')
    .addColumn('after_state', 'text')
    .addColumn('correlation_id', 'text')
    .execute();
  await s.createIndex('audit_event_by_time').on('audit_event').columns(['at']).execute();
}

export const catalogueMigration: Migration = { name: '0002-catalogue', up };
