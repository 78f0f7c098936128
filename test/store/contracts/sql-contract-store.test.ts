/** The contract store: versions kept, one approved at most, every change audited (gar-reference §3). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContractAudit, ContractDocument, ContractStatus, ContractStore, RequestableCode } from '../../../src/attribute-filter/index.js';
import { createContractStore, createResourceStore, type Store } from '../../../src/store/index.js';
import { parseResourceDocument } from '../../../src/subscriptions/index.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { twinStores, type TwinStores } from '../../support/twin-stores.js';
import { rejectedCode } from '../../support/thrown-code.js';

const catalogue = parseResourceDocument(readFileSync(join(import.meta.dirname, '../../fixtures/resources/valid.catalogue.json'), 'utf8'), 'many');
const maths = catalogue[0]!.idRessource;
const other = catalogue[1]!.idRessource;
const unknown = 'ark:/86527/inconnue';

const audit = (day: number, actor = 'cli:operateur'): ContractAudit => ({ actor, at: new Date(`2025-09-${String(day).padStart(2, '0')}T08:00:00.000Z`), correlationId: `c-${day}` });
const doc = (version: number, attributs: readonly RequestableCode[] = ['NOM'], idRessource = maths): ContractDocument => ({
  idRessource, version, finalite: 'Conserver les exercices de l’élève.', attributs,
});

const codeOf = rejectedCode;

async function register(store: Store): Promise<void> {
  await createResourceStore(store).saveResources(catalogue, audit(1, 'cli:setup'));
}

describeEachDialect('sql contract store', (dialect) => {
  let store: Store;
  let contracts: ContractStore;
  beforeEach(async () => {
    store = await freshStore(dialect);
    await register(store);
    contracts = createContractStore(store);
  });
  afterEach(async () => { await store.close(); });

  const statuses = async (id = maths): Promise<[number, ContractStatus][]> => (await contracts.listContracts(id)).map((v) => [v.document.version, v.status]);
  const auditRows = async () => (await store.db.selectFrom('audit_event').selectAll().where('action', 'like', 'contract.%').orderBy('id').execute())
    .map((r) => ({ actor: r.actor, at: r.at, action: r.action, target: r.target, correlation: r.correlation_id,
      before: JSON.parse(r.before_state ?? 'null') as unknown, after: JSON.parse(r.after_state ?? 'null') as unknown }));

  it('submits, approves, supersedes on a later approval, rejects, and audits each change', async () => {
    const submitted = await contracts.submitContract(doc(1, ['NOM', 'PRE']), audit(2));
    assert.deepEqual(submitted, { document: doc(1, ['NOM', 'PRE']), status: 'submitted', submittedAt: '2025-09-02T08:00:00.000Z' });
    assert.deepEqual(await contracts.listContracts(maths), [submitted]);
    assert.equal(await contracts.effectiveContract(maths), undefined, 'a submitted version is not in effect');
    await contracts.approveContract(maths, 1, audit(3, 'cli:alice'));
    assert.deepEqual(await contracts.effectiveContract(maths), { ...submitted, status: 'approved', decidedAt: '2025-09-03T08:00:00.000Z', decidedBy: 'cli:alice' });
    await contracts.submitContract(doc(3, ['NOM', 'DIV']), audit(4));
    assert.equal((await contracts.effectiveContract(maths))?.document.version, 1, 'a pending version changes nothing');
    const after = await contracts.approveContract(maths, 3, audit(5, 'cli:bob'));
    assert.deepEqual(after.map((v) => v.status), ['superseded', 'approved']);
    assert.deepEqual((await contracts.effectiveContract(maths))?.document, doc(3, ['NOM', 'DIV']));
    await contracts.submitContract(doc(7), audit(6));
    await contracts.rejectContract(maths, 7, 'NOM seul ne justifie pas une nouvelle version.', audit(7, 'cli:alice'));
    assert.deepEqual(await statuses(), [[1, 'superseded'], [3, 'approved'], [7, 'rejected']]);
    const listed = await contracts.listContracts(maths);
    assert.deepEqual([listed[0]?.decidedBy, listed[2]?.decidedBy, listed[2]?.reason], ['cli:alice', 'cli:alice', 'NOM seul ne justifie pas une nouvelle version.']);
    assert.deepEqual(await contracts.listContracts(other), [], 'another resource has its own versions');
    const target = (n: number) => `contract:${maths}/v${n}`;
    assert.deepEqual(await auditRows(), [
      { actor: 'cli:operateur', at: '2025-09-02T08:00:00.000Z', action: 'contract.submit', target: target(1), correlation: 'c-2', before: null, after: { 1: 'submitted' } },
      { actor: 'cli:alice', at: '2025-09-03T08:00:00.000Z', action: 'contract.approve', target: target(1), correlation: 'c-3', before: { 1: 'submitted' }, after: { 1: 'approved' } },
      { actor: 'cli:operateur', at: '2025-09-04T08:00:00.000Z', action: 'contract.submit', target: target(3), correlation: 'c-4', before: null, after: { 3: 'submitted' } },
      { actor: 'cli:bob', at: '2025-09-05T08:00:00.000Z', action: 'contract.approve', target: target(3), correlation: 'c-5', before: { 1: 'approved', 3: 'submitted' }, after: { 1: 'superseded', 3: 'approved' } },
      { actor: 'cli:operateur', at: '2025-09-06T08:00:00.000Z', action: 'contract.submit', target: target(7), correlation: 'c-6', before: null, after: { 7: 'submitted' } },
      { actor: 'cli:alice', at: '2025-09-07T08:00:00.000Z', action: 'contract.reject', target: target(7), correlation: 'c-7', before: { 7: 'submitted' }, after: { 7: 'rejected' } },
    ]);
  });

  const refusals: readonly { readonly title: string; readonly call: (c: ContractStore) => Promise<unknown>; readonly code: string }[] = [
    { title: 'submitting for a resource not in the catalogue', call: (c) => c.submitContract(doc(1, ['NOM'], unknown), audit(9)), code: 'ERR_CONTRACT_RESOURCE_UNKNOWN' },
    { title: 'submitting a version number already used', call: (c) => c.submitContract(doc(2, ['PRE']), audit(9)), code: 'ERR_CONTRACT_VERSION_EXISTS' },
    { title: 'submitting a version below the last one', call: (c) => c.submitContract(doc(1), audit(9)), code: 'ERR_CONTRACT_VERSION_ORDER' },
    { title: 'approving for an unknown resource', call: (c) => c.approveContract(unknown, 1, audit(9)), code: 'ERR_CONTRACT_RESOURCE_UNKNOWN' },
    { title: 'approving an unknown version', call: (c) => c.approveContract(maths, 5, audit(9)), code: 'ERR_CONTRACT_UNKNOWN' },
    { title: 'approving a rejected version', call: (c) => c.approveContract(maths, 3, audit(9)), code: 'ERR_CONTRACT_STATE' },
    { title: 'approving an older version once a later one is approved', call: (c) => c.approveContract(maths, 2, audit(9)), code: 'ERR_CONTRACT_STATE' },
    { title: 'rejecting the approved version', call: (c) => c.rejectContract(maths, 4, 'Motif.', audit(9)), code: 'ERR_CONTRACT_STATE' },
    { title: 'rejecting without a reason', call: (c) => c.rejectContract(maths, 2, ' ', audit(9)), code: 'ERR_CONTRACT_REASON_INVALID' },
    { title: 'rejecting for an unknown resource', call: (c) => c.rejectContract(unknown, 1, 'Motif.', audit(9)), code: 'ERR_CONTRACT_RESOURCE_UNKNOWN' },
    { title: 'listing an unknown resource', call: (c) => c.listContracts(unknown), code: 'ERR_CONTRACT_RESOURCE_UNKNOWN' },
  ];
  for (const r of refusals) {
    it(`refuses ${r.title} (${r.code}), writing nothing`, async () => {
      // v2 submitted, v3 rejected, v4 approved.
      for (const n of [2, 3, 4]) await contracts.submitContract(doc(n), audit(n));
      await contracts.rejectContract(maths, 3, 'Motif.', audit(5));
      await contracts.approveContract(maths, 4, audit(6));
      const before = [await statuses(), await auditRows()];
      assert.equal(await codeOf(r.call(contracts)), r.code);
      assert.deepEqual([await statuses(), await auditRows()], before);
    });
  }

  it('has no contract in effect for an unknown resource or one without versions', async () => {
    assert.equal(await contracts.effectiveContract(unknown), undefined);
    assert.equal(await contracts.effectiveContract(other), undefined);
  });
});

describeEachDialect('sql contract store under concurrency', (dialect) => {
  let twins: TwinStores;
  beforeEach(async () => {
    twins = await twinStores(dialect);
    await register(twins.first);
  });
  afterEach(async () => { await twins.close(); });

  it('two operators approving two versions at once leave exactly one approved, the later (10 rounds)', async function () {
    this.timeout(30000);
    const [a, b] = [createContractStore(twins.first), createContractStore(twins.second)];
    for (let round = 0; round < 10; round += 1) {
      const [older, newer] = [2 * round + 1, 2 * round + 2];
      await a.submitContract(doc(older), audit(1));
      await b.submitContract(doc(newer), audit(1));
      const outcomes = await Promise.allSettled([a.approveContract(maths, older, audit(2, 'cli:alice')), b.approveContract(maths, newer, audit(2, 'cli:bob'))]);
      // Either order is fine: older then newer supersedes; newer then older is refused.
      if (outcomes[0].status === 'rejected') assert.equal(await codeOf(Promise.reject(outcomes[0].reason)), 'ERR_CONTRACT_STATE');
      assert.equal(outcomes[1].status, 'fulfilled');
      const approved = (await a.listContracts(maths)).filter((v) => v.status === 'approved').map((v) => v.document.version);
      assert.deepEqual(approved, [newer]);
    }
  });
});
