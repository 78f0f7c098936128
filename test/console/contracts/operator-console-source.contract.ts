/**
 * The OperatorConsoleSource port (src/console/operator-ports.ts): the operator's reads of ENT
 * projects and their feed imports, the catalogue's parties, contract states, subscriptions counted
 * per group, and the audit trail filtered and paged, newest first. The subject holds the catalogue
 * of catalogue-fixtures.ts; everything else is written through the domain stores' own ports.
 */
import assert from 'node:assert/strict';
import type { ContractAudit, ContractStore } from '../../../src/attribute-filter/index.js';
import type { OperatorConsoleSource } from '../../../src/console/index.js';
import type { DirectoryImportStore } from '../../../src/directory/index.js';
import type { AuditContext, SubscriptionStore } from '../../../src/subscriptions/index.js';
import {
  creation,
  distributorA,
  distributorB,
  establishments,
  resourceOfA,
  resourceOfB,
  secondResourceOfA,
} from '../../support/catalogue-fixtures.js';
import { eachSubject, type ContractSubject } from '../../support/contract-subject.js';

export interface OperatorConsoleSourceSubject extends ContractSubject {
  readonly operator: OperatorConsoleSource;
  readonly contracts: ContractStore;
  readonly subscriptions: SubscriptionStore;
  readonly imports: DirectoryImportStore;
  readonly seed: {
    /** Licences of distributor A's subscription `id` held now, one per audience listed. */
    holdLicences(id: string, audiences: readonly string[]): Promise<void>;
    departEstablishment(uai: string): Promise<void>;
  };
}

const day = (d: number): Date => new Date(`2026-02-${String(d).padStart(2, '0')}T08:00:00.000Z`);
const by = (actor: string, d: number): AuditContext & ContractAudit => ({ actor, at: day(d), correlationId: `c-${d}` });
const [e0, e1, e2] = establishments;
const page = (n: number, size = 50) => ({ page: n, size });

