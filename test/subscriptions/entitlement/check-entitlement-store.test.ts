/**
 * The one entitlement function over a real store (both dialects): the facts the store loads and
 * the pure rule together, as the login flow calls them.
 */
import assert from 'node:assert/strict';
import { createLicensingStore, type Store } from '../../../src/store/index.js';
import { createEntitlementCheck, type CheckEntitlement } from '../../../src/subscriptions/index.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import {
  addSubscription,
  audit,
  departPerson,
  entId,
  pupilId,
  resourceId,
  seedDirectory,
  uai,
} from '../../support/licensing-fixtures.js';

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
