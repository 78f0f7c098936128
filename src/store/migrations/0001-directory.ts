import type { Kysely, CreateTableBuilder } from 'kysely';
import { type Migration, withSerialId } from './migration.js';

/** Columns every directory table of a feed snapshot carries: its scope (ENT project, degree). */
function scoped<T extends string, C extends string = never>(
  t: CreateTableBuilder<T, C>,
): CreateTableBuilder<T, C | 'ent_id' | 'degree'> {
  return t.addColumn('ent_id', 'text', (c) => c.notNull()).addColumn('degree', 'text', (c) => c.notNull());
}

/** Columns of snapshot entities: a content hash to detect changes, and departure instead of deletion. */
function tracked<T extends string, C extends string>(
  t: CreateTableBuilder<T, C>,
): CreateTableBuilder<T, C | 'record_hash' | 'departed_at' | 'updated_at'> {
  return t
    .addColumn('record_hash', 'text', (c) => c.notNull())
    .addColumn('departed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull());
}

async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const s = db.schema;
  await s
    .createTable('ent_project')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await tracked(
    scoped(s.createTable('establishment').addColumn('uai', 'text', (c) => c.primaryKey()))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('attached_to', 'text')
      .addColumn('contract', 'text')
      .addColumn('phone', 'text')
      .addColumn('email', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull()),
  ).execute();
  await s.createIndex('establishment_scope').on('establishment').columns(['ent_id', 'degree']).execute();

  await tracked(
    scoped(
      s
        .createTable('mef')
        .addColumn('uai', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull()),
    )
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('attached_to', 'text')
      .addColumn('stat11', 'text'),
  )
    .addPrimaryKeyConstraint('mef_pk', ['uai', 'code'])
    .execute();

  await tracked(
    scoped(
      s
        .createTable('subject')
        .addColumn('uai', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull()),
    ).addColumn('label', 'text', (c) => c.notNull()),
  )
    .addPrimaryKeyConstraint('subject_pk', ['uai', 'code'])
    .execute();

  await tracked(
    scoped(s.createTable('person'))
      .addColumn('person_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('secondary_id', 'text')
      .addColumn('birth_name', 'text')
      .addColumn('last_name', 'text', (c) => c.notNull())
      .addColumn('first_name', 'text', (c) => c.notNull())
      .addColumn('other_first_names', 'text', (c) => c.notNull())
      .addColumn('civility', 'text')
      .addColumn('structure_attachment', 'text')
      .addColumn('birth_date', 'text')
      .addColumn('establishments', 'text', (c) => c.notNull())
      .addColumn('post_codes', 'text', (c) => c.notNull())
      .addColumn('mails', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull()),
  )
    .addPrimaryKeyConstraint('person_pk', ['ent_id', 'degree', 'person_id'])
    .execute();
  await s.createIndex('person_by_id').on('person').columns(['ent_id', 'person_id']).execute();

  await scoped(s.createTable('person_profile'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('uai', 'text', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_profile_pk', ['ent_id', 'degree', 'person_id', 'uai', 'profile'])
    .execute();
  await s.createIndex('person_profile_by_establishment').on('person_profile').columns(['uai', 'profile']).execute();

  await scoped(s.createTable('person_level'))
    .addColumn('uai', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('level_kind', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_level_pk', ['uai', 'person_id', 'level_kind', 'code'])
    .execute();
  await s.createIndex('person_level_by_code').on('person_level').columns(['uai', 'code']).execute();

  await scoped(s.createTable('pupil_subject'))
    .addColumn('uai', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('subject_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pupil_subject_pk', ['uai', 'person_id', 'subject_code'])
    .execute();

  await tracked(
    scoped(
      s
        .createTable('student_group')
        .addColumn('uai', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull()),
    )
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('divisions', 'text', (c) => c.notNull()),
  )
    .addPrimaryKeyConstraint('student_group_pk', ['uai', 'code'])
    .execute();
  await s.createIndex('student_group_scope').on('student_group').columns(['ent_id', 'degree']).execute();

  await scoped(s.createTable('membership'))
    .addColumn('uai', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('group_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('membership_pk', ['uai', 'person_id', 'group_code'])
    .execute();
  await s.createIndex('membership_by_group').on('membership').columns(['uai', 'group_code']).execute();

  await scoped(s.createTable('teaching'))
    .addColumn('uai', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('group_code', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('subject_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('teaching_pk', ['uai', 'person_id', 'group_code', 'via', 'subject_code'])
    .execute();
  await s.createIndex('teaching_by_subject').on('teaching').columns(['uai', 'subject_code']).execute();

  await tracked(
    scoped(s.createTable('manager'))
      .addColumn('person_id', 'text', (c) => c.notNull())
      .addColumn('last_name', 'text', (c) => c.notNull())
      .addColumn('first_name', 'text', (c) => c.notNull())
      .addColumn('civility', 'text')
      .addColumn('mails', 'text', (c) => c.notNull())
      .addColumn('establishments', 'text', (c) => c.notNull()),
  )
    .addPrimaryKeyConstraint('manager_pk', ['ent_id', 'degree', 'person_id'])
    .execute();

  await scoped(s.createTable('manager_establishment'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('uai', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('manager_establishment_pk', ['ent_id', 'degree', 'person_id', 'uai'])
    .execute();
  await s.createIndex('manager_establishment_by_uai').on('manager_establishment').columns(['uai']).execute();

  await withSerialId(s.createTable('feed_import'), dialect)
    .addColumn('ent_id', 'text', (c) => c.notNull())
    .addColumn('degree', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('summary', 'text')
    .execute();
}

export const directoryMigration: Migration = { name: '0001-directory', up };
