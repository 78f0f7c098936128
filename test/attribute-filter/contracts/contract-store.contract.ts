/**
 * The ContractStore port (src/attribute-filter/ports.ts, gar-reference §3): versions kept, one
 * approved at most, refusals coded and writing nothing, every change audited. Resources are
 * registered through their own port.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ContractAudit,
  ContractDocument,
  ContractStatus,
  ContractStore,
  RequestableCode,
} from '../../../src/attribute-filter/index.js';
import { parseResourceDocument, type ResourceStore } from '../../../src/subscriptions/index.js';
import { auditedState, eachSubject, type AuditTrail, type ContractSubject } from '../../support/contract-subject.js';
import { rejectedCode } from '../../support/thrown-code.js';

export interface ContractStoreSubject extends ContractSubject {
  readonly contracts: ContractStore;
  /** Where the catalogue the contracts are about is registered. */
  readonly resources: ResourceStore;
  readonly auditTrail: AuditTrail;
}

const fixture = join(import.meta.dirname, '../../fixtures/resources/valid.catalogue.json');
const catalogue = parseResourceDocument(readFileSync(fixture, 'utf8'), 'many');
const maths = catalogue[0]!.idRessource;
const other = catalogue[1]!.idRessource;
const unknown = 'ark:/86527/inconnue';

const audit = (day: number, actor = 'cli:operateur'): ContractAudit => ({
  actor,
  at: new Date(`2025-09-${String(day).padStart(2, '0')}T08:00:00.000Z`),
  correlationId: `c-${day}`,
});
const doc = (
  version: number,
  attributs: readonly RequestableCode[] = ['NOM'],
  idRessource = maths,
): ContractDocument => ({
  idRessource,
  version,
  finalite: 'Conserver les exercices de l’élève.',
  attributs,
});
const reason = 'NOM seul ne justifie pas une nouvelle version.';

