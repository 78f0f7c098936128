/**
 * The SubscriptionStore port (src/subscriptions/ports.ts): what a distributor creates comes back
 * as sent, keyed per distributor; an update never lowers a count below the licences held; every
 * change is audited. The subject holds the catalogue and directory of catalogue-fixtures.ts.
 */
import assert from 'node:assert/strict';
import type { AuditContext, SubscriptionStore } from '../../../src/subscriptions/index.js';
import {
  creation,
  distributorA,
  distributorB,
  establishments,
  resourceOfA,
  resourceOfB,
} from '../../support/catalogue-fixtures.js';
import { auditedState, eachSubject, type AuditTrail, type ContractSubject } from '../../support/contract-subject.js';

export interface SubscriptionStoreSubject extends ContractSubject {
  readonly subscriptions: SubscriptionStore;
  readonly auditTrail: AuditTrail;
  readonly seed: {
    /** Licences of distributor A's subscription `id` held now, one per audience listed, drawn from `bucket`. */
    holdLicences(id: string, audiences: readonly string[], bucket?: 'global' | 'pupil' | 'teacher'): Promise<void>;
    /** The establishment left the directory. */
    departEstablishment(uai: string): Promise<void>;
  };
}

const audit: AuditContext = { actor: 'distributor:test', at: new Date('2026-03-01T10:00:00Z'), correlationId: 'c1' };
const page = { debut: 0, fin: 1000 };
const ids = (records: readonly { subscription: { idAbonnement: string } }[]) =>
  records.map((r) => r.subscription.idAbonnement);

