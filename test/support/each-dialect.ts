import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateStore, openStore, type Store } from '../../src/store/index.js';

export type TestDialect = 'sqlite' | 'postgres';

/** A migrated, empty store of the given dialect; PostgreSQL gets a new database per store. */
export async function freshStore(dialect: TestDialect): Promise<Store> {
  if (dialect === 'sqlite') {
    const store = await openStore({ url: 'sqlite::memory:' });
    await migrateStore(store);
    return store;
  }
  const base = process.env['GAR_TEST_PG_URL'];
  if (!base) throw new Error('no PostgreSQL for tests');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(base, `create database ${name}`);
  const store = await openStore({ url: base.replace(/\/[^/]*$/, `/${name}`), poolSize: 20 });
  await migrateStore(store);
  return {
    db: store.db,
    dialect: store.dialect,
    close: async () => {
      await store.close();
      await adminQuery(base, `drop database ${name}`);
    },
  };
}

/** One statement on an administration connection (create or drop a database). */
export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Declares the same suite once per dialect. The PostgreSQL copy skips itself (with the notice
 * printed by the global fixture) only when no server could be started outside CI.
 */
export function describeEachDialect(title: string, body: (dialect: TestDialect) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    describe(`${title} [${dialect}]`, () => {
      if (dialect === 'postgres') {
        before(function () {
          if (!process.env['GAR_TEST_PG_URL']) this.skip();
        });
      }
      body(dialect);
    });
  }
}
