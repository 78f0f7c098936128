import { basename } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { openDelivery } from '../feed/read-delivery.js';
import { openDeliveryInWorkers, type BatchedDeliveryReader } from '../feed/read-delivery-in-workers.js';
import type { DirectoryImportStore } from '../ports.js';
import { importDelivery } from './import-delivery.js';
import type { ImportReport } from './import-report.js';

export interface ImportFeedPathOptions {
  readonly path: string;
  readonly entId: string;
  readonly maxInvalidShare: number;
  readonly clock: Clock;
  /** Worker threads that parse the delivery (0: parse on the calling thread). */
  readonly readerThreads?: number;
  readonly onProgress?: (recordsRead: number, fraction: number) => void;
}

async function* inBatches<T>(items: AsyncIterable<T>, size = 2000): AsyncGenerator<readonly T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Imports a delivery given as a file, a folder or a .tar.gz (with its .md5). */
export function importFeedPath(port: DirectoryImportStore, options: ImportFeedPathOptions): Promise<ImportReport> {
  const open = async () => {
    const threads = options.readerThreads ?? 0;
    const reader = threads > 0
      ? openDeliveryInWorkers(options.path, { entId: options.entId, threads })
      : await openDelivery(options.path, { entId: options.entId });
    return {
      source: `${reader.source}:${basename(options.path)}`,
      batches: () => ('batches' in reader ? (reader as BatchedDeliveryReader).batches() : inBatches(reader.items())),
      get files() { return reader.files; },
      degree: () => reader.degree(),
      progress: () => reader.progress(),
    };
  };
  return importDelivery(port, open, {
    entId: options.entId, maxInvalidShare: options.maxInvalidShare, clock: options.clock,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}
