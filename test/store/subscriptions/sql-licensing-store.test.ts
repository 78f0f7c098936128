/**
 * Licences on both dialects (the LicensingStore contract over the collège of
 * licensing-fixtures.ts), and what only the tables show: counters, buckets, release reasons, and
 * the database's own guard.
 */
import assert from 'node:assert/strict';
import { createLicensingStore, type Store } from '../../../src/store/index.js';
import { retryTransient } from '../../../src/store/retry-transient.js';
import type { AssignmentTarget, LicensingStore, SubscriptionKey } from '../../../src/subscriptions/index.js';
import { licensingStoreContract } from '../../subscriptions/contracts/licensing-store.contract.js';
import { describeEachDialect, freshStore, type TestDialect } from '../../support/each-dialect.js';
import {
  addPupil,
  addSubscription,
  audit,
  departPerson,
  holders,
  leaveGroup,
  mef6e,
  pupilId,
  seedDirectory,
  uai,
} from '../../support/licensing-fixtures.js';
import { licensingViolations } from '../../support/licensing-invariants.js';
import { storeAuditTrail } from '../../support/store-audit-trail.js';

async function collegeStore(dialect: TestDialect): Promise<Store> {
  const store = await freshStore(dialect);
  await seedDirectory(store.db);
  return store;
}

const code =
  (expected: string) =>
  (error: unknown): boolean => {
    assert.equal((error as { code?: string }).code, expected);
    return true;
  };

describeEachDialect('SQL licensing store', (dialect) => {
  licensingStoreContract(async () => {
    const store = await collegeStore(dialect);
    const { db } = store;
    return {
      licensing: createLicensingStore(store),
      auditTrail: storeAuditTrail(store),
      seed: {
        addSubscription: (spec) => addSubscription(db, spec),
        addPupil: (personId, classCode) => addPupil(db, personId, classCode),
        departPerson: (personId) => departPerson(db, personId),
        leaveGroup: (personId, groupCode) => leaveGroup(db, personId, groupCode),
      },
      inspect: {
        holders: (key) => holders(db, key),
        violations: (key) => licensingViolations(db, key, { afterReconcile: true }),
        storedState: () =>
          Promise.all(
            (['assignment', 'licence', 'audit_event'] as const).map(
              async (t) => (await db.selectFrom(t).selectAll().execute()).length,
            ),
          ),
      },
      close: () => store.close(),
    };
  });

  describe('its tables', () => {
    let store: Store;
    let licensing: LicensingStore;
    beforeEach(async () => {
      store = await collegeStore(dialect);
      licensing = createLicensingStore(store);
    });
    afterEach(async () => {
      await store.close();
    });

    const add = (key: SubscriptionKey, target: AssignmentTarget) =>
      licensing.addAssignment(key, uai, target, audit('ra'));
    const reasons = async (key: SubscriptionKey) =>
      (
        await store.db
          .selectFrom('licence')
          .select(['person_id', 'release_reason'])
          .where('subscription_id', '=', key.subscriptionId)
          .where('released_at', 'is not', null)
          .orderBy('person_id')
          .execute()
      ).map((r) => `${r.person_id}:${r.release_reason}`);

    it('counts held licences in the counter of the count they draw from', async () => {
      const shortage = await addSubscription(store.db, { id: 'ABO-1', global: 25 });
      await add(shortage, { kind: 'level', code: mef6e });
      const used = await store.db
        .selectFrom('subscription')
        .select('used_global')
        .where('id', '=', 'ABO-1')
        .executeTakeFirstOrThrow();
      assert.equal(used.used_global, 25);
      const perAudience = await addSubscription(store.db, { id: 'PER', perAudience: { pupil: 2, teacher: 1 } });
      await add(perAudience, { kind: 'profile', audience: 'ELEVE' });
      await add(perAudience, { kind: 'profile', audience: 'ENSEIGNANT' });
      const row = await store.db
        .selectFrom('subscription')
        .selectAll()
        .where('id', '=', 'PER')
        .executeTakeFirstOrThrow();
      assert.deepEqual([row.used_pupil, row.used_teacher, row.used_global], [2, 1, 0]);
      const global = await addSubscription(store.db, { id: 'GLOB', global: 3 });
      await add(global, { kind: 'profile', audience: 'ELEVE' });
      await add(global, { kind: 'profile', audience: 'ENSEIGNANT' });
      const buckets = await store.db
        .selectFrom('licence')
        .select('bucket')
        .distinct()
        .where('subscription_id', '=', 'GLOB')
        .execute();
      assert.deepEqual(
        buckets.map((b) => b.bucket),
        ['global'],
      );
    });

    it('records why a licence went back: its holder departed, or is no longer covered', async () => {
      const departed = await addSubscription(store.db, { id: 'ABO-1', perAudience: { pupil: 14 } });
      await add(departed, { kind: 'class', code: '6A', audience: 'ELEVE' });
      await departPerson(store.db, pupilId('6A', 3));
      await licensing.reconcile({ uai }, audit());
      assert.deepEqual(await reasons(departed), [`${pupilId('6A', 3)}:departed`]);
      const uncovered = await addSubscription(store.db, { id: 'ABO-2', perAudience: { pupil: 15 } });
      await add(uncovered, { kind: 'class', code: '6B', audience: 'ELEVE' });
      await leaveGroup(store.db, pupilId('6B', 1), '6B');
      await licensing.reconcile({}, audit());
      assert.deepEqual(await reasons(uncovered), [`${pupilId('6B', 1)}:uncovered`]);
    });

    it('turns a database guard firing into ERR_STORE_CONFLICT, never a raw driver error', async () => {
      await addSubscription(store.db, { id: 'ABO-1', perAudience: { pupil: 2 } });
      const overdraw = () => store.db.updateTable('subscription').set({ used_pupil: 3 }).execute();
      await assert.rejects(retryTransient(overdraw), code('ERR_STORE_CONFLICT'));
      const row = await store.db.selectFrom('subscription').select('used_pupil').executeTakeFirstOrThrow();
      assert.equal(row.used_pupil, 0);
    });
  });
});
