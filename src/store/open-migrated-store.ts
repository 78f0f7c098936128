/**
 * Opens the configured database and brings its schema up to date: what every command that
 * touches the database does first (the server, and each CLI command).
 */
import { resolve } from 'node:path';
import type { Logger } from '../core/logger.js';
import { migrateStore } from './migrate-store.js';
import { openStore, type Store } from './open-store.js';

export interface DatabaseSettings {
  readonly database: { readonly url: string; readonly poolSize: number };
}

/** Resolves `sqlite:` paths against the working directory; other URLs are used as they are. */
export function databaseUrl(settings: DatabaseSettings): string {
  const url = settings.database.url;
  if (!url.startsWith('sqlite:') || url === 'sqlite::memory:') return url;
  return `sqlite:${resolve(url.slice('sqlite:'.length))}`;
}

export async function openMigratedStore(settings: DatabaseSettings, logger: Logger): Promise<Store> {
  const store = await openStore({ url: databaseUrl(settings), poolSize: settings.database.poolSize });
  const applied = await migrateStore(store);
  if (applied.length > 0) logger.info({ event: 'store.migrated', migrations: applied });
  return store;
}
