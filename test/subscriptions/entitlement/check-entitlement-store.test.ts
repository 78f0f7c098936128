/**
 * The one entitlement function over a real store (both dialects): the facts the store loads and
 * the pure rule together, as the login flow calls them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createLicensingStore, createSubscriptionStore, type Store } from '../../../src/store/index.js';
import {
  createEntitlementCheck,
  parseSubscriptionXml,
  type CheckEntitlement,
} from '../../../src/subscriptions/index.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import {
  addSubscription,
  audit,
  departPerson,
  distributorId,
  entId,
  otherUai,
  pupilId,
  resourceId,
  seedDirectory,
  uai,
} from '../../support/licensing-fixtures.js';
import { licensingViolations } from '../../support/licensing-invariants.js';

const during = new Date('2026-01-15T10:00:00Z');

describeEachDialect('entitlement check over the store', (dialect) => {
  let store: Store;
  let check: CheckEntitlement;
  const ask = (personId: string, at = during, where = uai) =>
    check({ person: { entId, personId }, uai: where, idRessource: resourceId, at });
  const reason = async (personId: string, at = during) => {
    const decision = await ask(personId, at);
    return decision.allowed ? 'ALLOWED' : decision.reason;
  };

  beforeEach(async () => {
    store = await freshStore(dialect);
    await seedDirectory(store.db, { pupilsPerClass: 5 });
    check = createEntitlementCheck(createLicensingStore(store));
  });
  afterEach(() => store.close());

  it('denies without a subscription, and outside the establishment', async () => {
    assert.equal(await reason(pupilId('6A', 1)), 'NO_SUBSCRIPTION');
    await addSubscription(store.db, { id: 'E', type: 'ETABL', global: 'ILLIMITE' });
    const elsewhere = await ask(pupilId('6A', 1), during, '0569999Z');
    assert.deepEqual(elsewhere, { allowed: false, reason: 'NOT_IN_ESTABLISHMENT' });
    assert.equal(await reason('nobody'), 'NOT_IN_ESTABLISHMENT');
  });

  it('ETABL allows every person of its audiences, and only them', async () => {
    await addSubscription(store.db, { id: 'E', type: 'ETABL', global: 'ILLIMITE', audiences: ['ELEVE'] });
    assert.equal(await reason(pupilId('6A', 1)), 'ALLOWED');
    assert.equal(await reason(pupilId('6B', 5)), 'ALLOWED');
    assert.equal(await reason('ens-maths'), 'AUDIENCE_EXCLUDED');
  });

  it('INDIV allows licence holders only, never more than the count', async () => {
    const key = await addSubscription(store.db, { id: 'I', global: 3, audiences: ['ELEVE'] });
    await createLicensingStore(store).addAssignment(
      key,
      uai,
      { kind: 'class', code: '6A', audience: 'ELEVE' },
      audit(),
    );
    const pupils = ['6A', '6B'].flatMap((c) => [1, 2, 3, 4, 5].map((n) => pupilId(c, n)));
    const reasons = await Promise.all(pupils.map((p) => reason(p)));
    assert.equal(reasons.filter((r) => r === 'ALLOWED').length, 3);
    assert.deepEqual(reasons.slice(0, 3), ['ALLOWED', 'ALLOWED', 'ALLOWED']);
    assert.ok(reasons.slice(3).every((r) => r === 'NO_LICENCE'));
  });

  it('nobody before the start or after the end of validity', async () => {
    await addSubscription(store.db, { id: 'E', type: 'ETABL', global: 'ILLIMITE' });
    assert.equal(await reason(pupilId('6A', 1), new Date('2025-08-31T21:59:59Z')), 'SUBSCRIPTION_NOT_YET_VALID');
    assert.equal(
      await reason(pupilId('6A', 1), new Date('2025-08-31T22:00:00Z')),
      'ALLOWED',
      'starts at midnight French time',
    );
    assert.equal(await reason(pupilId('6A', 1), new Date('2026-08-14T21:59:59Z')), 'ALLOWED');
    assert.equal(
      await reason(pupilId('6A', 1), new Date('2026-08-14T22:00:00Z')),
      'SUBSCRIPTION_EXPIRED',
      'ends 15 August 00:00 French time',
    );
  });

  it(
    "a primary school's subscription with only teacher and pupil counts (Sacado's body) serves pupils and "
      + 'teachers by licence; an audience whose count was left out gets none',
    async () => {
      // The catalogue rows (publisher, distributor, resource) come with a subscription elsewhere.
      await addSubscription(store.db, { id: 'AILLEURS', uai: otherUai, type: 'ETABL', global: 1 });
      const body = readFileSync('test/fixtures/wsabonnement/valid.create-primary-school-two-counts.xml', 'utf8')
        .replaceAll('0561534N', uai)
        .replace('ark:/46173/00001.p', resourceId)
        .replace('832020065_0000000000000000', distributorId)
        .replace('<nbLicenceEleve>120<', '<nbLicenceEleve>3<')
        .replace('</abonnement>', '<publicCible>DOCUMENTALISTE</publicCible></abonnement>');
      const input = parseSubscriptionXml(body, { mode: 'create' });
      assert.equal(await createSubscriptionStore(store).createSubscription(distributorId, input, audit()), 'created');
      const key = { distributorId, subscriptionId: input.idAbonnement };
      const licensing = createLicensingStore(store);
      await licensing.addAssignment(key, uai, { kind: 'class', code: '6A', audience: 'ELEVE' }, audit());
      await licensing.addAssignment(key, uai, { kind: 'profile', audience: 'ENSEIGNANT' }, audit());
      const librarians = await licensing.addAssignment(
        key,
        uai,
        { kind: 'profile', audience: 'DOCUMENTALISTE' },
        audit(),
      );
      const pupils = [1, 2, 3, 4, 5].map((n) => pupilId('6A', n));
      assert.deepEqual(await Promise.all(pupils.map((p) => reason(p))), [
        'ALLOWED',
        'ALLOWED',
        'ALLOWED',
        'NO_LICENCE',
        'NO_LICENCE',
      ]);
      assert.deepEqual(await Promise.all(['ens-maths', 'ens-anglais', 'ens-latin'].map((p) => reason(p))), [
        'ALLOWED',
        'ALLOWED',
        'ALLOWED',
      ]);
      assert.equal(await reason('doc-1'), 'NO_LICENCE');
      assert.deepEqual([librarians.granted, librarians.waiting], [0, 1]);
      assert.deepEqual(await licensingViolations(store.db, key, { afterReconcile: true }), []);
    },
  );

  it('a pupil who leaves loses access; the licence goes to one who waited', async () => {
    const key = await addSubscription(store.db, { id: 'I', global: 1, audiences: ['ELEVE'] });
    const licensing = createLicensingStore(store);
    await licensing.addAssignment(key, uai, { kind: 'class', code: '6A', audience: 'ELEVE' }, audit());
    assert.equal(await reason(pupilId('6A', 1)), 'ALLOWED');
    assert.equal(await reason(pupilId('6A', 2)), 'NO_LICENCE');
    await departPerson(store.db, pupilId('6A', 1));
    await licensing.reconcile({}, audit('system:feed-import'));
    assert.equal(await reason(pupilId('6A', 1)), 'NOT_IN_ESTABLISHMENT');
    assert.equal(await reason(pupilId('6A', 2)), 'ALLOWED');
  });
});
