export { openStore, type Store, type OpenStoreOptions } from './open-store.js';
export { migrateStore, checkStoreHealth, type StoreHealth } from './migrate-store.js';
export type { DatabaseSchema } from './database-schema.js';
export { createDirectoryImportStore } from './directory-import/sql-directory-import-store.js';
