/** Assertion IDs are kept until expiry and never accepted twice, also across nodes. */
import assert from 'node:assert/strict';
import { createReplayCache } from '../../../src/store/index.js';
import { replayCacheContract } from '../../broker/contracts/replay-cache.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { twinStores, type TwinStores } from '../../support/twin-stores.js';

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);
const ent = 'https://ent.example/idp';

describeEachDialect('SQL replay cache', (dialect) => {
  replayCacheContract(async () => {
    const store = await freshStore(dialect);
    return { cache: createReplayCache(store), close: () => store.close() };
  });

  it('stores a bounded key whatever the length of issuer and ID, and purging deletes the row', async () => {
    const store = await freshStore(dialect);
    try {
      const cache = createReplayCache(store);
      assert.equal(await cache.remember(ent.repeat(100), '_'.repeat(10_000), at(300), at(0)), 'new');
      await cache.remember(ent, '_live', at(600), at(0));
      const rows = await store.db.selectFrom('replay_entry').select('key').execute();
      assert.deepEqual(
        rows.map((r) => r.key.length),
        [64, 64],
      );
      assert.equal(await cache.purgeExpired(at(300)), 1);
      assert.equal(
        await store.db
          .selectFrom('replay_entry')
          .select('key')
          .execute()
          .then((r) => r.length),
        1,
      );
    } finally {
      await store.close();
    }
  });
});

describeEachDialect('SQL replay cache under concurrency', (dialect) => {
  let twins: TwinStores;
  beforeEach(async () => {
    twins = await twinStores(dialect);
  });
  afterEach(() => twins.close());

  it('two nodes receiving the same assertion at once: exactly one new (20 rounds)', async () => {
    const caches = [createReplayCache(twins.first), createReplayCache(twins.second)];
    for (let round = 0; round < 20; round += 1) {
      const outcomes = await Promise.all(
        [0, 1, 0, 1].map((i) => caches[i]!.remember(ent, `_race${round}`, at(300), at(0))),
      );
      assert.deepEqual([...outcomes].sort(), ['new', 'replayed', 'replayed', 'replayed'], `round ${round}`);
    }
  });
});
