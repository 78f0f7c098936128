/** When the médiacentre gzips (RFC 9110 §12.5.3: a coding listed, not refused with q=0). */
import assert from 'node:assert/strict';
import { acceptsGzip } from '../../src/mediacentre/send-mediacentre-json.js';

describe('médiacentre: Accept-Encoding', () => {
  const cases: readonly (readonly [string | undefined, boolean])[] = [
    [undefined, false],
    ['', false],
    ['identity', false],
    ['br, deflate', false],
    ['gzip', true],
    ['GZIP', true],
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['x-gzip', true],
    ['gzip;q=0', false],
    ['gzip; q=0.000', false],
    ['deflate, gzip;q=0', false],
    ['gzipped', false],
  ];
  for (const [header, expected] of cases) {
    it(`${JSON.stringify(header)} → ${expected ? 'gzip' : 'plain'}`, () => {
      assert.equal(acceptsGzip(header), expected);
    });
  }
});
