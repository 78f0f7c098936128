/**
 * The distributors' subscriptions on both dialects (the SubscriptionStore contract over the
 * catalogue of catalogue-fixtures.ts), and the licence rows only the tables show.
 */
import assert from 'node:assert/strict';
import { createSubscriptionStore, type Store } from '../../../src/store/index.js';
import type { AuditContext } from '../../../src/subscriptions/index.js';
import { subscriptionStoreContract } from '../../subscriptions/contracts/subscription-store.contract.js';
import { creation, distributorA, holdLicences, seedCatalogue } from '../../support/catalogue-fixtures.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { storeAuditTrail } from '../../support/store-audit-trail.js';

const audit: AuditContext = { actor: 'distributor:test', at: new Date('2026-03-01T10:00:00Z'), correlationId: 'c1' };

async function catalogueStore(dialect: Parameters<typeof freshStore>[0]): Promise<Store> {
  const store = await freshStore(dialect);
  await seedCatalogue(store);
  return store;
}

describeEachDialect('SQL subscription store', (dialect) => {
  subscriptionStoreContract(async () => {
    const store = await catalogueStore(dialect);
    return {
      subscriptions: createSubscriptionStore(store),
      auditTrail: storeAuditTrail(store),
      seed: {
        holdLicences: (id, audiences, bucket) => holdLicences(store, id, audiences, bucket),
        departEstablishment: async (uai) => {
          await store.db
            .updateTable('establishment')
            .set({ departed_at: '2026-02-01T00:00:00Z' })
            .where('uai', '=', uai)
            .execute();
        },
      },
      close: () => store.close(),
    };
  });

  describe('its licence rows', () => {
    let store: Store;
    beforeEach(async () => {
      store = await catalogueStore(dialect);
    });
    afterEach(() => store.close());

    it('moves each held licence to the bucket of its audience', async () => {
      const subscriptions = createSubscriptionStore(store);
      await subscriptions.createSubscription(distributorA, creation(), audit);
      await holdLicences(store, 'ABO-1', ['ELEVE', 'ELEVE', 'ENSEIGNANT']);
      const licences = {
        kind: 'perAudience',
        nbLicenceEnseignant: 1,
        nbLicenceEleve: 2,
        nbLicenceProfDoc: 0,
        nbLicenceAutrePersonnel: 'ILLIMITE',
      } as const;
      const { uaiEtab: _uai, ...update } = creation({ licences });
      assert.equal(await subscriptions.updateSubscription(distributorA, 'ABO-1', update, audit), 'updated');
      const buckets = await store.db.selectFrom('licence').select('bucket').orderBy('person_id').execute();
      assert.deepEqual(
        buckets.map((b) => b.bucket),
        ['pupil', 'pupil', 'teacher'],
      );
    });

    it('deletes the licences of a deleted subscription', async () => {
      const subscriptions = createSubscriptionStore(store);
      await subscriptions.createSubscription(distributorA, creation(), audit);
      await holdLicences(store, 'ABO-1', ['ELEVE']);
      assert.equal(await subscriptions.deleteSubscription(distributorA, 'ABO-1', audit), 'deleted');
      assert.equal((await store.db.selectFrom('licence').selectAll().execute()).length, 0);
    });
  });
});
