/** Issue 4: assertion IDs are kept until expiry and never accepted twice, also across nodes. */
import assert from 'node:assert/strict';
import type { ReplayCache } from '../../src/broker/index.js';
import { createReplayCache, type Store } from '../../src/store/index.js';
import { describeEachDialect, freshStore } from '../support/each-dialect.js';
import { twinStores, type TwinStores } from '../support/twin-stores.js';

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);
const ent = 'https://ent.example/idp';

describeEachDialect('replay cache', (dialect) => {
  let store: Store;
  let cache: ReplayCache;
  beforeEach(async () => {
    store = await freshStore(dialect);
    cache = createReplayCache(store);
  });
  afterEach(() => store.close());

  it('says new the first time, replayed until the entry expires', async () => {
    assert.equal(await cache.remember(ent, '_a1', at(300), at(0)), 'new');
    assert.equal(await cache.remember(ent, '_a1', at(300), at(1)), 'replayed');
    assert.equal(await cache.remember(ent, '_a1', at(900), at(299)), 'replayed');
  });

  it('scopes IDs per issuer, and the NUL separator keeps issuer and ID apart', async () => {
    assert.equal(await cache.remember(ent, '_a1', at(300), at(0)), 'new');
    assert.equal(await cache.remember('https://other-ent.example/idp', '_a1', at(300), at(0)), 'new');
    assert.equal(await cache.remember('ab', 'c', at(300), at(0)), 'new');
    assert.equal(await cache.remember('a', 'bc', at(300), at(0)), 'new');
  });

  it('stores a bounded key whatever the length of issuer and ID', async () => {
    assert.equal(await cache.remember(ent.repeat(100), '_'.repeat(10_000), at(300), at(0)), 'new');
    const rows = await store.db.selectFrom('replay_entry').select('key').execute();
    assert.deepEqual(rows.map((r) => r.key.length), [64]);
  });

  it('no longer counts an entry past its expiry, even before it is purged', async () => {
    assert.equal(await cache.remember(ent, '_a1', at(300), at(0)), 'new');
    assert.equal(await cache.remember(ent, '_a1', at(900), at(300)), 'new');
    assert.equal(await cache.remember(ent, '_a1', at(900), at(301)), 'replayed');
  });

  it('purges only the expired entries', async () => {
    await cache.remember(ent, '_old', at(60), at(0));
    await cache.remember(ent, '_live', at(600), at(0));
    assert.equal(await cache.purgeExpired(at(60)), 1);
    assert.equal(await cache.remember(ent, '_live', at(600), at(61)), 'replayed');
    assert.equal(await store.db.selectFrom('replay_entry').select('key').execute().then((r) => r.length), 1);
  });
});

describeEachDialect('replay cache under concurrency', (dialect) => {
  let twins: TwinStores;
  beforeEach(async () => { twins = await twinStores(dialect); });
  afterEach(() => twins.close());

  it('two nodes receiving the same assertion at once: exactly one new (20 rounds)', async () => {
    const caches = [createReplayCache(twins.first), createReplayCache(twins.second)];
    for (let round = 0; round < 20; round += 1) {
      const outcomes = await Promise.all([0, 1, 0, 1].map((i) => caches[i]!.remember(ent, `_race${round}`, at(300), at(0))));
      assert.deepEqual([...outcomes].sort(), ['new', 'replayed', 'replayed', 'replayed'], `round ${round}`);
    }
  });
});
