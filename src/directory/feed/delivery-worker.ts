/**
 * A worker thread that reads its share of a delivery and posts the items in batches. It waits for
 * a credit from the main thread before each batch, so at most a few batches are ever in memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isBrokerError } from '../../core/broker-error.js';
import type { FeedItem } from './feed-records.js';
import { openDelivery } from './read-delivery.js';
import { toReadBatch } from '../import/staging-rows.js';
import type { WorkerInput, WorkerMessage } from './delivery-worker-protocol.js';

const input = workerData as WorkerInput;
const port = parentPort!;
let credits = 0;
let wake: (() => void) | null = null;
port.on('message', () => {
  credits++;
  wake?.();
});

async function credit(): Promise<void> {
  while (credits === 0)
    await new Promise<void>((done) => {
      wake = done;
    });
  wake = null;
  credits--;
}

function post(message: WorkerMessage): void {
  port.postMessage(message);
}

async function run(): Promise<void> {
  const reader = await openDelivery(input.path, { entId: input.entId, shard: input.shard });
  let batch: FeedItem[] = [];
  let done = 0;
  // Record numbers interleave across workers, so that they are unique in the whole delivery.
  const encode = (): string => {
    const first = done;
    done += batch.length;
    return JSON.stringify(toReadBatch(batch, (i) => (first + i) * input.shard.count + input.shard.index + 1));
  };
  for await (const item of reader.items()) {
    batch.push(item);
    if (batch.length >= input.batchSize) {
      await credit();
      post({ type: 'items', shard: input.shard.index, batch: encode(), progress: reader.progress() });
      batch = [];
    }
  }
  await credit();
  post({
    type: 'end',
    shard: input.shard.index,
    batch: encode(),
    files: reader.files,
    degree: reader.degree(),
    source: reader.source,
  });
}

run().catch((error: unknown) => {
  post(
    isBrokerError(error)
      ? { type: 'error', code: error.code, status: error.status, message: error.message, detail: error.detail ?? null }
      : { type: 'crash', message: error instanceof Error ? (error.stack ?? error.message) : String(error) },
  );
});
