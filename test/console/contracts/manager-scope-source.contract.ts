/**
 * The ManagerScopeSource port (src/console/ports.ts): a licence manager's name and the live
 * establishments the feed's live manager records give them, re-read at each call; nothing once
 * the feed no longer lists them. The subject holds the collège of licensing-fixtures.ts (two
 * establishments of ENT Z0) and the managers the cases add.
 */
import assert from 'node:assert/strict';
import type { ManagerScopeSource } from '../../../src/console/index.js';
import { eachSubject, type ContractSubject } from '../../support/contract-subject.js';
import { entId, otherUai, uai } from '../../support/licensing-fixtures.js';

export interface ManagerRecord {
  readonly personId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly degree: '1D' | '2D';
  readonly uais: readonly string[];
}

export interface ManagerScopeSourceSubject extends ContractSubject {
  readonly scopes: ManagerScopeSource;
  /** The feed's licence manager records (`GAR-ENT-RespAff`) of ENT Z0, and their changes. */
  readonly seed: {
    addManager(manager: ManagerRecord): Promise<void>;
    departManager(personId: string, degree: '1D' | '2D'): Promise<void>;
    departEstablishment(uai: string): Promise<void>;
  };
}

const claire = {
  personId: 'ra-1',
  firstName: 'Claire',
  lastName: 'Martin',
  degree: '2D' as const,
  uais: [otherUai, uai],
};
const both = [
  { uai, name: `Collège ${uai}` },
  { uai: otherUai, name: `Collège ${otherUai}` },
];

export function managerScopeSourceContract(subject: () => Promise<ManagerScopeSourceSubject>): void {
  const current = eachSubject(subject);

  it("gives a live manager's name and establishments, in UAI order", async () => {
    const { scopes, seed } = current();
    await seed.addManager(claire);
    await seed.addManager({ ...claire, personId: 'ra-2', firstName: 'Paul', uais: [uai] });
    assert.deepEqual(await scopes.managerScope(entId, 'ra-1'), { displayName: 'Claire Martin', establishments: both });
    assert.deepEqual(await scopes.managerScope(entId, 'ra-2'), {
      displayName: 'Paul Martin',
      establishments: [both[0]],
    });
  });

  it('knows nobody the feed does not list as a manager, nor a manager of another ENT project', async () => {
    const { scopes, seed } = current();
    await seed.addManager(claire);
    assert.equal(await scopes.managerScope(entId, 'dir-1'), undefined, 'a person of the collège, not a manager');
    assert.equal(await scopes.managerScope('Z9', 'ra-1'), undefined);
  });

  it('forgets a manager the feed no longer lists, at once', async () => {
    const { scopes, seed } = current();
    await seed.addManager(claire);
    await seed.departManager('ra-1', '2D');
    assert.equal(await scopes.managerScope(entId, 'ra-1'), undefined);
  });

  it('leaves out an establishment that left the directory', async () => {
    const { scopes, seed } = current();
    await seed.addManager(claire);
    await seed.departEstablishment(otherUai);
    assert.deepEqual((await scopes.managerScope(entId, 'ra-1'))?.establishments, [both[0]]);
  });

  it('keeps only the establishments of the degree whose record is live', async () => {
    const { scopes, seed } = current();
    await seed.addManager({ ...claire, degree: '1D', uais: [otherUai] });
    await seed.addManager({ ...claire, degree: '2D', uais: [uai] });
    assert.deepEqual((await scopes.managerScope(entId, 'ra-1'))?.establishments, both);
    await seed.departManager('ra-1', '2D');
    assert.deepEqual(await scopes.managerScope(entId, 'ra-1'), {
      displayName: 'Claire Martin',
      establishments: [both[1]],
    });
  });
}
