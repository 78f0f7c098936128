import assert from 'node:assert/strict';
import type { Store } from '../../src/store/index.js';
import { createSubscriptionStore } from '../../src/store/index.js';
import type { AuditContext, SubscriptionStore } from '../../src/subscriptions/index.js';
import { creation, distributorA, distributorB, establishments, seedCatalogue } from '../support/catalogue-fixtures.js';
import { describeEachDialect, freshStore } from '../support/each-dialect.js';

const audit: AuditContext = { actor: 'distributor:test', at: new Date('2026-03-01T10:00:00Z'), correlationId: 'c1' };
const page = { debut: 0, fin: 1000 };

async function addLicences(store: Store, id: string, audiences: readonly string[], bucket = 'global'): Promise<void> {
  const column = bucket === 'global' ? 'used_global' : `used_${bucket}` as const;
  for (const [i, audience] of audiences.entries()) {
    await store.db.insertInto('licence').values({
      distributor_id: distributorA, subscription_id: id, ent_id: 'ENT1', person_id: `P${i}`, bucket, audience,
      assignment_id: null, granted_at: '2026-02-01T00:00:00Z', released_at: null, release_reason: null,
    }).execute();
  }
  await store.db.updateTable('subscription').set({ [column]: audiences.length }).where('id', '=', id).execute();
}

