import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { checkStoreHealth, migrateStore, openStore, type Store } from '../../src/store/index.js';
import { migrations } from '../../src/store/migrations/index.js';
import { describeEachDialect, freshStore } from '../support/each-dialect.js';

const expectedTables = [
  'ent_project',
  'establishment',
  'mef',
  'subject',
  'person',
  'person_profile',
  'person_level',
  'pupil_subject',
  'student_group',
  'membership',
  'teaching',
  'manager',
  'manager_establishment',
  'feed_import',
  'publisher',
  'distributor',
  'resource',
  'contract',
  'subscription',
  'assignment',
  'licence',
  'audit_event',
  'partner_certificate',
  'assignment_report',
  'login_transaction',
  'replay_entry',
  'broker_session',
];

describeEachDialect('store migrations', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await freshStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });

  it('creates every table of the data model', async () => {
    const tables = await store.db.introspection.getTables();
    const names = new Set(tables.map((t) => t.name));
    for (const table of expectedTables) assert.ok(names.has(table), `missing table ${table}`);
  });

  it('is ready once migrated, and migrating again applies nothing', async () => {
    const health = await checkStoreHealth(store);
    assert.deepEqual(health, { reachable: true, pendingMigrations: [] });
    assert.deepEqual(await migrateStore(store), []);
  });

  it('enforces the natural keys of the directory', async () => {
    const row = {
      ent_id: 'Z0',
      degree: '2D',
      uai: '0561534N',
      name: 'Collège',
      attached_to: null,
      contract: null,
      phone: null,
      email: null,
      record_hash: 'h',
      departed_at: null,
      created_at: 'now',
      updated_at: 'now',
    };
    await store.db.insertInto('establishment').values(row).execute();
    await assert.rejects(store.db.insertInto('establishment').values(row).execute());
  });

  it('keeps a numbered id for audit events', async () => {
    await store.db
      .insertInto('audit_event')
      .values({
        at: 'now',
        actor: 'op',
        action: 'a',
        target: 't',
        before_state: null,
        after_state: null,
        correlation_id: null,
      })
      .execute();
    const rows = await sql<{ id: number }>`select id from audit_event`.execute(store.db);
    assert.equal(Number(rows.rows[0]?.id), 1);
  });

  it('is not ready before migrations run, nor when the database is gone', async () => {
    const bare = await openStore({ url: 'sqlite::memory:' });
    const health = await checkStoreHealth(bare);
    assert.equal(health.reachable, true);
    assert.deepEqual(
      health.pendingMigrations,
      migrations.map((m) => m.name),
    );
    await bare.close();
    assert.deepEqual(await checkStoreHealth(bare), { reachable: false, pendingMigrations: [] });
  });

  it('lists migrations in a stable order with unique names', () => {
    const names = migrations.map((m) => m.name);
    assert.deepEqual([...names].sort(), names);
    assert.equal(new Set(names).size, names.length);
  });
});
