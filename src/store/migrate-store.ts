import { Migrator, type Kysely, type MigrationProvider, type Migration as KyselyMigration, sql } from 'kysely';
import { fail } from '../core/fail.js';
import { migrations } from './migrations/index.js';
import type { Store } from './open-store.js';

function provider(store: Store): MigrationProvider {
  return {
    getMigrations: async () => {
      const out: Record<string, KyselyMigration> = {};
      for (const m of migrations) out[m.name] = { up: (db: Kysely<unknown>) => m.up(db, store.dialect) };
      return out;
    },
  };
}

/** Applies every pending migration (each in a transaction); a failure leaves the previous version. */
export async function migrateStore(store: Store): Promise<readonly string[]> {
  const migrator = new Migrator({ db: store.db, provider: provider(store) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw fail('ERR_STORE_MIGRATION', 'Migration de la base impossible.', String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export interface StoreHealth {
  readonly reachable: boolean;
  readonly pendingMigrations: readonly string[];
}

/** Readiness: the database answers and no migration is pending. Never throws. */
export async function checkStoreHealth(store: Store): Promise<StoreHealth> {
  try {
    await sql`select 1`.execute(store.db);
    const migrator = new Migrator({ db: store.db, provider: provider(store) });
    const all = await migrator.getMigrations();
    return { reachable: true, pendingMigrations: all.filter((m) => m.executedAt === undefined).map((m) => m.name) };
  } catch {
    return { reachable: false, pendingMigrations: [] };
  }
}
