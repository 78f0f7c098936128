import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDelivery } from '../../../src/directory/feed/read-delivery.js';
import { generateDelivery } from '../../../src/directory/generate/index.js';

describe('generated deliveries read by openDelivery', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gar-read-generated-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [degree, prefix] of [
    ['2D', null],
    ['2D', 'gar'],
    ['1D', null],
    ['1D', 'gar'],
  ] as const) {
    it(`${degree}, ${prefix ? 'prefixed' : 'default'} namespace: every record is read, with zero issues`, async () => {
      const d = await generateDelivery({
        entId: 'Z0',
        degree,
        establishments: 5,
        pupils: 1500,
        seed: 'reader',
        outDir: join(dir, `${degree}-${prefix}`),
        namespacePrefix: prefix,
      });
      const reader = await openDelivery(d.archivePath, { entId: 'Z0' });
      const issues: unknown[] = [];
      let records = 0;
      for await (const item of reader.items()) {
        if (item.ok) records++;
        else issues.push(item.issue);
      }
      assert.deepEqual(issues.slice(0, 5), []);
      assert.equal(
        records,
        Object.values(d.counts).reduce((a, b) => a + b, 0),
      );
      assert.equal(reader.degree(), degree);
      assert.deepEqual(
        reader.files.map((f) => f.name),
        d.files,
      );
    });
  }
});
