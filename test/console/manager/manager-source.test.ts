/**
 * The manager pages' own reads agree with the licensing store: the establishment-wide assignment
 * counts (one statement for all subscriptions) equal LicensingStore.listAssignments for every kind
 * of target, after people leave, and after a subscription stops serving an audience.
 */
import assert from 'node:assert/strict';
import { createManagerConsoleSource } from '../../../src/store/console/sql-manager-console-source.js';
import { createLicensingStore, type Store } from '../../../src/store/index.js';
import type { AssignmentTarget, LicensingStore } from '../../../src/subscriptions/index.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import {
  addSubscription, audit, departPerson, distributorId, entId, mef6e, otherUai, seedDirectory, subjects, uai,
} from '../../support/licensing-fixtures.js';

const targets: readonly AssignmentTarget[] = [
  { kind: 'class', code: '6A', audience: 'ELEVE' }, { kind: 'class', code: '6B', audience: 'ENSEIGNANT' },
  { kind: 'group', code: 'LATIN', audience: 'ELEVE' }, { kind: 'group', code: 'LATIN', audience: 'ENSEIGNANT' },
  { kind: 'level', code: mef6e }, { kind: 'subject', code: subjects.maths }, { kind: 'profile', audience: 'DOCUMENTALISTE' },
  { kind: 'person', entId, personId: 'elv-6b-04' }, { kind: 'person', entId, personId: 'dir-1' },
];

describeEachDialect('manager console source', (dialect) => {
  let store: Store;
  let licensing: LicensingStore;
  before(async () => {
    store = await freshStore(dialect);
    await seedDirectory(store.db, { pupilsPerClass: 6 });
    licensing = createLicensingStore(store);
    await addSubscription(store.db, { id: 'LARGE', global: 'ILLIMITE' });
    await addSubscription(store.db, { id: 'SCARCE', perAudience: { pupil: 7, teacher: 1, librarian: 0, other: 1 } });
    await addSubscription(store.db, { id: 'AILLEURS', global: 5, uai: otherUai });
    for (const id of ['LARGE', 'SCARCE']) for (const t of targets) await licensing.addAssignment({ distributorId, subscriptionId: id }, uai, t, audit());
    await licensing.addAssignment({ distributorId, subscriptionId: 'AILLEURS' }, otherUai, { kind: 'profile', audience: 'ELEVE' }, audit());
  });
  after(async () => { await store.close(); });

  const same = async () => {
    const source = createManagerConsoleSource(store);
    assert.deepEqual(await source.listAssignments(uai), await licensing.listAssignments({ uai }));
    const key = { distributorId, subscriptionId: 'SCARCE' };
    assert.deepEqual(await source.listAssignments(uai, key), await licensing.listAssignments({ subscription: key }));
    assert.deepEqual(await source.listAssignments(otherUai), await licensing.listAssignments({ uai: otherUai }));
  };

  it('counts as the licensing store does, for every kind of target', async () => {
    const views = await licensing.listAssignments({ uai });
    assert.ok(views.some((v) => v.waiting > 0), 'some people wait');
    await same();
  });

  it('still agrees after people leave and a subscription stops serving teachers', async () => {
    await departPerson(store.db, 'elv-6a-01');
    await departPerson(store.db, 'ens-maths');
    await store.db.updateTable('subscription').set({ audiences: JSON.stringify(['ELEVE', 'DOCUMENTALISTE', 'AUTRE PERSONNEL']) }).where('id', '=', 'LARGE').execute();
    await same();
  });
});
