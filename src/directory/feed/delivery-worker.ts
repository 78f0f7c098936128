/**
 * A worker thread that reads its share of a delivery and posts the items in batches. It waits for
 * a credit from the main thread before each batch, so at most a few batches are ever in memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isBrokerError } from '../../core/broker-error.js';
import type { FeedItem } from './feed-records.js';
import { openDelivery } from './read-delivery.js';
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
  while (credits === 0) await new Promise<void>((done) => { wake = done; });
  wake = null;
  credits--;
}

function post(message: WorkerMessage): void {
  port.postMessage(message);
}

async function run(): Promise<void> {
  const reader = await openDelivery(input.path, { entId: input.entId, shard: input.shard });
  let batch: FeedItem[] = [];
  for await (const item of reader.items()) {
    batch.push(item);
    if (batch.length >= input.batchSize) {
      await credit();
      post({ type: 'items', shard: input.shard.index, items: JSON.stringify(batch), progress: reader.progress() });
      batch = [];
    }
  }
  await credit();
  post({ type: 'end', shard: input.shard.index, items: JSON.stringify(batch), files: reader.files, degree: reader.degree(), source: reader.source });
}

run().catch((error: unknown) => {
  post(isBrokerError(error)
    ? { type: 'error', code: error.code, status: error.status, message: error.message, detail: error.detail ?? null }
    : { type: 'crash', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});
