/**
 * gar-reference §5: counts are never exceeded, also when two licence managers assign at the same
 * instant. Two stores on one database (two processes' worth of connections) race on the same
 * subscription with scarce licences; every call must succeed and the counters must stay exact.
 */
import assert from 'node:assert/strict';
import { createLicensingStore, type Store } from '../../../src/store/index.js';
import type { LicensingStore, SubscriptionKey } from '../../../src/subscriptions/index.js';
import { describeEachDialect } from '../../support/each-dialect.js';
import {
  addPupil,
  addSubscription,
  audit,
  departPerson,
  holders,
  pupilId,
  seedDirectory,
  uai,
} from '../../support/licensing-fixtures.js';
import { licensingViolations } from '../../support/licensing-invariants.js';
import { twinStores, type TwinStores } from '../../support/twin-stores.js';

const rounds = 20;
const perClass = 8;

describeEachDialect('licensing under concurrency', (dialect) => {
  let twins: TwinStores;
  let a: LicensingStore;
  let b: LicensingStore;
  let db: Store['db'];
  beforeEach(async () => {
    twins = await twinStores(dialect);
    db = twins.first.db;
    await seedDirectory(db, { pupilsPerClass: perClass });
    a = createLicensingStore(twins.first);
    b = createLicensingStore(twins.second);
  });
  afterEach(async () => {
    await twins.close();
  });

  async function assertExact(key: SubscriptionKey, count: number, expectedHeld: number): Promise<void> {
    const row = await db
      .selectFrom('subscription')
      .select('used_pupil')
      .where('id', '=', key.subscriptionId)
      .executeTakeFirstOrThrow();
    const held = await holders(db, key);
    assert.ok(row.used_pupil <= count, `${key.subscriptionId}: used ${row.used_pupil} > ${count}`);
    assert.equal(row.used_pupil, held.length);
    assert.equal(held.length, expectedHeld);
    assert.deepEqual(await licensingViolations(db, key, { afterReconcile: true }), []);
  }

  it(`two managers assign two classes of one subscription at the same instant (${rounds} rounds)`, async () => {
    for (let round = 0; round < rounds; round += 1) {
      const count = 3 + (round % 10);
      const key = await addSubscription(db, { id: `RACE-${round}`, perAudience: { pupil: count } });
      const views = await Promise.all([
        a.addAssignment(key, uai, { kind: 'class', code: '6A', audience: 'ELEVE' }, audit('ra-1')),
        b.addAssignment(key, uai, { kind: 'class', code: '6B', audience: 'ELEVE' }, audit('ra-2')),
      ]);
      assert.equal(views[0].granted + views[1].granted, Math.min(count, 2 * perClass));
      await assertExact(key, count, Math.min(count, 2 * perClass));
    }
  });

  it(`many assignments at once, from both stores, never exceed one small count (${rounds} rounds)`, async () => {
    for (let round = 0; round < rounds; round += 1) {
      const key = await addSubscription(db, { id: `CROWD-${round}`, perAudience: { pupil: 5 } });
      const targets = [
        { kind: 'class', code: '6A', audience: 'ELEVE' },
        { kind: 'class', code: '6B', audience: 'ELEVE' },
        { kind: 'group', code: 'LATIN', audience: 'ELEVE' },
        { kind: 'person', entId: 'Z0', personId: pupilId('6B', 8) },
      ] as const;
      await Promise.all(targets.map((t, i) => (i % 2 === 0 ? a : b).addAssignment(key, uai, t, audit())));
      await assertExact(key, 5, 5);
    }
  });

  it('a reconciliation and an assignment racing keep the counts exact', async () => {
    for (let round = 0; round < 10; round += 1) {
      const key = await addSubscription(db, { id: `MIX-${round}`, perAudience: { pupil: perClass + 2 } });
      await a.addAssignment(key, uai, { kind: 'class', code: '6A', audience: 'ELEVE' }, audit());
      const newcomer = `new-${round}`;
      await addPupil(db, newcomer, '6A');
      await departPerson(db, pupilId('6A', 1 + (round % perClass)));
      await Promise.all([
        a.reconcile({ uai }, audit('system:feed-import')),
        b.addAssignment(key, uai, { kind: 'class', code: '6B', audience: 'ELEVE' }, audit()),
        b.reconcile({}, audit('system:feed-import')),
      ]);
      await a.reconcile({ uai }, audit());
      await assertExact(key, perClass + 2, perClass + 2);
    }
  });
});
