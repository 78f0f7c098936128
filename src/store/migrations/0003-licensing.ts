import { sql, type Kysely } from 'kysely';
import { type Migration, withSerialId } from './migration.js';

/**
 * Subscriptions keyed per distributor, live assignments, licences with counters, partner
 * certificates and assignment reports: what the distributors' web services read and write.
 *
 * `subscription`, `assignment` and `licence` of 0002 were never written by any release: they are
 * dropped and made anew with the keys the distributor web service needs (a subscription id is
 * the distributor's own, so two distributors may both use `ABO-1`).
 */
async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const s = db.schema;
  await s.dropTable('licence').execute();
  await s.dropTable('assignment').execute();
  await s.dropTable('subscription').execute();

  // The service provider (SAML entityID, OIDC client id or CAS service) that opens the resource.
  await s.alterTable('resource').addColumn('service_provider_id', 'text').execute();
  await s.createIndex('resource_by_service_provider').on('resource').column('service_provider_id').execute();

  await s
    .createTable('subscription')
    .addColumn('distributor_id', 'text', (c) => c.notNull().references('distributor.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('commercial_distributor_id', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resource.id'))
    .addColumn('resource_id_type', 'text', (c) => c.notNull())
    .addColumn('resource_label', 'text', (c) => c.notNull())
    .addColumn('uai', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    // Local date-times `YYYY-MM-DDThh:mm:ss` (French legal time); valid_until is the effective end.
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('end_school_year', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('assignment_type', 'text', (c) => c.notNull())
    // Counts: null when not given, -1 for ILLIMITE. used_* count the licences held now.
    .addColumn('licences_global', 'integer')
    .addColumn('licences_pupil', 'integer')
    .addColumn('licences_teacher', 'integer')
    .addColumn('licences_librarian', 'integer')
    .addColumn('licences_other', 'integer')
    .addColumn('used_global', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_pupil', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_teacher', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_librarian', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_other', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('audiences', 'text', (c) => c.notNull())
    .addColumn('project_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('subscription_pk', ['distributor_id', 'id'])
    // Last line of defence under every code path: a count is never exceeded (gar-reference §5).
    .addCheckConstraint(
      'subscription_global_within_count',
      sql`licences_global is null or licences_global < 0 or used_global <= licences_global`,
    )
    .addCheckConstraint(
      'subscription_pupil_within_count',
      sql`licences_pupil is null or licences_pupil < 0 or used_pupil <= licences_pupil`,
    )
    .addCheckConstraint(
      'subscription_teacher_within_count',
      sql`licences_teacher is null or licences_teacher < 0 or used_teacher <= licences_teacher`,
    )
    .addCheckConstraint(
      'subscription_librarian_within_count',
      sql`licences_librarian is null or licences_librarian < 0 or used_librarian <= licences_librarian`,
    )
    .addCheckConstraint(
      'subscription_other_within_count',
      sql`licences_other is null or licences_other < 0 or used_other <= licences_other`,
    )
    .addCheckConstraint(
      'subscription_used_not_negative',
      sql`used_global >= 0 and used_pupil >= 0 and used_teacher >= 0 and used_librarian >= 0 and used_other >= 0`,
    )
    .execute();
  await s.createIndex('subscription_by_establishment').on('subscription').columns(['uai', 'resource_id']).execute();
  // A distributor's lists filtered by establishment or project code, in id order: without these
  // the planner walks the primary key over every subscription of the distributor (measured:
  // 6 ms per filtered list at 13,000 subscriptions).
  await s
    .createIndex('subscription_by_distributor_establishment')
    .on('subscription')
    .columns(['distributor_id', 'uai', 'id'])
    .execute();
  await s
    .createIndex('subscription_by_project_code')
    .on('subscription')
    .columns(['distributor_id', 'project_code', 'id'])
    .execute();

  await withSerialId(s.createTable('assignment'), dialect)
    .addColumn('distributor_id', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('uai', 'text', (c) => c.notNull())
    // person | class | group | level | subject | profile
    .addColumn('target_kind', 'text', (c) => c.notNull())
    // The group, MEF or subject code; null for person and profile targets.
    .addColumn('target_code', 'text')
    .addColumn('target_ent_id', 'text')
    .addColumn('target_person_id', 'text')
    // The audience the target draws from (ELEVE, ENSEIGNANT, DOCUMENTALISTE, AUTRE PERSONNEL).
    .addColumn('audience', 'text', (c) => c.notNull())
    // One text naming the target, for the "no duplicate live assignment" index.
    .addColumn('target_key', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_by', 'text')
    .addColumn('revoked_at', 'text')
    .addForeignKeyConstraint('assignment_subscription_fk', ['distributor_id', 'subscription_id'], 'subscription', [
      'distributor_id',
      'id',
    ])
    .execute();
  await s
    .createIndex('assignment_by_subscription')
    .on('assignment')
    .columns(['distributor_id', 'subscription_id'])
    .execute();
  await s.createIndex('assignment_by_establishment').on('assignment').columns(['uai']).execute();
  await s
    .createIndex('assignment_live_target')
    .on('assignment')
    .columns(['distributor_id', 'subscription_id', 'target_key'])
    .unique()
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();

  await withSerialId(s.createTable('licence'), dialect)
    .addColumn('distributor_id', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('ent_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    // The count it uses: global, pupil, teacher, librarian or other.
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('assignment_id', 'integer')
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('released_at', 'text')
    .addColumn('release_reason', 'text')
    .addForeignKeyConstraint('licence_subscription_fk', ['distributor_id', 'subscription_id'], 'subscription', [
      'distributor_id',
      'id',
    ])
    .execute();
  await s.createIndex('licence_by_holder').on('licence').columns(['ent_id', 'person_id']).execute();
  await s.createIndex('licence_by_subscription').on('licence').columns(['distributor_id', 'subscription_id']).execute();
  // A person holds at most one live licence of a subscription.
  await s
    .createIndex('licence_live_holder')
    .on('licence')
    .columns(['distributor_id', 'subscription_id', 'ent_id', 'person_id'])
    .unique()
    .where(sql.ref('released_at'), 'is', null)
    .execute();

  // Certificates that authenticate partners (distributors now, ENTs later) on the web services.
  await s
    .createTable('partner_certificate')
    // SHA-256 of the DER certificate, lowercase hex without separators.
    .addColumn('fingerprint', 'text', (c) => c.primaryKey())
    .addColumn('partner_kind', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    // registered (sent by the partner) | issued (by the broker's partner CA)
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('serial', 'text', (c) => c.notNull())
    .addColumn('not_before', 'text', (c) => c.notNull())
    .addColumn('not_after', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await s
    .createIndex('partner_certificate_by_partner')
    .on('partner_certificate')
    .columns(['partner_kind', 'partner_id'])
    .execute();

  await withSerialId(s.createTable('assignment_report'), dialect)
    .addColumn('distributor_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // NON_PRIS_EN_COMPTE until the distributor downloads it, then PRIS_EN_COMPTE.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .execute();
  await s
    .createIndex('assignment_report_by_name')
    .on('assignment_report')
    .columns(['distributor_id', 'name'])
    .unique()
    .execute();
}

export const licensingMigration: Migration = { name: '0003-licensing', up };
