/** Encoded médiacentre answers shared between users of one list: reuse, expiry, bound, off. */
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { answerCache, gzipOf, plainOf } from '../../src/mediacentre/answer-cache.js';

describe('médiacentre: answer cache', () => {
  let clock = 0;
  const now = (): number => clock;
  const encoder = () => {
    let calls = 0;
    return {
      encode: (text: string) => () => {
        calls += 1;
        return Buffer.from(text);
      },
      calls: () => calls,
    };
  };

  it('encodes a list once while it is fresh, again after ttlMs', () => {
    clock = 0;
    const cache = answerCache({ ttlMs: 1000, maxEntries: 10, now });
    const e = encoder();
    const first = cache('k', e.encode('a'));
    assert.equal(cache('k', e.encode('b')), first);
    assert.equal(plainOf(first).toString(), 'a');
    assert.equal(e.calls(), 1);
    clock = 1000;
    assert.equal(plainOf(cache('k', e.encode('c'))).toString(), 'c');
    assert.equal(e.calls(), 2);
  });

  it('keeps different keys apart and drops the oldest past maxEntries', () => {
    clock = 0;
    const cache = answerCache({ ttlMs: 10_000, maxEntries: 2, now });
    const e = encoder();
    cache('a', e.encode('A'));
    cache('b', e.encode('B'));
    assert.equal(plainOf(cache('a', e.encode('x'))).toString(), 'A');
    cache('c', e.encode('C'));
    assert.equal(plainOf(cache('a', e.encode('A2'))).toString(), 'A2');
    assert.equal(e.calls(), 4);
  });

  it('never reuses with ttlMs 0', () => {
    const cache = answerCache({ ttlMs: 0, maxEntries: 10, now });
    const e = encoder();
    cache('k', e.encode('1'));
    assert.equal(plainOf(cache('k', e.encode('2'))).toString(), '2');
  });

  it('gzips an answer once, then keeps only the gzip form, from which the plain one comes back', () => {
    const text = '{"x":1}'.repeat(200);
    const answer = answerCache({ ttlMs: 1000, maxEntries: 1, now })('k', () => Buffer.from(text));
    const zipped = gzipOf(answer);
    assert.equal(gzipOf(answer), zipped);
    assert.equal(answer.plain, undefined);
    assert.equal(gunzipSync(zipped).toString(), text);
    assert.equal(plainOf(answer).toString(), text);
  });

  it('gzips a small answer as well, and gives it back whole', () => {
    const answer = answerCache({ ttlMs: 1000, maxEntries: 1, now })('k', () => Buffer.from('{}'));
    assert.equal(gunzipSync(gzipOf(answer)).toString(), '{}');
    assert.equal(plainOf(answer).toString(), '{}');
  });
});
