import assert from 'node:assert/strict';
import { isBrokerError } from '../../../src/core/broker-error.js';
import type { FeedItem } from '../../../src/directory/feed/feed-records.js';
import { openDelivery } from '../../../src/directory/feed/read-delivery.js';
import { openDeliveryInWorkers } from '../../../src/directory/feed/read-delivery-in-workers.js';
import { toReadBatch, type ReadBatch } from '../../../src/directory/import/staging-rows.js';

const fixture = (name: string): string => `test/fixtures/feeds/${name}`;

/** Rows (without their record number, which depends on the thread), issues and counts, comparable. */
function flatten(batches: readonly ReadBatch[]): { rows: string[]; issues: string[]; seqs: number[] } {
  const rows: string[] = [];
  const issues: string[] = [];
  const seqs: number[] = [];
  for (const b of batches) {
    for (const [table, list] of Object.entries(b.rows))
      for (const row of list) {
        seqs.push(row[0] as number);
        rows.push(`${table}:${JSON.stringify(row.slice(1))}`);
      }
    for (const i of b.issues) issues.push(JSON.stringify(i));
  }
  return { rows: rows.sort(), issues: issues.sort(), seqs };
}

async function inProcess(name: string): Promise<ReturnType<typeof flatten>> {
  const reader = await openDelivery(fixture(name), { entId: 'Z0' });
  const items: FeedItem[] = [];
  for await (const item of reader.items()) items.push(item);
  return flatten([toReadBatch(items, (i) => i + 1)]);
}

describe('reading a delivery on worker threads', () => {
  for (const threads of [1, 2]) {
    it(`yields the same rows and issues as in process (${threads} thread${threads > 1 ? 's' : ''})`, async () => {
      for (const name of ['valid.2d-default-namespace', 'record.value-invalid', 'valid.1d-prefixed-namespace']) {
        const reader = openDeliveryInWorkers(fixture(name), { entId: 'Z0', threads, batchSize: 2 });
        const got: ReadBatch[] = [];
        for await (const batch of reader.batches()) got.push(batch);
        const flat = flatten(got);
        const expected = await inProcess(name);
        assert.deepEqual(flat.rows, expected.rows, name);
        assert.deepEqual(flat.issues, expected.issues, name);
        // Record numbers stay unique across threads (rows of one record share its number).
        const records = got.reduce((n, b) => n + b.size - b.issues.length, 0);
        assert.equal(new Set(flat.seqs).size, records, name);
        assert.equal(reader.progress(), 1);
        assert.ok(reader.files.length > 0 && reader.degree() !== null);
      }
    });
  }

  it('throws the coded structural error a worker met, and stops every worker', async () => {
    for (const [name, code] of [
      ['xml.doctype-xxe', 'ERR_FEED_XML_DOCTYPE'],
      ['delivery.mixed-degrees', 'ERR_FEED_MIXED_DEGREES'],
      ['delivery.no-feed-file', 'ERR_FEED_EMPTY'],
    ] as const) {
      const reader = openDeliveryInWorkers(fixture(name), { entId: 'Z0', threads: 2 });
      await assert.rejects(
        async () => {
          for await (const _ of reader.batches()) {
            /* drain */
          }
        },
        (error: unknown) => isBrokerError(error) && error.code === code,
        name,
      );
    }
  });
});
