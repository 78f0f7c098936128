export { openStore, type Store, type OpenStoreOptions } from './open-store.js';
export { migrateStore, checkStoreHealth, type StoreHealth } from './migrate-store.js';
export type { DatabaseSchema } from './database-schema.js';
export { createDirectoryImportStore } from './directory-import/sql-directory-import-store.js';
export { createResourceStore } from './subscriptions/sql-resource-store.js';
export { createSubscriptionStore } from './subscriptions/sql-subscription-store.js';
export { createPartnerCertificateStore } from './partners/sql-partner-certificate-store.js';
export { createLicensingStore } from './subscriptions/sql-licensing-store.js';
export { createAssignmentReportStore } from './subscriptions/sql-assignment-report-store.js';
