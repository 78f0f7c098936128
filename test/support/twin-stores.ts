/**
 * Two independent stores on ONE database, as two broker processes (or a server and a CLI) would
 * hold: SQLite through two connections to the same temporary file (`sqlite::memory:` is private
 * to its connection), PostgreSQL through two pools on a new database. Migrated once.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { migrateStore, openStore, type Store } from '../../src/store/index.js';
import { adminQuery, type TestDialect } from './each-dialect.js';

export interface TwinStores {
  readonly first: Store;
  readonly second: Store;
  close(): Promise<void>;
}

async function sqliteTwins(): Promise<TwinStores> {
  const dir = mkdtempSync(join(tmpdir(), 'gar-twins-'));
  const url = `sqlite:${join(dir, 'db.sqlite')}`;
  const first = await openStore({ url });
  await migrateStore(first);
  const second = await openStore({ url });
  // Both connections live on this one thread: SQLite's busy timeout would sleep the thread while
  // the other connection, which holds the lock, cannot run to release it. Two processes would
  // wait instead; here "busy" comes back at once and the store's retry takes over.
  for (const store of [first, second]) await sql`pragma busy_timeout = 0`.execute(store.db);
  return {
    first,
    second,
    close: async () => {
      await first.close();
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresTwins(): Promise<TwinStores> {
  const base = process.env['GAR_TEST_PG_URL'];
  if (!base) throw new Error('no PostgreSQL for tests');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(base, `create database ${name}`);
  const url = base.replace(/\/[^/]*$/, `/${name}`);
  const first = await openStore({ url, poolSize: 10 });
  await migrateStore(first);
  const second = await openStore({ url, poolSize: 10 });
  return {
    first,
    second,
    close: async () => {
      await first.close();
      await second.close();
      await adminQuery(base, `drop database ${name}`);
    },
  };
}

export function twinStores(dialect: TestDialect): Promise<TwinStores> {
  return dialect === 'sqlite' ? sqliteTwins() : postgresTwins();
}