export function subscriptionStoreContract(subject: () => Promise<SubscriptionStoreSubject>): void {
  const current = eachSubject(subject);

  it('stores a creation and reads back exactly what was sent, with zero usage', async () => {
    const { subscriptions } = current();
    const input = creation({ commentaireAbonnement: 'offre « collège »', codeProjetRessource: 'P1' });
    assert.equal(await subscriptions.createSubscription(distributorA, input, audit), 'created');
    const record = await subscriptions.getSubscription(distributorA, 'ABO-1');
    assert.deepEqual(record?.subscription, input);
    assert.deepEqual(record?.usage, { global: 0, pupil: 0, teacher: 0, librarian: 0, other: 0 });
  });

  it('answers exists for a second create of the same id, also when both race', async () => {
    const { subscriptions } = current();
    const outcomes = await Promise.all(
      [1, 2, 3].map(() => subscriptions.createSubscription(distributorA, creation(), audit)),
    );
    assert.deepEqual([...outcomes].sort(), ['created', 'exists', 'exists']);
  });

  it("keys subscriptions per distributor: B may use A's id, and never sees A's", async () => {
    const { subscriptions } = current();
    await subscriptions.createSubscription(distributorA, creation(), audit);
    assert.equal(await subscriptions.getSubscription(distributorB, 'ABO-1'), undefined);
    assert.deepEqual(await subscriptions.listSubscriptions(distributorB, { filters: [] }, page), []);
    assert.equal(await subscriptions.updateSubscription(distributorB, 'ABO-1', creation(), audit), 'not-found');
    assert.equal(await subscriptions.deleteSubscription(distributorB, 'ABO-1', audit), 'not-found');
    assert.deepEqual(await subscriptions.countAssignments(distributorB, { idAbonnement: 'ABO-1' }), []);
    assert.equal(
      await subscriptions.createSubscription(distributorB, creation({ idDistributeurCom: distributorB }), audit),
      'created',
    );
    assert.equal(
      (await subscriptions.getSubscription(distributorA, 'ABO-1'))?.subscription.idDistributeurCom,
      distributorA,
    );
  });

  it('updates every field but the establishment, and audits before and after', async () => {
    const { subscriptions, auditTrail } = current();
    await subscriptions.createSubscription(distributorA, creation(), audit);
    const { uaiEtab: _uai, ...update } = creation({
      libelleRessource: 'Nouveau titre',
      fin: { kind: 'date', finValidite: '2027-06-30T23:59:59' },
    });
    assert.equal(await subscriptions.updateSubscription(distributorA, 'ABO-1', update, audit), 'updated');
    const record = await subscriptions.getSubscription(distributorA, 'ABO-1');
    assert.equal(record?.subscription.libelleRessource, 'Nouveau titre');
    assert.equal(record?.subscription.uaiEtab, establishments[0]);
    const events = await auditTrail();
    assert.deepEqual(
      events.map((e) => e.action),
      ['subscription.create', 'subscription.update'],
    );
    assert.equal(
      (auditedState(events[1]?.before ?? null) as { libelleRessource?: string }).libelleRessource,
      'Manuel numérique',
    );
    assert.equal(
      (auditedState(events[1]?.after ?? null) as { libelleRessource?: string }).libelleRessource,
      'Nouveau titre',
    );
    assert.equal(events[1]?.actor, 'distributor:test');
  });

  it('refuses to lower a count below the licences held, and changes nothing', async () => {
    const { subscriptions, auditTrail, seed } = current();
    await subscriptions.createSubscription(distributorA, creation(), audit);
    await seed.holdLicences('ABO-1', ['ELEVE', 'ELEVE', 'ENSEIGNANT']);
    const { uaiEtab: _uai, ...update } = creation({ licences: { kind: 'global', nbLicenceGlobale: 2 } });
    assert.deepEqual(await subscriptions.updateSubscription(distributorA, 'ABO-1', update, audit), {
      kind: 'below-usage',
      bucket: 'global',
      used: 3,
    });
    const record = await subscriptions.getSubscription(distributorA, 'ABO-1');
    assert.deepEqual(record?.subscription.licences, { kind: 'global', nbLicenceGlobale: 30 });
    assert.equal((await auditTrail()).length, 1);
  });

  it('moves held licences between the global count and per-audience counts', async () => {
    const { subscriptions, seed } = current();
    await subscriptions.createSubscription(distributorA, creation(), audit);
    await seed.holdLicences('ABO-1', ['ELEVE', 'ELEVE', 'ENSEIGNANT']);
    const perAudience = {
      kind: 'perAudience',
      nbLicenceEnseignant: 1,
      nbLicenceEleve: 2,
      nbLicenceProfDoc: 0,
      nbLicenceAutrePersonnel: 'ILLIMITE',
    } as const;
    const { uaiEtab: _uai, ...update } = creation({ licences: perAudience });
    assert.equal(await subscriptions.updateSubscription(distributorA, 'ABO-1', update, audit), 'updated');
    const record = await subscriptions.getSubscription(distributorA, 'ABO-1');
    assert.deepEqual(record?.usage, { global: 0, pupil: 2, teacher: 1, librarian: 0, other: 0 });
    const { uaiEtab: _u, ...lower } = creation({ licences: { ...perAudience, nbLicenceEleve: 1 } });
    assert.deepEqual(await subscriptions.updateSubscription(distributorA, 'ABO-1', lower, audit), {
      kind: 'below-usage',
      bucket: 'pupil',
      used: 2,
    });
  });

  it('deletes a subscription with its licences and audits what it was', async () => {
    const { subscriptions, auditTrail, seed } = current();
    await subscriptions.createSubscription(distributorA, creation(), audit);
    await seed.holdLicences('ABO-1', ['ELEVE']);
    assert.equal(await subscriptions.deleteSubscription(distributorA, 'ABO-1', audit), 'deleted');
    assert.equal(await subscriptions.getSubscription(distributorA, 'ABO-1'), undefined);
    const last = (await auditTrail()).at(-1);
    assert.equal(last?.action, 'subscription.delete');
    assert.equal(last?.after, null);
    assert.equal((auditedState(last?.before ?? null) as { idAbonnement?: string }).idAbonnement, 'ABO-1');
    assert.equal(await subscriptions.deleteSubscription(distributorA, 'ABO-1', audit), 'not-found');
    // Created again, it starts with no licence held: none was left behind.
    await subscriptions.createSubscription(distributorA, creation(), audit);
    assert.deepEqual((await subscriptions.getSubscription(distributorA, 'ABO-1'))?.usage.global, 0);
    assert.equal((await subscriptions.countAssignments(distributorA, { idAbonnement: 'ABO-1' }))[0]?.eleve, 0);
  });

  it('counts the licences held per audience, by subscription id or project code', async () => {
    const { subscriptions, seed } = current();
    await subscriptions.createSubscription(distributorA, creation({ codeProjetRessource: 'P1' }), audit);
    await subscriptions.createSubscription(
      distributorA,
      creation({
        idAbonnement: 'ABO-2',
        uaiEtab: establishments[1],
        codeProjetRessource: 'P1',
      }),
      audit,
    );
    await seed.holdLicences('ABO-1', ['ELEVE', 'ELEVE', 'ENSEIGNANT', 'AUTRE PERSONNEL']);
    const counts = { eleve: 2, enseignant: 1, documentaliste: 0, autrePersonnel: 1 };
    const none = { eleve: 0, enseignant: 0, documentaliste: 0, autrePersonnel: 0 };
    const row = { codeProjetRessource: 'P1', idRessource: resourceOfA };
    assert.deepEqual(await subscriptions.countAssignments(distributorA, { idAbonnement: 'ABO-1' }), [
      { uai: establishments[0], idAbonnement: 'ABO-1', ...row, ...counts },
    ]);
    assert.deepEqual(await subscriptions.countAssignments(distributorA, { codeProjetRessource: 'P1' }), [
      { uai: establishments[0], idAbonnement: 'ABO-1', ...row, ...counts },
      { uai: establishments[1], idAbonnement: 'ABO-2', ...row, ...none },
    ]);
    assert.deepEqual(await subscriptions.countAssignments(distributorA, { codeProjetRessource: 'P2' }), []);
  });

  describe('list', () => {
    beforeEach(async () => {
      const { subscriptions } = current();
      for (let i = 0; i < 12; i++) {
        await subscriptions.createSubscription(
          distributorA,
          creation({
            idAbonnement: `ABO-${String(i).padStart(2, '0')}`,
            uaiEtab: establishments[i % 3] as string,
            typeAffectation: i % 2 === 0 ? 'INDIV' : 'ETABL',
            publicCible: i % 4 === 0 ? ['DOCUMENTALISTE'] : ['ELEVE', 'AUTRE PERSONNEL'],
            ...(i < 5 ? { codeProjetRessource: 'PROJ' } : {}),
          }),
          audit,
        );
      }
    });

    it('pages half-open and in id order by default', async () => {
      const { subscriptions } = current();
      const page2to5 = await subscriptions.listSubscriptions(distributorA, { filters: [] }, { debut: 2, fin: 5 });
      assert.deepEqual(ids(page2to5), ['ABO-02', 'ABO-03', 'ABO-04']);
      assert.equal(
        (await subscriptions.listSubscriptions(distributorA, { filters: [] }, { debut: 10, fin: 20 })).length,
        2,
      );
    });

    it('ORs filters of one name and ANDs different names', async () => {
      const { subscriptions } = current();
      const query = {
        filters: [
          { name: 'uaiEtab', value: establishments[0] },
          { name: 'uaiEtab', value: establishments[1] },
          { name: 'typeAffectation', value: 'INDIV' },
        ],
      } as const;
      assert.deepEqual(ids(await subscriptions.listSubscriptions(distributorA, query, page)), [
        'ABO-00',
        'ABO-04',
        'ABO-06',
        'ABO-10',
      ]);
    });

    it('filters on an audience exactly, and on a project code', async () => {
      const { subscriptions } = current();
      const byAudience = (value: string) =>
        subscriptions.listSubscriptions(distributorA, { filters: [{ name: 'publicCible', value }] }, page);
      assert.deepEqual(ids(await byAudience('DOCUMENTALISTE')), ['ABO-00', 'ABO-04', 'ABO-08']);
      assert.equal((await byAudience('AUTRE PERSONNEL')).length, 9);
      assert.deepEqual(await byAudience('%'), []);
      const project = await subscriptions.listSubscriptions(
        distributorA,
        { filters: [{ name: 'codeProjetRessource', value: 'PROJ' }] },
        page,
      );
      assert.equal(project.length, 5);
    });

    it('counts what a query lists on all pages: its own only, filters applied as the list applies them', async () => {
      const { subscriptions } = current();
      assert.equal(await subscriptions.countSubscriptions(distributorA, { filters: [] }), 12);
      assert.equal(await subscriptions.countSubscriptions(distributorB, { filters: [] }), 0);
      const query = {
        filters: [
          { name: 'uaiEtab', value: establishments[0] },
          { name: 'uaiEtab', value: establishments[1] },
          { name: 'typeAffectation', value: 'INDIV' },
        ],
      } as const;
      assert.equal(await subscriptions.countSubscriptions(distributorA, query), 4);
      const byAudience = { filters: [{ name: 'publicCible', value: 'AUTRE PERSONNEL' }] } as const;
      assert.equal(await subscriptions.countSubscriptions(distributorA, byAudience), 9);
    });

    it('sorts descending with the id as tie-breaker', async () => {
      const { subscriptions } = current();
      const query = { filters: [], sort: { by: 'uaiEtab', order: 'DESC' } } as const;
      const sorted = await subscriptions.listSubscriptions(distributorA, query, { debut: 0, fin: 4 });
      assert.deepEqual(ids(sorted), ['ABO-01', 'ABO-04', 'ABO-07', 'ABO-10']);
    });
  });

  it('finds live establishments only', async () => {
    const { subscriptions, seed } = current();
    assert.equal((await subscriptions.findEstablishment(establishments[1]))?.entId, 'ENT1');
    await seed.departEstablishment(establishments[1]);
    assert.equal(await subscriptions.findEstablishment(establishments[1]), undefined);
    assert.deepEqual(
      (await subscriptions.listEstablishments()).map((e) => e.uai),
      [establishments[0], establishments[2]].sort(),
    );
  });

  it('finds the distributors of a catalogue resource', async () => {
    const { subscriptions } = current();
    assert.deepEqual(await subscriptions.findResourceDistribution(resourceOfB), {
      idRessource: resourceOfB,
      typeIdRessource: 'ark',
      commercialDistributorId: distributorB,
      technicalDistributorId: distributorB,
    });
    assert.equal(await subscriptions.findResourceDistribution('ark:/46173/inconnue'), undefined);
  });
}
