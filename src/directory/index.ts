export * from './import/index.js';
export type {
  DirectoryImportStore,
  DeliveryStaging,
  DeliveryScope,
  ImportKind,
  KindCounts,
  FeedImportEntry,
} from './ports.js';
export type { FeedRecord, FeedIssue, FeedLocation, FeedItem, FeedFileInfo } from './feed/feed-records.js';
export { kindForElement } from './import/kind-of-item.js';
export { generateDelivery, type GenerateOptions, type GeneratedDelivery } from './generate/index.js';
export { feedSpec, feedNamespaces, type Degree } from './feed/feed-spec.js';
export {
  stagingRowColumns,
  toReadBatch,
  type StagingRowTable,
  type StagingRows,
  type ReadBatch,
} from './import/staging-rows.js';
export { profilePrecedence, type PersonAttributeSource, type ResolvedPerson } from './ports.js';
