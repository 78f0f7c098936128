/**
 * Composition root: config → store → modules → http. The only file that imports everything.
 */
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import type { BrokerConfig } from './config/index.js';
import { systemClock } from './core/clock.js';
import type { Logger } from './core/logger.js';
import { watchDropFolders } from './directory/index.js';
import { createApp } from './http/index.js';
import { checkStoreHealth, createDirectoryImportStore, migrateStore, openStore, type Store } from './store/index.js';

export interface RunningBroker {
  readonly url: string;
  readonly urls: Readonly<Record<string, string>>;
  readonly store: Store;
  close(): Promise<void>;
}

/** Resolves `sqlite:` paths under the configured data folder's working directory. */
export function databaseUrl(config: BrokerConfig): string {
  const url = config.database.url;
  if (!url.startsWith('sqlite:') || url === 'sqlite::memory:') return url;
  return `sqlite:${resolve(url.slice('sqlite:'.length))}`;
}

export async function openMigratedStore(config: BrokerConfig, logger: Logger): Promise<Store> {
  const store = await openStore({ url: databaseUrl(config), poolSize: config.database.poolSize });
  const applied = await migrateStore(store);
  if (applied.length > 0) logger.info({ event: 'store.migrated', migrations: applied });
  return store;
}

export async function startBroker(config: BrokerConfig, logger: Logger): Promise<RunningBroker> {
  const store = await openMigratedStore(config, logger);
  const app = createApp({
    logger,
    trustProxy: config.http.trustProxy,
    readiness: async () => {
      const health = await checkStoreHealth(store);
      return { ready: health.reachable && health.pendingMigrations.length === 0, checks: { database: health.reachable, pendingMigrations: health.pendingMigrations } };
    },
  });
  const watcher = config.feeds.dropFolders.length === 0 ? null : watchDropFolders(
    createDirectoryImportStore(store, { batchSize: config.feeds.batchSize }),
    { folders: config.feeds.dropFolders, intervalSeconds: config.feeds.watchIntervalSeconds, maxInvalidShare: config.feeds.maxInvalidShare, readerThreads: config.feeds.readerThreads, clock: systemClock, logger },
  );
  const server = await listen(app, config.http.host, config.http.port);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  // Port 0 (tests) picks a free port: the default public URL must then name the real one.
  const base = config.http.port === 0 ? config.publicUrl.replace(/:0$/, `:${port}`) : config.publicUrl;
  const urls = { health: `${base}/healthz`, readiness: `${base}/readyz` };
  logger.info({ event: 'server.started', port, urls });
  return {
    url: base,
    urls,
    store,
    async close() {
      await watcher?.stop();
      await new Promise<void>((done) => server.close(() => done()));
      await store.close();
    },
  };
}

function listen(app: ReturnType<typeof createApp>, host: string, port: number): Promise<Server> {
  return new Promise((done, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : done(server)));
  });
}
