import type { DirectoryImportStore, FeedImportEntry, DeliveryStaging } from '../../directory/index.js';
import type { Store } from '../open-store.js';
import { runSql } from './named-sql.js';
import { SqlDeliveryStaging } from './sql-delivery-staging.js';
import { createTableSql, stageTables } from './stage-tables.js';

/** The directory import's port, on SQLite or PostgreSQL with the same SQL. */
export function createDirectoryImportStore(
  store: Store,
  options: { batchSize: number; tempCacheKiB?: number },
): DirectoryImportStore {
  return {
    async withStaging<T>(_entId: string, work: (staging: DeliveryStaging) => Promise<T>): Promise<T> {
      // Temporary tables belong to one connection: pin one for the whole delivery.
      return store.db.connection().execute(async (conn) => {
        if (store.dialect === 'sqlite')
          await runSql(conn, `pragma temp.cache_size = -${options.tempCacheKiB ?? 131072}`);
        for (const table of Object.values(stageTables)) {
          await runSql(conn, `drop table if exists ${table.name}`);
          await runSql(conn, createTableSql(table));
        }
        const staging = new SqlDeliveryStaging(conn, options.batchSize);
        try {
          return await work(staging);
        } finally {
          await staging.close();
          for (const table of Object.values(stageTables)) await runSql(conn, `drop table if exists ${table.name}`);
        }
      });
    },

    async recordImport(entry: FeedImportEntry): Promise<void> {
      await store.db
        .insertInto('feed_import')
        .values({
          ent_id: entry.entId,
          degree: entry.degree,
          source: entry.source,
          status: entry.status,
          started_at: entry.startedAt.toISOString(),
          finished_at: entry.finishedAt.toISOString(),
          summary: JSON.stringify(entry.summary),
        })
        .execute();
    },
  };
}
