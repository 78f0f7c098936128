export * from './import/index.js';
export type { DirectoryImportStore, DeliveryStaging, DeliveryScope, ImportKind, KindCounts } from './ports.js';
export { feedSpec, feedNamespaces, type Degree } from './feed/feed-spec.js';
