/**
 * The MediacentreStore port (src/mediacentre/ports.ts): live establishments, and for one person of
 * one establishment their live profiles there and every subscription of the establishment by
 * resource, with whether they hold one of its licences, read live. The subject holds the collège
 * of licensing-fixtures.ts; licences are granted through the licensing port.
 */
import assert from 'node:assert/strict';
import type { MediacentreStore, OfferedSubscription } from '../../../src/mediacentre/index.js';
import type { LicensingStore, SubscriptionKey } from '../../../src/subscriptions/index.js';
import { eachSubject, type ContractSubject } from '../../support/contract-subject.js';
import {
  audit,
  entId,
  otherUai,
  pupilId,
  resourceId,
  uai,
  type SubscriptionSpec,
} from '../../support/licensing-fixtures.js';

export interface MediacentreStoreSubject extends ContractSubject {
  readonly mediacentre: MediacentreStore;
  readonly licensing: LicensingStore;
  readonly seed: {
    addSubscription(spec: SubscriptionSpec): Promise<SubscriptionKey>;
    departPerson(personId: string): Promise<void>;
    departEstablishment(uai: string): Promise<void>;
  };
}

const otherDistributor = '987654321_0000000000000002';
const atlas = 'ark:/86527/r-atlas';
const offered = (key: SubscriptionKey, overrides: Partial<OfferedSubscription> = {}): OfferedSubscription => ({
  key,
  validFrom: '2025-09-01T00:00:00',
  validUntil: '2026-08-15T00:00:00',
  assignmentType: 'INDIV',
  audiences: ['ELEVE', 'ENSEIGNANT', 'DOCUMENTALISTE', 'AUTRE PERSONNEL'],
  holdsLicence: false,
  ...overrides,
});

export function mediacentreStoreContract(subject: () => Promise<MediacentreStoreSubject>): void {
  const current = eachSubject(subject);

  it('finds a live establishment with its ENT project, never a departed or unknown one', async () => {
    const { mediacentre, seed } = current();
    assert.deepEqual(await mediacentre.findEstablishment(uai), { uai, entId });
    assert.equal(await mediacentre.findEstablishment('0000000X'), undefined);
    await seed.departEstablishment(uai);
    assert.equal(await mediacentre.findEstablishment(uai), undefined);
  });

  it('offers each subscription of the establishment by resource, saying if the person holds a licence', async () => {
    const { mediacentre, licensing, seed } = current();
    const indiv = await seed.addSubscription({ id: 'ABO-1', global: 5, audiences: ['ELEVE'] });
    const etabl = await seed.addSubscription({
      id: 'ETAB',
      distributor: otherDistributor,
      type: 'ETABL',
      global: 'ILLIMITE',
    });
    const second = await seed.addSubscription({ id: 'ATLAS', resource: atlas, global: 'ILLIMITE' });
    await seed.addSubscription({ id: 'AILLEURS', uai: otherUai, global: 'ILLIMITE' });
    await licensing.addAssignment(indiv, uai, { kind: 'person', entId, personId: pupilId('6A', 1) }, audit());
    const offer = await mediacentre.loadOffer({ entId, personId: pupilId('6A', 1) }, uai);
    assert.deepEqual(offer.person, { profiles: ['National_elv'] });
    assert.deepEqual([...offer.subscriptionsByResource.keys()].sort(), [atlas, resourceId].sort());
    const key = (s: OfferedSubscription) => `${s.key.distributorId}/${s.key.subscriptionId}`;
    assert.deepEqual(
      [...(offer.subscriptionsByResource.get(resourceId) ?? [])].sort((a, b) => (key(a) < key(b) ? -1 : 1)),
      [offered(indiv, { audiences: ['ELEVE'], holdsLicence: true }), offered(etabl, { assignmentType: 'ETABL' })].sort(
        (a, b) => (key(a) < key(b) ? -1 : 1),
      ),
    );
    assert.deepEqual(offer.subscriptionsByResource.get(atlas), [offered(second)]);
    const neighbour = await mediacentre.loadOffer({ entId, personId: pupilId('6A', 2) }, uai);
    assert.equal(
      neighbour.subscriptionsByResource.get(resourceId)?.find((s) => s.key.subscriptionId === 'ABO-1')?.holdsLicence,
      false,
    );
  });

  it('reads licences live: a new assignment shows in the next offer', async () => {
    const { mediacentre, licensing, seed } = current();
    const key = await seed.addSubscription({ id: 'ABO-1', global: 'ILLIMITE' });
    const holds = async () =>
      (await mediacentre.loadOffer({ entId, personId: 'doc-1' }, uai)).subscriptionsByResource.get(resourceId)?.[0]
        ?.holdsLicence;
    assert.equal(await holds(), false);
    await licensing.addAssignment(key, uai, { kind: 'profile', audience: 'DOCUMENTALISTE' }, audit());
    assert.equal(await holds(), true);
  });

  it('tells an unknown person from one without a profile in the establishment', async () => {
    const { mediacentre, seed } = current();
    await seed.addSubscription({ id: 'ABO-1', global: 'ILLIMITE' });
    const empty = new Map();
    assert.deepEqual(await mediacentre.loadOffer({ entId, personId: 'nobody' }, uai), {
      person: 'unknown',
      subscriptionsByResource: empty,
    });
    assert.deepEqual(await mediacentre.loadOffer({ entId: 'Z9', personId: pupilId('6A', 1) }, uai), {
      person: 'unknown',
      subscriptionsByResource: empty,
    });
    assert.deepEqual(await mediacentre.loadOffer({ entId, personId: pupilId('6A', 1) }, otherUai), {
      person: { profiles: [] },
      subscriptionsByResource: empty,
    });
    await seed.departPerson(pupilId('6A', 1));
    assert.deepEqual(await mediacentre.loadOffer({ entId, personId: pupilId('6A', 1) }, uai), {
      person: 'unknown',
      subscriptionsByResource: empty,
    });
  });

  it("offers only the establishment's own subscriptions", async () => {
    const { mediacentre, seed } = current();
    await seed.addSubscription({ id: 'AILLEURS', uai: otherUai, global: 'ILLIMITE' });
    const offer = await mediacentre.loadOffer({ entId, personId: 'ens-maths' }, uai);
    assert.deepEqual(offer, { person: { profiles: ['National_ens'] }, subscriptionsByResource: new Map() });
  });
}
