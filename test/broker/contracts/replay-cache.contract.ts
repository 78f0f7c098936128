/**
 * The ReplayCache port (src/broker/ports.ts): an assertion ID is new once per issuer, replayed
 * until its entry expires, and of concurrent calls exactly one gets `new`.
 */
import assert from 'node:assert/strict';
import type { ReplayCache } from '../../../src/broker/index.js';
import { eachSubject, type ContractSubject } from '../../support/contract-subject.js';

export interface ReplayCacheSubject extends ContractSubject {
  readonly cache: ReplayCache;
}

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);
const ent = 'https://ent.example/idp';

export function replayCacheContract(subject: () => Promise<ReplayCacheSubject>): void {
  const current = eachSubject(subject);

  it('says new the first time, replayed until the entry expires', async () => {
    const { cache } = current();
    assert.equal(await cache.remember(ent, '_a1', at(300), at(0)), 'new');
    assert.equal(await cache.remember(ent, '_a1', at(300), at(1)), 'replayed');
    assert.equal(await cache.remember(ent, '_a1', at(900), at(299)), 'replayed');
  });

  it('scopes IDs per issuer, and keeps issuer and ID apart however they split', async () => {
    const { cache } = current();
    assert.equal(await cache.remember(ent, '_a1', at(300), at(0)), 'new');
    assert.equal(await cache.remember('https://other-ent.example/idp', '_a1', at(300), at(0)), 'new');
    assert.equal(await cache.remember('ab', 'c', at(300), at(0)), 'new');
    assert.equal(await cache.remember('a', 'bc', at(300), at(0)), 'new');
  });

  it('accepts an issuer and an ID of any length', async () => {
    const { cache } = current();
    assert.equal(await cache.remember(ent.repeat(100), '_'.repeat(10_000), at(300), at(0)), 'new');
    assert.equal(await cache.remember(ent.repeat(100), '_'.repeat(10_000), at(300), at(1)), 'replayed');
  });

  it('no longer counts an entry past its expiry, even before it is purged', async () => {
    const { cache } = current();
    assert.equal(await cache.remember(ent, '_a1', at(300), at(0)), 'new');
    assert.equal(await cache.remember(ent, '_a1', at(900), at(300)), 'new');
    assert.equal(await cache.remember(ent, '_a1', at(900), at(301)), 'replayed');
  });

  it('purges only the expired entries', async () => {
    const { cache } = current();
    await cache.remember(ent, '_old', at(60), at(0));
    await cache.remember(ent, '_live', at(600), at(0));
    assert.equal(await cache.purgeExpired(at(60)), 1);
    assert.equal(await cache.purgeExpired(at(60)), 0);
    assert.equal(await cache.remember(ent, '_live', at(600), at(61)), 'replayed');
  });

  it('of concurrent calls with the same assertion, exactly one gets new', async () => {
    const { cache } = current();
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => cache.remember(ent, '_race', at(300), at(0))));
    assert.deepEqual([...outcomes].sort(), ['new', 'replayed', 'replayed', 'replayed']);
  });
}