export function operatorConsoleSourceContract(subject: () => Promise<OperatorConsoleSourceSubject>): void {
  const current = eachSubject(subject);
  const subscribe = async () => {
    const { subscriptions } = current();
    await subscriptions.createSubscription(distributorA, creation(), by('distributor:a', 1));
    await subscriptions.createSubscription(
      distributorA,
      creation({
        idAbonnement: 'ABO-2',
        idRessource: secondResourceOfA,
        uaiEtab: e1,
      }),
      by('distributor:a', 2),
    );
    await subscriptions.createSubscription(
      distributorB,
      creation({
        idAbonnement: 'B-1',
        idDistributeurCom: distributorB,
        idRessource: resourceOfB,
        fin: { kind: 'date', finValidite: '2026-01-31T00:00:00' },
      }),
      by('distributor:b', 3),
    );
  };

  it('lists the ENT projects with their live establishments and last feed import', async () => {
    const { operator, imports, seed } = current();
    assert.deepEqual(await operator.listEntProjects(), [{ entId: 'ENT1', name: 'ENT de test', establishments: 3 }]);
    await seed.departEstablishment(e2);
    const entry = (source: string, hour: number) => ({
      entId: 'ENT1',
      degree: '2D' as const,
      source,
      status: 'applied' as const,
      startedAt: new Date(`2026-02-01T0${hour}:00:00.000Z`),
      finishedAt: new Date(`2026-02-01T0${hour}:10:00.000Z`),
      summary: { counts: {}, refusal: null },
    });
    await imports.recordImport(entry('first', 1));
    await imports.recordImport(entry('second', 2));
    const [project] = await operator.listEntProjects();
    assert.deepEqual(
      [project?.establishments, project?.lastImport?.source, project?.lastImport?.report],
      [2, 'second', { counts: {}, refusal: null }],
    );
    assert.deepEqual(
      (await operator.listFeedImports('ENT1', 1)).map((r) => r.source),
      ['second'],
    );
    assert.deepEqual(
      (await operator.listFeedImports('ENT1', 10)).map((r) => r.source),
      ['second', 'first'],
    );
    assert.deepEqual(await operator.listFeedImports('ENT9', 10), []);
  });

  it("lists the catalogue's publishers and distributors by id", async () => {
    const { operator } = current();
    const at = '2026-01-01T00:00:00.000Z';
    assert.deepEqual(await operator.listParties(), {
      publishers: [{ id: 'ED1', name: 'Éditions Essai', createdAt: at }],
      distributors: [
        { id: distributorA, name: 'Distributeur A', createdAt: at },
        { id: distributorB, name: 'Distributeur B', createdAt: at },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)),
    });
  });

  it("shows where each resource's contract stands, those waiting for a decision first", async () => {
    const { operator, contracts } = current();
    assert.deepEqual(await operator.listContractStates(), []);
    const doc = (idRessource: string, version: number) => ({
      idRessource,
      version,
      finalite: 'Exercices.',
      attributs: ['NOM'] as const,
    });
    await contracts.submitContract(doc(resourceOfA, 1), by('cli:op', 1));
    await contracts.approveContract(resourceOfA, 1, by('cli:op', 2));
    await contracts.submitContract(doc(resourceOfB, 1), by('cli:op', 3));
    await contracts.submitContract(doc(resourceOfB, 2), by('cli:op', 4));
    assert.deepEqual(await operator.listContractStates(), [
      {
        resourceId: resourceOfB,
        resourceName: `Ressource ${resourceOfB}`,
        versions: 2,
        pendingVersions: [1, 2],
        lastSubmittedAt: day(4).toISOString(),
      },
      {
        resourceId: resourceOfA,
        resourceName: `Ressource ${resourceOfA}`,
        versions: 1,
        approvedVersion: 1,
        pendingVersions: [],
        lastSubmittedAt: day(1).toISOString(),
      },
    ]);
  });

  it('counts subscriptions per establishment, resource or distributor: valid now, licences held', async () => {
    const { operator, seed } = current();
    await subscribe();
    await seed.holdLicences('ABO-1', ['ELEVE', 'ELEVE', 'ENSEIGNANT']);
    const now = '2026-03-01T10:00:00';
    const establishmentsSeen = await operator.subscriptionOverview('establishment', now, page(1));
    assert.deepEqual(establishmentsSeen, {
      total: 2,
      groups: [
        { key: e0, label: "Collège n°1 d'Essai", subscriptions: 2, live: 1, licencesUsed: 3 },
        { key: e1, label: "Collège n°2 d'Essai", subscriptions: 1, live: 1, licencesUsed: 0 },
      ].sort((a, b) => (a.key < b.key ? -1 : 1)),
    });
    const distributors = await operator.subscriptionOverview('distributor', now, page(1));
    assert.deepEqual(
      distributors.groups.map((g) => [g.key, g.label, g.subscriptions, g.live, g.licencesUsed]),
      [
        [distributorA, 'Distributeur A', 2, 2, 3],
        [distributorB, 'Distributeur B', 1, 0, 0],
      ].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
    );
    const resources = await operator.subscriptionOverview('resource', now, page(2, 2));
    assert.equal(resources.total, 3);
    assert.deepEqual(
      resources.groups.map((g) => g.key),
      [resourceOfA, secondResourceOfA, resourceOfB].sort().slice(2),
    );
  });

  it('reads the audit trail newest first, filtered by actor, action, target and time, paged', async () => {
    const { operator, contracts } = current();
    await subscribe();
    await contracts.submitContract(
      { idRessource: resourceOfA, version: 1, finalite: 'Exercices.', attributs: ['NOM'] },
      by('cli:op', 4),
    );
    const trail = async (filter: Parameters<OperatorConsoleSource['auditTrail']>[0], size = 50) =>
      (await operator.auditTrail(filter, page(1, size))).events.map((e) => [e.action, e.actor, e.at]);
    assert.deepEqual(await trail({}), [
      ['contract.submit', 'cli:op', day(4).toISOString()],
      ['subscription.create', 'distributor:b', day(3).toISOString()],
      ['subscription.create', 'distributor:a', day(2).toISOString()],
      ['subscription.create', 'distributor:a', day(1).toISOString()],
    ]);
    assert.deepEqual((await trail({ actorPrefix: 'distributor:' })).length, 3);
    assert.deepEqual((await trail({ actorPrefix: 'DISTRIBUTOR:' })).length, 0, 'case-sensitive');
    assert.deepEqual(
      (await trail({ actionPrefix: 'contract.' })).map((e) => e[0]),
      ['contract.submit'],
    );
    assert.deepEqual(
      (await trail({ targetContains: 'B-1' })).map((e) => e[1]),
      ['distributor:b'],
    );
    assert.deepEqual(
      (await trail({ from: day(2).toISOString(), until: day(4).toISOString() })).map((e) => e[2]),
      [day(3).toISOString(), day(2).toISOString()],
    );
    const first = await operator.auditTrail({}, page(1, 3));
    const last = await operator.auditTrail({}, page(2, 3));
    assert.deepEqual([first.events.length, first.more, last.events.length, last.more], [3, true, 1, false]);
    const event = first.events[0];
    assert.deepEqual(
      [typeof event?.id, event?.correlationId, event?.target],
      ['number', 'c-4', `contract:${resourceOfA}/v1`],
    );
  });
}