describeEachDialect('SQL subscription store', (dialect) => {
  let store: Store;
  let subscriptions: SubscriptionStore;
  beforeEach(async () => {
    store = await freshStore(dialect);
    await seedCatalogue(store);
    subscriptions = createSubscriptionStore(store);
  });
  afterEach(() => store.close());

  it('stores a creation and reads back exactly what was sent, with zero usage', async () => {
    const input = creation({ commentaireAbonnement: 'offre « collège »', codeProjetRessource: 'P1' });
    assert.equal(await subscriptions.createSubscription(distributorA, input, audit), 'created');
    const record = await subscriptions.getSubscription(distributorA, 'ABO-1');
    assert.deepEqual(record?.subscription, input);
    assert.deepEqual(record?.usage, { global: 0, pupil: 0, teacher: 0, librarian: 0, other: 0 });
  });

  it('answers exists for a second create of the same id, also when both race', async () => {
    const outcomes = await Promise.all([1, 2, 3].map(() => subscriptions.createSubscription(distributorA, creation(), audit)));
    assert.deepEqual([...outcomes].sort(), ['created', 'exists', 'exists']);
  });

  it('keys subscriptions per distributor: B may use A\'s id, and never sees A\'s', async () => {
    await subscriptions.createSubscription(distributorA, creation(), audit);
    assert.equal(await subscriptions.getSubscription(distributorB, 'ABO-1'), undefined);
    assert.deepEqual(await subscriptions.listSubscriptions(distributorB, { filters: [] }, page), []);
    assert.equal(await subscriptions.updateSubscription(distributorB, 'ABO-1', creation(), audit), 'not-found');
    assert.equal(await subscriptions.deleteSubscription(distributorB, 'ABO-1', audit), 'not-found');
    assert.equal(await subscriptions.createSubscription(distributorB, creation({ idDistributeurCom: distributorB }), audit), 'created');
    assert.equal((await subscriptions.getSubscription(distributorA, 'ABO-1'))?.subscription.idDistributeurCom, distributorA);
  });

  it('updates every field but the establishment, and audits before and after', async () => {
    await subscriptions.createSubscription(distributorA, creation(), audit);
    const { uaiEtab: _uai, ...update } = creation({ libelleRessource: 'Nouveau titre', fin: { kind: 'date', finValidite: '2027-06-30T23:59:59' } });
    assert.equal(await subscriptions.updateSubscription(distributorA, 'ABO-1', update, audit), 'updated');
    const record = await subscriptions.getSubscription(distributorA, 'ABO-1');
    assert.equal(record?.subscription.libelleRessource, 'Nouveau titre');
    assert.equal(record?.subscription.uaiEtab, establishments[0]);
    const events = await store.db.selectFrom('audit_event').selectAll().orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.action), ['subscription.create', 'subscription.update']);
    assert.equal(JSON.parse(events[1]?.before_state ?? '{}').libelleRessource, 'Manuel numérique');
    assert.equal(JSON.parse(events[1]?.after_state ?? '{}').libelleRessource, 'Nouveau titre');
    assert.equal(events[1]?.actor, 'distributor:test');
  });

  it('refuses to lower a count below the licences held, and changes nothing', async () => {
    await subscriptions.createSubscription(distributorA, creation(), audit);
    await addLicences(store, 'ABO-1', ['ELEVE', 'ELEVE', 'ENSEIGNANT']);
    const { uaiEtab: _uai, ...update } = creation({ licences: { kind: 'global', nbLicenceGlobale: 2 } });
    assert.deepEqual(await subscriptions.updateSubscription(distributorA, 'ABO-1', update, audit), { kind: 'below-usage', bucket: 'global', used: 3 });
    const record = await subscriptions.getSubscription(distributorA, 'ABO-1');
    assert.deepEqual(record?.subscription.licences, { kind: 'global', nbLicenceGlobale: 30 });
    assert.equal((await store.db.selectFrom('audit_event').selectAll().execute()).length, 1);
  });

  it('moves held licences between the global count and per-audience counts', async () => {
    await subscriptions.createSubscription(distributorA, creation(), audit);
    await addLicences(store, 'ABO-1', ['ELEVE', 'ELEVE', 'ENSEIGNANT']);
    const perAudience = { kind: 'perAudience', nbLicenceEnseignant: 1, nbLicenceEleve: 2, nbLicenceProfDoc: 0, nbLicenceAutrePersonnel: 'ILLIMITE' } as const;
    const { uaiEtab: _uai, ...update } = creation({ licences: perAudience });
    assert.equal(await subscriptions.updateSubscription(distributorA, 'ABO-1', update, audit), 'updated');
    const record = await subscriptions.getSubscription(distributorA, 'ABO-1');
    assert.deepEqual(record?.usage, { global: 0, pupil: 2, teacher: 1, librarian: 0, other: 0 });
    const buckets = await store.db.selectFrom('licence').select('bucket').orderBy('person_id').execute();
    assert.deepEqual(buckets.map((b) => b.bucket), ['pupil', 'pupil', 'teacher']);
    const tooFew = creation({ licences: { ...perAudience, nbLicenceEleve: 1 } });
    const { uaiEtab: _u, ...lower } = tooFew;
    assert.deepEqual(await subscriptions.updateSubscription(distributorA, 'ABO-1', lower, audit), { kind: 'below-usage', bucket: 'pupil', used: 2 });
  });

  it('deletes a subscription with its licences and audits what it was', async () => {
    await subscriptions.createSubscription(distributorA, creation(), audit);
    await addLicences(store, 'ABO-1', ['ELEVE']);
    assert.equal(await subscriptions.deleteSubscription(distributorA, 'ABO-1', audit), 'deleted');
    assert.equal(await subscriptions.getSubscription(distributorA, 'ABO-1'), undefined);
    assert.equal((await store.db.selectFrom('licence').selectAll().execute()).length, 0);
    const last = await store.db.selectFrom('audit_event').selectAll().orderBy('id', 'desc').executeTakeFirst();
    assert.equal(last?.action, 'subscription.delete');
    assert.equal(last?.after_state, null);
    assert.equal(JSON.parse(last?.before_state ?? '{}').idAbonnement, 'ABO-1');
    assert.equal(await subscriptions.deleteSubscription(distributorA, 'ABO-1', audit), 'not-found');
  });

  describe('list', () => {
    beforeEach(async () => {
      for (let i = 0; i < 12; i++) {
        await subscriptions.createSubscription(distributorA, creation({
          idAbonnement: `ABO-${String(i).padStart(2, '0')}`,
          uaiEtab: establishments[i % 3] as string,
          typeAffectation: i % 2 === 0 ? 'INDIV' : 'ETABL',
          publicCible: i % 4 === 0 ? ['DOCUMENTALISTE'] : ['ELEVE', 'AUTRE PERSONNEL'],
          ...(i < 5 ? { codeProjetRessource: 'PROJ' } : {}),
        }), audit);
      }
    });
    const ids = (records: readonly { subscription: { idAbonnement: string } }[]) => records.map((r) => r.subscription.idAbonnement);

    it('pages half-open and in id order by default', async () => {
      assert.deepEqual(ids(await subscriptions.listSubscriptions(distributorA, { filters: [] }, { debut: 2, fin: 5 })), ['ABO-02', 'ABO-03', 'ABO-04']);
      assert.equal((await subscriptions.listSubscriptions(distributorA, { filters: [] }, { debut: 10, fin: 20 })).length, 2);
    });

    it('ORs filters of one name and ANDs different names', async () => {
      const query = { filters: [
        { name: 'uaiEtab', value: establishments[0] }, { name: 'uaiEtab', value: establishments[1] }, { name: 'typeAffectation', value: 'INDIV' },
      ] } as const;
      assert.deepEqual(ids(await subscriptions.listSubscriptions(distributorA, query, page)), ['ABO-00', 'ABO-04', 'ABO-06', 'ABO-10']);
    });

    it('filters on an audience exactly, and on a project code', async () => {
      const doc = await subscriptions.listSubscriptions(distributorA, { filters: [{ name: 'publicCible', value: 'DOCUMENTALISTE' }] }, page);
      assert.deepEqual(ids(doc), ['ABO-00', 'ABO-04', 'ABO-08']);
      const other = await subscriptions.listSubscriptions(distributorA, { filters: [{ name: 'publicCible', value: 'AUTRE PERSONNEL' }] }, page);
      assert.equal(other.length, 9);
      assert.deepEqual(await subscriptions.listSubscriptions(distributorA, { filters: [{ name: 'publicCible', value: '%' }] }, page), []);
      const project = await subscriptions.listSubscriptions(distributorA, { filters: [{ name: 'codeProjetRessource', value: 'PROJ' }] }, page);
      assert.equal(project.length, 5);
    });

    it('sorts descending with the id as tie-breaker', async () => {
      const sorted = await subscriptions.listSubscriptions(distributorA, { filters: [], sort: { by: 'uaiEtab', order: 'DESC' } }, { debut: 0, fin: 4 });
      assert.deepEqual(ids(sorted), ['ABO-01', 'ABO-04', 'ABO-07', 'ABO-10']);
    });
  });

  it('finds live establishments only', async () => {
    assert.equal((await subscriptions.findEstablishment(establishments[1]))?.entId, 'ENT1');
    await store.db.updateTable('establishment').set({ departed_at: '2026-02-01T00:00:00Z' }).where('uai', '=', establishments[1]).execute();
    assert.equal(await subscriptions.findEstablishment(establishments[1]), undefined);
    assert.deepEqual((await subscriptions.listEstablishments()).map((e) => e.uai), [establishments[0], establishments[2]].sort());
  });
});
