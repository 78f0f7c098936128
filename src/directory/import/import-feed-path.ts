import { basename } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { openDelivery, type DeliveryReader } from '../feed/read-delivery.js';
import { openDeliveryInWorkers } from '../feed/read-delivery-in-workers.js';
import type { FeedItem } from '../feed/feed-records.js';
import { toReadBatch, type ReadBatch } from './staging-rows.js';
import type { DirectoryImportStore } from '../ports.js';
import { importDelivery, type DeliverySource } from './import-delivery.js';
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

/** Reading on the calling thread: items mapped to staging rows a batch at a time. */
async function* inBatches(items: AsyncIterable<FeedItem>, size = 2000): AsyncGenerator<ReadBatch> {
  let batch: FeedItem[] = [];
  let done = 0;
  const flush = (): ReadBatch => {
    const first = done;
    done += batch.length;
    const out = toReadBatch(batch, (i) => first + i + 1);
    batch = [];
    return out;
  };
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) yield flush();
  }
  if (batch.length > 0) yield flush();
}

/** Imports a delivery given as a file, a folder or a .tar.gz (with its .md5). */
export function importFeedPath(port: DirectoryImportStore, options: ImportFeedPathOptions): Promise<ImportReport> {
  const open = async (): Promise<DeliverySource> => {
    const threads = options.readerThreads ?? 0;
    if (threads > 0) {
      const reader = openDeliveryInWorkers(options.path, { entId: options.entId, threads });
      return { ...describe(reader), batches: () => reader.batches() };
    }
    const reader = await openDelivery(options.path, { entId: options.entId });
    return { ...describe(reader), batches: () => inBatches(reader.items()) };
  };
  const describe = (reader: Omit<DeliveryReader, 'items'>): Omit<DeliverySource, 'batches'> => ({
    source: `${reader.source}:${basename(options.path)}`,
    get files() {
      return reader.files;
    },
    degree: () => reader.degree(),
    progress: () => reader.progress(),
  });
  return importDelivery(port, open, {
    entId: options.entId,
    maxInvalidShare: options.maxInvalidShare,
    clock: options.clock,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}
