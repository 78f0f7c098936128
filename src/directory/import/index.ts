export { importDelivery, type DeliverySource, type ImportOptions } from './import-delivery.js';
export { importFeedPath, type ImportFeedPathOptions } from './import-feed-path.js';
export { renderImportReport, type ImportReport, type ReportIssue } from './import-report.js';
export { watchDropFolders, type DropFolder, type WatchOptions } from './watch-drop-folders.js';
