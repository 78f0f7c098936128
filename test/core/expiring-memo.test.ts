import assert from 'node:assert/strict';
import { expiringMemo } from '../../src/core/expiring-memo.js';

describe('core expiringMemo', () => {
  let clock = 0;
  const now = (): number => clock;
  beforeEach(() => {
    clock = 0;
  });

  it('reads a key once within the delay, again after it', async () => {
    const reads: string[] = [];
    const memo = expiringMemo(
      async (key) => {
        reads.push(key);
        return `${key}:${reads.length}`;
      },
      { ttlMs: 5000, now },
    );
    assert.equal(await memo('a'), 'a:1');
    clock = 4999;
    assert.equal(await memo('a'), 'a:1');
    assert.equal(await memo('b'), 'b:2');
    clock = 5000;
    assert.equal(await memo('a'), 'a:3');
    assert.deepEqual(reads, ['a', 'b', 'a']);
  });

  it('shares one read between concurrent misses of a key', async () => {
    let reads = 0;
    const memo = expiringMemo(
      async () => {
        reads += 1;
        await new Promise((done) => setTimeout(done, 5));
        return reads;
      },
      { ttlMs: 1000, now },
    );
    assert.deepEqual(await Promise.all([memo('k'), memo('k'), memo('k')]), [1, 1, 1]);
    assert.equal(reads, 1);
  });

  it('does not remember a failed read: the next call reads again', async () => {
    let fail = true;
    const memo = expiringMemo(
      async () => {
        if (fail) throw new Error('store down');
        return 'ok';
      },
      { ttlMs: 60_000, now },
    );
    await assert.rejects(memo('k'), /store down/);
    fail = false;
    assert.equal(await memo('k'), 'ok');
  });

  it('keeps at most maxEntries keys, dropping the oldest', async () => {
    const reads: string[] = [];
    const memo = expiringMemo(
      async (key) => {
        reads.push(key);
        return key;
      },
      { ttlMs: 60_000, maxEntries: 2, now },
    );
    for (const key of ['a', 'b', 'c', 'b', 'a']) await memo(key);
    assert.deepEqual(reads, ['a', 'b', 'c', 'a']);
  });
});
