import assert from 'node:assert/strict';
import { isBrokerError } from '../../../src/core/broker-error.js';
import type { FeedItem } from '../../../src/directory/feed/feed-records.js';
import { openDelivery } from '../../../src/directory/feed/read-delivery.js';
import { openDeliveryInWorkers } from '../../../src/directory/feed/read-delivery-in-workers.js';

const fixture = (name: string): string => `test/fixtures/feeds/${name}`;
const key = (item: FeedItem): string => JSON.stringify(item);

async function inProcess(name: string): Promise<string[]> {
  const reader = await openDelivery(fixture(name), { entId: 'Z0' });
  const out: string[] = [];
  for await (const item of reader.items()) out.push(key(item));
  return out.sort();
}

describe('reading a delivery on worker threads', () => {
  for (const threads of [1, 2]) {
    it(`yields the same items as reading in process (${threads} thread${threads > 1 ? 's' : ''})`, async () => {
      for (const name of ['valid.2d-default-namespace', 'record.value-invalid', 'valid.1d-prefixed-namespace']) {
        const reader = openDeliveryInWorkers(fixture(name), { entId: 'Z0', threads, batchSize: 2 });
        const got: string[] = [];
        for await (const batch of reader.batches()) for (const item of batch) got.push(key(item));
        assert.deepEqual(got.sort(), await inProcess(name), name);
        assert.equal(reader.progress(), 1);
        assert.ok(reader.files.length > 0 && reader.degree() !== null);
      }
    });
  }

  it('throws the coded structural error a worker met, and stops every worker', async () => {
    for (const [name, code] of [['xml.doctype-xxe', 'ERR_FEED_XML_DOCTYPE'], ['delivery.mixed-degrees', 'ERR_FEED_MIXED_DEGREES'], ['delivery.no-feed-file', 'ERR_FEED_EMPTY']] as const) {
      const reader = openDeliveryInWorkers(fixture(name), { entId: 'Z0', threads: 2 });
      await assert.rejects(async () => { for await (const _ of reader.batches()) { /* drain */ } },
        (error: unknown) => isBrokerError(error) && error.code === code, name);
    }
  });
});
