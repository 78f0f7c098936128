/**
 * Reads a delivery on worker threads, each parsing its share of the files, while the caller's
 * thread writes to the database: XML parsing is the largest cost of an import (saxes tops out
 * near 40 MB/s on one core here), and files are independent. Items arrive in batches; a
 * structural fault in any worker stops them all and is thrown, as openDelivery would.
 */
import { Worker } from 'node:worker_threads';
import { BrokerError } from '../../core/broker-error.js';
import { fail } from '../../core/fail.js';
import type { FeedFileInfo } from './feed-records.js';
import type { ReadBatch } from '../import/staging-rows.js';
import type { Degree } from './feed-spec.js';
import { emptyDelivery, type DeliveryReader } from './read-delivery.js';
import type { WorkerInput, WorkerMessage } from './delivery-worker-protocol.js';

export interface WorkerReadOptions {
  readonly entId: string;
  readonly threads: number;
  readonly batchSize?: number;
}

/** Batches each worker may have posted ahead of the consumer: bounds memory. */
const creditsAhead = 3;

/** A delivery read by workers, as batches of staging rows (records are mapped where they are read). */
export interface WorkerDeliveryReader extends Omit<DeliveryReader, 'items'> {
  batches(): AsyncGenerator<ReadBatch>;
}

export function openDeliveryInWorkers(path: string, options: WorkerReadOptions): WorkerDeliveryReader {
  const files: FeedFileInfo[] = [];
  let degree: Degree | null = null;
  let source: DeliveryReader['source'] = 'archive';
  // Each worker reads the whole input (skipping others' files), so each reports a share of it.
  const shares = new Array<number>(Math.max(1, options.threads)).fill(0);
  return {
    progress: () => shares.reduce((a, b) => a + b, 0) / shares.length,
    get source() {
      return source;
    },
    get files() {
      return files;
    },
    degree: () => degree,
    async *batches(): AsyncGenerator<ReadBatch> {
      const run = new WorkerRun(path, options);
      try {
        for (;;) {
          const message = await run.next();
          if (message === null) break;
          if (message.type === 'items') shares[message.shard] = message.progress;
          if (message.type === 'end') {
            shares[message.shard] = 1;
            files.push(...message.files);
            source = message.source;
            degree = mergeDegree(degree, message.degree);
          }
          if (message.type === 'items' || message.type === 'end') yield JSON.parse(message.batch) as ReadBatch;
        }
      } finally {
        await run.stop();
      }
      files.sort((a, b) => a.name.localeCompare(b.name));
      if (files.length === 0) throw emptyDelivery();
    },
  };
}

function mergeDegree(current: Degree | null, next: Degree | null): Degree | null {
  if (current !== null && next !== null && current !== next) {
    throw fail('ERR_FEED_MIXED_DEGREES', `livraison mêlant ${current} et ${next}`, `degrees ${current} and ${next}`);
  }
  return current ?? next;
}

/** The running workers, as one queue of messages in arrival order. */
class WorkerRun {
  readonly #workers: Worker[] = [];
  readonly #queue: { worker: Worker; message: WorkerMessage }[] = [];
  #waiting: (() => void) | null = null;
  #running: number;

  constructor(path: string, options: WorkerReadOptions) {
    const count = Math.max(1, options.threads);
    this.#running = count;
    for (let index = 0; index < count; index++) {
      const workerData: WorkerInput = {
        path,
        entId: options.entId,
        shard: { index, count },
        batchSize: options.batchSize ?? 1000,
      };
      const worker = new Worker(new URL('./delivery-worker-bootstrap.mjs', import.meta.url), { workerData });
      worker.on('message', (message: WorkerMessage) => this.#push(worker, message));
      worker.on('error', (error) => this.#push(worker, { type: 'crash', message: String(error) }));
      for (let i = 0; i < creditsAhead; i++) worker.postMessage('credit');
      this.#workers.push(worker);
    }
  }

  #push(worker: Worker, message: WorkerMessage): void {
    this.#queue.push({ worker, message });
    this.#waiting?.();
  }

  /** The next batch, null when every worker has ended; throws what a worker failed with. */
  async next(): Promise<WorkerMessage | null> {
    for (;;) {
      const entry = this.#queue.shift();
      if (entry) {
        const { worker, message } = entry;
        if (message.type === 'error')
          throw new BrokerError(message.code, message.status, message.message, message.detail ?? undefined);
        if (message.type === 'crash') throw new Error(`delivery worker failed: ${message.message}`);
        if (message.type === 'end') this.#running--;
        else worker.postMessage('credit');
        return message;
      }
      if (this.#running === 0) return null;
      await new Promise<void>((done) => {
        this.#waiting = done;
      });
      this.#waiting = null;
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