export function contractStoreContract(subject: () => Promise<ContractStoreSubject>): void {
  const current = eachSubject(async () => {
    const opened = await subject();
    await opened.resources.saveResources(catalogue, audit(1, 'cli:setup'));
    return opened;
  });
  const statuses = async (id = maths): Promise<[number, ContractStatus][]> =>
    (await current().contracts.listContracts(id)).map((v) => [v.document.version, v.status]);
  const auditRows = async () =>
    (await current().auditTrail('contract.')).map((r) => ({
      actor: r.actor,
      at: r.at,
      action: r.action,
      target: r.target,
      correlation: r.correlationId,
      before: auditedState(r.before),
      after: auditedState(r.after),
    }));

  it('submits, approves, supersedes on a later approval, rejects, and audits each change', async () => {
    const { contracts } = current();
    const submitted = await contracts.submitContract(doc(1, ['NOM', 'PRE']), audit(2));
    assert.deepEqual(submitted, {
      document: doc(1, ['NOM', 'PRE']),
      status: 'submitted',
      submittedAt: '2025-09-02T08:00:00.000Z',
    });
    assert.deepEqual(await contracts.listContracts(maths), [submitted]);
    assert.equal(await contracts.effectiveContract(maths), undefined, 'a submitted version is not in effect');
    await contracts.approveContract(maths, 1, audit(3, 'cli:alice'));
    assert.deepEqual(await contracts.effectiveContract(maths), {
      ...submitted,
      status: 'approved',
      decidedAt: '2025-09-03T08:00:00.000Z',
      decidedBy: 'cli:alice',
    });
    await contracts.submitContract(doc(3, ['NOM', 'DIV']), audit(4));
    assert.equal((await contracts.effectiveContract(maths))?.document.version, 1, 'a pending version changes nothing');
    const after = await contracts.approveContract(maths, 3, audit(5, 'cli:bob'));
    assert.deepEqual(
      after.map((v) => v.status),
      ['superseded', 'approved'],
    );
    assert.deepEqual((await contracts.effectiveContract(maths))?.document, doc(3, ['NOM', 'DIV']));
    await contracts.submitContract(doc(7), audit(6));
    const rejected = await contracts.rejectContract(maths, 7, reason, audit(7, 'cli:alice'));
    assert.deepEqual(
      rejected.map((v) => v.status),
      ['superseded', 'approved', 'rejected'],
    );
    assert.deepEqual(await statuses(), [
      [1, 'superseded'],
      [3, 'approved'],
      [7, 'rejected'],
    ]);
    const listed = await contracts.listContracts(maths);
    assert.deepEqual(
      [listed[0]?.decidedBy, listed[2]?.decidedBy, listed[2]?.reason],
      ['cli:alice', 'cli:alice', reason],
    );
    assert.deepEqual(await contracts.listContracts(other), [], 'another resource has its own versions');
    const target = (n: number) => `contract:${maths}/v${n}`;
    const row = (actor: string, day: number, action: string, n: number, before: unknown, after: unknown) => ({
      actor,
      at: `2025-09-0${day}T08:00:00.000Z`,
      action: `contract.${action}`,
      target: target(n),
      correlation: `c-${day}`,
      before,
      after,
    });
    assert.deepEqual(await auditRows(), [
      row('cli:operateur', 2, 'submit', 1, null, { 1: 'submitted' }),
      row('cli:alice', 3, 'approve', 1, { 1: 'submitted' }, { 1: 'approved' }),
      row('cli:operateur', 4, 'submit', 3, null, { 3: 'submitted' }),
      row('cli:bob', 5, 'approve', 3, { 1: 'approved', 3: 'submitted' }, { 1: 'superseded', 3: 'approved' }),
      row('cli:operateur', 6, 'submit', 7, null, { 7: 'submitted' }),
      row('cli:alice', 7, 'reject', 7, { 7: 'submitted' }, { 7: 'rejected' }),
    ]);
  });

  type Refusal = {
    readonly title: string;
    readonly call: (c: ContractStore) => Promise<unknown>;
    readonly code: string;
  };
  const refusals: readonly Refusal[] = [
    {
      title: 'submitting for a resource not in the catalogue',
      call: (c) => c.submitContract(doc(1, ['NOM'], unknown), audit(9)),
      code: 'ERR_CONTRACT_RESOURCE_UNKNOWN',
    },
    {
      title: 'submitting a version number already used',
      call: (c) => c.submitContract(doc(2, ['PRE']), audit(9)),
      code: 'ERR_CONTRACT_VERSION_EXISTS',
    },
    {
      title: 'submitting a version below the last one',
      call: (c) => c.submitContract(doc(1), audit(9)),
      code: 'ERR_CONTRACT_VERSION_ORDER',
    },
    {
      title: 'approving for an unknown resource',
      call: (c) => c.approveContract(unknown, 1, audit(9)),
      code: 'ERR_CONTRACT_RESOURCE_UNKNOWN',
    },
    {
      title: 'approving an unknown version',
      call: (c) => c.approveContract(maths, 5, audit(9)),
      code: 'ERR_CONTRACT_UNKNOWN',
    },
    {
      title: 'approving a rejected version',
      call: (c) => c.approveContract(maths, 3, audit(9)),
      code: 'ERR_CONTRACT_STATE',
    },
    {
      title: 'approving an older version once a later one is approved',
      call: (c) => c.approveContract(maths, 2, audit(9)),
      code: 'ERR_CONTRACT_STATE',
    },
    {
      title: 'rejecting the approved version',
      call: (c) => c.rejectContract(maths, 4, 'Motif.', audit(9)),
      code: 'ERR_CONTRACT_STATE',
    },
    {
      title: 'rejecting without a reason',
      call: (c) => c.rejectContract(maths, 2, ' ', audit(9)),
      code: 'ERR_CONTRACT_REASON_INVALID',
    },
    {
      title: 'rejecting for an unknown resource',
      call: (c) => c.rejectContract(unknown, 1, 'Motif.', audit(9)),
      code: 'ERR_CONTRACT_RESOURCE_UNKNOWN',
    },
    {
      title: 'listing an unknown resource',
      call: (c) => c.listContracts(unknown),
      code: 'ERR_CONTRACT_RESOURCE_UNKNOWN',
    },
  ];
  for (const r of refusals) {
    it(`refuses ${r.title} (${r.code}), writing nothing`, async () => {
      const { contracts } = current();
      // v2 submitted, v3 rejected, v4 approved.
      for (const n of [2, 3, 4]) await contracts.submitContract(doc(n), audit(n));
      await contracts.rejectContract(maths, 3, 'Motif.', audit(5));
      await contracts.approveContract(maths, 4, audit(6));
      const before = [await statuses(), await auditRows()];
      assert.equal(await rejectedCode(r.call(contracts)), r.code);
      assert.deepEqual([await statuses(), await auditRows()], before);
    });
  }

  it('has no contract in effect for an unknown resource or one without versions', async () => {
    const { contracts } = current();
    assert.equal(await contracts.effectiveContract(unknown), undefined);
    assert.equal(await contracts.effectiveContract(other), undefined);
  });
}
