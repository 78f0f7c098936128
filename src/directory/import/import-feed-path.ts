import { basename } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { openDelivery } from '../feed/read-delivery.js';
import type { DirectoryImportStore } from '../ports.js';
import { importDelivery } from './import-delivery.js';
import type { ImportReport } from './import-report.js';

export interface ImportFeedPathOptions {
  readonly path: string;
  readonly entId: string;
  readonly maxInvalidShare: number;
  readonly clock: Clock;
  readonly onProgress?: (recordsRead: number) => void;
}

/** Imports a delivery given as a file, a folder or a .tar.gz (with its .md5). */
export function importFeedPath(port: DirectoryImportStore, options: ImportFeedPathOptions): Promise<ImportReport> {
  const open = async () => {
    const reader = await openDelivery(options.path, { entId: options.entId });
    return {
      source: `${reader.source}:${basename(options.path)}`,
      items: () => reader.items(),
      get files() { return reader.files; },
      degree: () => reader.degree(),
    };
  };
  return importDelivery(port, open, {
    entId: options.entId, maxInvalidShare: options.maxInvalidShare, clock: options.clock,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}
