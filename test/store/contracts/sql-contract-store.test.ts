/** The contract store on both dialects (the ContractStore contract), and two operators deciding at once. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContractAudit, ContractDocument } from '../../../src/attribute-filter/index.js';
import { createContractStore, createResourceStore, type Store } from '../../../src/store/index.js';
import { parseResourceDocument } from '../../../src/subscriptions/index.js';
import { contractStoreContract } from '../../attribute-filter/contracts/contract-store.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { storeAuditTrail } from '../../support/store-audit-trail.js';
import { rejectedCode } from '../../support/thrown-code.js';
import { twinStores, type TwinStores } from '../../support/twin-stores.js';

const fixture = join(import.meta.dirname, '../../fixtures/resources/valid.catalogue.json');
const catalogue = parseResourceDocument(readFileSync(fixture, 'utf8'), 'many');
const maths = catalogue[0]!.idRessource;
const audit = (day: number, actor = 'cli:operateur'): ContractAudit => ({
  actor,
  at: new Date(`2025-09-0${day}T08:00:00.000Z`),
});
const doc = (version: number): ContractDocument => ({
  idRessource: maths,
  version,
  finalite: 'Exercices.',
  attributs: ['NOM'],
});

async function register(store: Store): Promise<void> {
  await createResourceStore(store).saveResources(catalogue, audit(1, 'cli:setup'));
}

describeEachDialect('SQL contract store', (dialect) => {
  contractStoreContract(async () => {
    const store = await freshStore(dialect);
    return {
      contracts: createContractStore(store),
      resources: createResourceStore(store),
      auditTrail: storeAuditTrail(store),
      close: () => store.close(),
    };
  });
});

describeEachDialect('SQL contract store under concurrency', (dialect) => {
  let twins: TwinStores;
  beforeEach(async () => {
    twins = await twinStores(dialect);
    await register(twins.first);
  });
  afterEach(async () => {
    await twins.close();
  });

  it('two operators approving two versions at once leave one approved, the later (10 rounds)', async function () {
    this.timeout(30000);
    const [a, b] = [createContractStore(twins.first), createContractStore(twins.second)];
    for (let round = 0; round < 10; round += 1) {
      const [older, newer] = [2 * round + 1, 2 * round + 2];
      await a.submitContract(doc(older), audit(1));
      await b.submitContract(doc(newer), audit(1));
      const outcomes = await Promise.allSettled([
        a.approveContract(maths, older, audit(2, 'cli:alice')),
        b.approveContract(maths, newer, audit(2, 'cli:bob')),
      ]);
      // Either order is fine: older then newer supersedes; newer then older is refused.
      if (outcomes[0].status === 'rejected')
        assert.equal(await rejectedCode(Promise.reject(outcomes[0].reason)), 'ERR_CONTRACT_STATE');
      assert.equal(outcomes[1].status, 'fulfilled');
      const approved = (await a.listContracts(maths))
        .filter((v) => v.status === 'approved')
        .map((v) => v.document.version);
      assert.deepEqual(approved, [newer]);
    }
  });
});
