import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSealer } from '../../../src/trust/index.js';

describe('trust: sealed values', () => {
  const secret = randomBytes(32);
  const now = new Date('2026-12-02T10:00:00Z');
  const later = new Date(now.getTime() + 60_000);

  it('opens what it sealed until it expires', () => {
    const sealer = createSealer(secret, 'test');
    const sealed = sealer.seal({ a: 1, b: 'é' }, later);
    assert.deepEqual(sealer.open(sealed, now), { a: 1, b: 'é' });
    assert.equal(sealer.open(sealed, later), undefined, 'expired at its instant');
  });

  it('refuses a tampered body, a tampered tag, another purpose and another secret', () => {
    const sealer = createSealer(secret, 'test');
    const sealed = sealer.seal({ uai: '0561234A' }, later);
    const [body, tag] = sealed.split('.') as [string, string];
    const forgedBody = Buffer.from(JSON.stringify({ v: { uai: '0750001A' }, e: later.getTime() })).toString(
      'base64url',
    );
    assert.equal(sealer.open(`${forgedBody}.${tag}`, now), undefined);
    assert.equal(sealer.open(`${body}.${tag.slice(0, -2)}AA`, now), undefined);
    assert.equal(sealer.open(`${body}.${tag}.x`, now), undefined);
    assert.equal(createSealer(secret, 'other').open(sealed, now), undefined);
    assert.equal(createSealer(randomBytes(32), 'test').open(sealed, now), undefined);
  });
});
