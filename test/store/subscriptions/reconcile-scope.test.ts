import assert from 'node:assert/strict';
import { createLicensingStore, type Store } from '../../../src/store/index.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { addSubscription, audit, holders, seedDirectory } from '../../support/licensing-fixtures.js';

describeEachDialect('reconcile scoped to an ENT project', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await freshStore(dialect);
    await seedDirectory(store.db, { pupilsPerClass: 2 });
  });
  afterEach(() => store.close());

  it("after an import of ENT Z9, only Z9's establishments are reconciled", async () => {
    const at = '2026-01-01T00:00:00.000Z';
    await store.db.insertInto('ent_project').values({ id: 'Z9', name: 'Autre ENT', created_at: at }).execute();
    await store.db
      .insertInto('establishment')
      .values({
        uai: '0999001X',
        ent_id: 'Z9',
        degree: '2D',
        name: "Lycée d'ailleurs",
        attached_to: null,
        contract: null,
        phone: null,
        email: null,
        created_at: at,
        record_hash: 'h',
        departed_at: null,
        updated_at: at,
      })
      .execute();
    // A licence held in Z9's establishment by someone the directory no longer has there.
    const key = await addSubscription(store.db, { id: 'Z9-SUB', uai: '0999001X', global: 5 });
    await store.db
      .insertInto('licence')
      .values({
        distributor_id: key.distributorId,
        subscription_id: key.subscriptionId,
        ent_id: 'Z9',
        person_id: 'parti',
        bucket: 'global',
        audience: 'ELEVE',
        assignment_id: null,
        granted_at: at,
        released_at: null,
        release_reason: null,
      })
      .execute();
    await store.db.updateTable('subscription').set({ used_global: 1 }).where('id', '=', 'Z9-SUB').execute();
    const licensing = createLicensingStore(store);

    assert.deepEqual(await licensing.reconcile({ entId: 'Z0' }, audit()), { granted: 0, released: 0, waiting: 0 });
    assert.deepEqual(await holders(store.db, key), ['parti']);
    assert.equal((await licensing.reconcile({ entId: 'Z9' }, audit())).released, 1);
    assert.deepEqual(await holders(store.db, key), []);
  });
});
