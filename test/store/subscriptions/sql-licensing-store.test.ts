import assert from 'node:assert/strict';
import { createLicensingStore, type Store } from '../../../src/store/index.js';
import { retryTransient } from '../../../src/store/retry-transient.js';
import type { AssignmentTarget, LicensingStore, SubscriptionKey } from '../../../src/subscriptions/index.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import {
  addPupil, addSubscription, audit, departPerson, distributorId, entId, holders, leaveGroup, mef6e, otherUai, pupilId,
  resourceId, seedDirectory, subjects, uai,
} from '../../support/licensing-fixtures.js';
import { licensingViolations } from '../../support/licensing-invariants.js';

const pupilsOf = (classCode: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => pupilId(classCode, from + i));

const code = (expected: string) => (error: unknown): boolean => {
  assert.equal((error as { code?: string }).code, expected);
  return true;
};

describeEachDialect('SQL licensing store', (dialect) => {
  let store: Store;
  let licensing: LicensingStore;
  beforeEach(async () => {
    store = await freshStore(dialect);
    await seedDirectory(store.db);
    licensing = createLicensingStore(store);
  });
  afterEach(async () => { await store.close(); });

  const add = (key: SubscriptionKey, target: AssignmentTarget, at = uai) => licensing.addAssignment(key, at, target, audit('ra'));
  const reasons = async (key: SubscriptionKey) => (await store.db.selectFrom('licence').select(['person_id', 'release_reason'])
    .where('subscription_id', '=', key.subscriptionId).where('released_at', 'is not', null).orderBy('person_id').execute())
    .map((r) => `${r.person_id}:${r.release_reason}`);
  const expectSound = async (key: SubscriptionKey) => assert.deepEqual(await licensingViolations(store.db, key, { afterReconcile: true }), []);

  describe('covers each kind of target', () => {
    const cases: readonly [string, AssignmentTarget, string[]][] = [
      ['a named person', { kind: 'person', entId, personId: pupilId('6A', 1) }, [pupilId('6A', 1)]],
      ['the pupils of a class', { kind: 'class', code: '6A', audience: 'ELEVE' }, pupilsOf('6A', 1, 15)],
      ['the teachers of a class', { kind: 'class', code: '6A', audience: 'ENSEIGNANT' }, ['ens-anglais', 'ens-maths']],
      ['the pupils of a group', { kind: 'group', code: 'LATIN', audience: 'ELEVE' }, [...pupilsOf('6A', 1, 3), ...pupilsOf('6B', 1, 2)]],
      ['the teachers of a group', { kind: 'group', code: 'LATIN', audience: 'ENSEIGNANT' }, ['ens-latin']],
      ['the pupils of a level', { kind: 'level', code: mef6e }, [...pupilsOf('6A', 1, 15), ...pupilsOf('6B', 1, 15)]],
      ['the teachers of a subject', { kind: 'subject', code: subjects.maths }, ['ens-maths']],
      ['every teacher', { kind: 'profile', audience: 'ENSEIGNANT' }, ['ens-anglais', 'ens-latin', 'ens-maths']],
      ['every librarian', { kind: 'profile', audience: 'DOCUMENTALISTE' }, ['doc-1']],
      ['every other staff member', { kind: 'profile', audience: 'AUTRE PERSONNEL' }, ['dir-1']],
    ];
    for (const [name, target, expected] of cases) {
      it(name, async () => {
        const key = await addSubscription(store.db, { id: 'ABO-1', global: 'ILLIMITE' });
        const view = await add(key, target);
        assert.deepEqual([view.matched, view.granted, view.waiting], [expected.length, expected.length, 0]);
        assert.deepEqual(view.target, target);
        assert.deepEqual(await holders(store.db, key), [...expected].sort());
        await expectSound(key);
      });
    }
  });

  it('grants while licences remain and shows the shortage (30 covered, 25 licences)', async () => {
    const key = await addSubscription(store.db, { id: 'ABO-1', global: 25 });
    const view = await add(key, { kind: 'level', code: mef6e });
    assert.deepEqual([view.matched, view.granted, view.waiting], [30, 25, 5]);
    // Deterministic order: people by (ENT, id) within an assignment.
    assert.deepEqual(await holders(store.db, key), [...pupilsOf('6A', 1, 15), ...pupilsOf('6B', 1, 10)]);
    const used = await store.db.selectFrom('subscription').select('used_global').executeTakeFirstOrThrow();
    assert.equal(used.used_global, 25);
  });

  it('gives a newcomer of a class a licence while licences remain, else makes them wait', async () => {
    const key = await addSubscription(store.db, { id: 'ABO-1', perAudience: { pupil: 16 } });
    await add(key, { kind: 'class', code: '6A', audience: 'ELEVE' });
    await addPupil(store.db, pupilId('6A', 16), '6A');
    assert.deepEqual(await licensing.reconcile({ uai }, audit()), { granted: 1, released: 0, waiting: 0 });
    assert.ok((await holders(store.db, key)).includes(pupilId('6A', 16)));
    await addPupil(store.db, pupilId('6A', 17), '6A');
    assert.deepEqual(await licensing.reconcile({}, audit()), { granted: 0, released: 0, waiting: 1 });
    const [view] = await licensing.listAssignments({ subscription: key });
    assert.deepEqual([view?.matched, view?.granted, view?.waiting], [17, 16, 1]);
    await expectSound(key);
  });

  it('takes back the licence of a person who left, and gives it to one waiting', async () => {
    const key = await addSubscription(store.db, { id: 'ABO-1', perAudience: { pupil: 14 } });
    await add(key, { kind: 'class', code: '6A', audience: 'ELEVE' });
    assert.ok(!(await holders(store.db, key)).includes(pupilId('6A', 15)));
    await departPerson(store.db, pupilId('6A', 3));
    assert.deepEqual(await licensing.reconcile({ uai }, audit()), { granted: 1, released: 1, waiting: 0 });
    const now = await holders(store.db, key);
    assert.ok(now.includes(pupilId('6A', 15)) && !now.includes(pupilId('6A', 3)));
    assert.deepEqual(await reasons(key), [`${pupilId('6A', 3)}:departed`]);
    await expectSound(key);
  });

  it('draws from per-audience counts, or from the one global count in assignment order', async () => {
    const perAudience = await addSubscription(store.db, { id: 'PER', perAudience: { pupil: 2, teacher: 1 } });
    await add(perAudience, { kind: 'profile', audience: 'ELEVE' });
    await add(perAudience, { kind: 'profile', audience: 'ENSEIGNANT' });
    const row = await store.db.selectFrom('subscription').selectAll().where('id', '=', 'PER').executeTakeFirstOrThrow();
    assert.deepEqual([row.used_pupil, row.used_teacher, row.used_global], [2, 1, 0]);
    const global = await addSubscription(store.db, { id: 'GLOB', global: 3 });
    await add(global, { kind: 'profile', audience: 'ELEVE' });
    const teachers = await add(global, { kind: 'profile', audience: 'ENSEIGNANT' });
    assert.deepEqual([teachers.granted, teachers.waiting], [0, 3]);
    const buckets = await store.db.selectFrom('licence').select('bucket').distinct().where('subscription_id', '=', 'GLOB').execute();
    assert.deepEqual(buckets.map((b) => b.bucket), ['global']);
    await expectSound(perAudience);
    await expectSound(global);
  });

  it('keeps non-transferable licences when their holders are no longer covered, and refuses to revoke', async () => {
    const key = await addSubscription(store.db, { id: 'ABO-1', global: 'ILLIMITE', category: 'non transferable' });
    const view = await add(key, { kind: 'class', code: '6A', audience: 'ELEVE' });
    await leaveGroup(store.db, pupilId('6A', 1), '6A');
    assert.deepEqual(await licensing.reconcile({}, audit()), { granted: 0, released: 0, waiting: 0 });
    assert.ok((await holders(store.db, key)).includes(pupilId('6A', 1)));
    await assert.rejects(licensing.revokeAssignment(view.id, audit()), code('ERR_ASSIGN_NOT_TRANSFERABLE'));
    assert.equal((await holders(store.db, key)).length, 15);
  });

  it('releases transferable licences of people no longer covered, and on revocation passes them on', async () => {
    const key = await addSubscription(store.db, { id: 'ABO-1', perAudience: { pupil: 15 } });
    const sixA = await add(key, { kind: 'class', code: '6A', audience: 'ELEVE' });
    const sixB = await add(key, { kind: 'class', code: '6B', audience: 'ELEVE' });
    assert.deepEqual([sixB.granted, sixB.waiting], [0, 15]);
    await leaveGroup(store.db, pupilId('6A', 1), '6A');
    assert.deepEqual(await licensing.reconcile({}, audit()), { granted: 1, released: 1, waiting: 14 });
    assert.deepEqual(await reasons(key), [`${pupilId('6A', 1)}:uncovered`]);
    const revoked = await licensing.revokeAssignment(sixA.id, audit());
    assert.deepEqual([revoked.matched, revoked.granted], [0, 0]);
    assert.deepEqual(await holders(store.db, key), pupilsOf('6B', 1, 15));
    assert.deepEqual((await licensing.listAssignments({ uai })).map((v) => v.id), [sixB.id]);
    await expectSound(key);
  });

  it('counts a person covered by two assignments once, in both views', async () => {
    const key = await addSubscription(store.db, { id: 'ABO-1', global: 'ILLIMITE' });
    await add(key, { kind: 'group', code: 'LATIN', audience: 'ELEVE' });
    await add(key, { kind: 'class', code: '6A', audience: 'ELEVE' });
    const views = await licensing.listAssignments({ subscription: key });
    assert.deepEqual(views.map((v) => [v.matched, v.granted]), [[5, 5], [15, 15]]);
    assert.equal((await holders(store.db, key)).length, 17);
  });

  describe('refuses with a coded error, writing nothing', () => {
    type Case = readonly [name: string, code: string, refused: (k: SubscriptionKey) => Promise<unknown>, setup?: (k: SubscriptionKey) => Promise<unknown>];
    const sixA: AssignmentTarget = { kind: 'class', code: '6A', audience: 'ELEVE' };
    const cases: readonly Case[] = [
      ['an unknown subscription', 'ERR_ASSIGN_SUBSCRIPTION_UNKNOWN', () => add({ distributorId, subscriptionId: 'NOPE' }, sixA)],
      ['another establishment', 'ERR_ASSIGN_WRONG_ESTABLISHMENT', (k) => add(k, { kind: 'profile', audience: 'ELEVE' }, otherUai)],
      ['an unknown class', 'ERR_ASSIGN_TARGET_UNKNOWN', (k) => add(k, { kind: 'class', code: '3Z', audience: 'ELEVE' })],
      ['a class named as a group', 'ERR_ASSIGN_TARGET_UNKNOWN', (k) => add(k, { kind: 'group', code: '6A', audience: 'ELEVE' })],
      ['an unknown level', 'ERR_ASSIGN_TARGET_UNKNOWN', (k) => add(k, { kind: 'level', code: '99999999999' })],
      ['an unknown subject', 'ERR_ASSIGN_TARGET_UNKNOWN', (k) => add(k, { kind: 'subject', code: '999999' })],
      ['a person of another ENT', 'ERR_ASSIGN_TARGET_UNKNOWN', (k) => add(k, { kind: 'person', entId: 'Z9', personId: pupilId('6A', 1) })],
      ['a departed person', 'ERR_ASSIGN_TARGET_UNKNOWN', (k) => add(k, { kind: 'person', entId, personId: 'doc-1' }), () => departPerson(store.db, 'doc-1')],
      ['an audience not served', 'ERR_ASSIGN_AUDIENCE_EXCLUDED', (k) => add(k, { kind: 'profile', audience: 'AUTRE PERSONNEL' })],
      ['a person of an audience not served', 'ERR_ASSIGN_AUDIENCE_EXCLUDED', (k) => add(k, { kind: 'person', entId, personId: 'dir-1' })],
      ['the same live target twice', 'ERR_ASSIGN_DUPLICATE', (k) => add(k, sixA), (k) => add(k, sixA)],
      ['an unknown assignment', 'ERR_ASSIGN_UNKNOWN', () => licensing.revokeAssignment(4242, audit())],
      ['an assignment revoked twice', 'ERR_ASSIGN_UNKNOWN', () => licensing.revokeAssignment(1, audit()), async (k) => licensing.revokeAssignment((await add(k, sixA)).id, audit())],
    ];
    const snapshot = async () => Promise.all((['assignment', 'licence', 'audit_event'] as const).map(async (t) => (await store.db.selectFrom(t).selectAll().execute()).length));
    for (const [name, expected, refused, setup] of cases) {
      it(`${name} → ${expected}`, async () => {
        const key = await addSubscription(store.db, { id: 'ABO-1', global: 10, audiences: ['ELEVE', 'ENSEIGNANT', 'DOCUMENTALISTE'] });
        await setup?.(key);
        const before = await snapshot();
        await assert.rejects(refused(key), code(expected));
        assert.deepEqual(await snapshot(), before);
      });
    }

    it('an ETABL subscription → ERR_ASSIGN_ETABL', async () => {
      const key = await addSubscription(store.db, { id: 'ETAB', type: 'ETABL', global: 'ILLIMITE' });
      await assert.rejects(add(key, { kind: 'profile', audience: 'ELEVE' }), code('ERR_ASSIGN_ETABL'));
      assert.deepEqual(await store.db.selectFrom('assignment').select('id').execute(), []);
      assert.deepEqual(await store.db.selectFrom('audit_event').select('id').execute(), []);
    });
  });

  it('reconciles idempotently: a second run changes nothing and writes no audit row', async () => {
    const key = await addSubscription(store.db, { id: 'ABO-1', perAudience: { pupil: 20 } });
    await add(key, { kind: 'level', code: mef6e });
    await departPerson(store.db, pupilId('6A', 2));
    const first = await licensing.reconcile({}, audit());
    assert.deepEqual(first, { granted: 1, released: 1, waiting: 9 });
    const events = (await store.db.selectFrom('audit_event').select('id').execute()).length;
    assert.deepEqual(await licensing.reconcile({}, audit()), { granted: 0, released: 0, waiting: 9 });
    assert.equal((await store.db.selectFrom('audit_event').select('id').execute()).length, events);
  });

  it('audits who did what, and never names a person in a reconciliation', async () => {
    const key = await addSubscription(store.db, { id: 'ABO-1', perAudience: { pupil: 20 } });
    const view = await add(key, { kind: 'level', code: mef6e });
    await departPerson(store.db, pupilId('6A', 2));
    await licensing.reconcile({ uai }, audit('system:feed-import'));
    await licensing.revokeAssignment(view.id, audit('ra'));
    const rows = await store.db.selectFrom('audit_event').selectAll().orderBy('id').execute();
    assert.deepEqual(rows.map((r) => [r.action, r.actor, r.target]), [
      ['assignment.add', 'ra', `assignment:${view.id}`],
      ['licence.reconcile', 'system:feed-import', `subscription:${distributorId}/ABO-1`],
      ['assignment.revoke', 'ra', `assignment:${view.id}`],
      ['licence.reconcile', 'ra', `subscription:${distributorId}/ABO-1`],
    ]);
    assert.equal(rows[0]?.before_state, null);
    assert.equal((JSON.parse(rows[0]?.after_state ?? '{}') as { granted: number }).granted, 20);
    for (const r of rows.filter((x) => x.action === 'licence.reconcile')) {
      assert.doesNotMatch(`${r.before_state}${r.after_state}`, /elv-|ens-|doc-|dir-/);
      assert.equal(r.correlation_id, 'c-test');
    }
  });

  it('loads the facts of the access rule', async () => {
    const key = await addSubscription(store.db, { id: 'ABO-1', global: 1, audiences: ['ELEVE'] });
    await addSubscription(store.db, { id: 'OTHER', distributor: '987654321_0000000000000002', type: 'ETABL', global: 'ILLIMITE' });
    await addSubscription(store.db, { id: 'ELSEWHERE', uai: otherUai, global: 'ILLIMITE' });
    await add(key, { kind: 'person', entId, personId: pupilId('6A', 1) });
    const holder = await licensing.loadEntitlementFacts({ entId, personId: pupilId('6A', 1) }, uai, resourceId);
    assert.deepEqual(holder.profiles, ['National_elv']);
    assert.deepEqual(holder.subscriptions.map((s) => [s.key.subscriptionId, s.assignmentType, s.holdsLicence]), [
      ['ABO-1', 'INDIV', true], ['OTHER', 'ETABL', false],
    ]);
    assert.deepEqual(holder.subscriptions[0]?.audiences, ['ELEVE']);
    const other = await licensing.loadEntitlementFacts({ entId, personId: pupilId('6A', 2) }, uai, resourceId);
    assert.equal(other.subscriptions[0]?.holdsLicence, false);
    await departPerson(store.db, pupilId('6A', 1));
    assert.deepEqual((await licensing.loadEntitlementFacts({ entId, personId: pupilId('6A', 1) }, uai, resourceId)).profiles, []);
    assert.deepEqual((await licensing.loadEntitlementFacts({ entId, personId: 'nobody' }, uai, resourceId)).profiles, []);
  });

  it('turns a database guard firing into ERR_STORE_CONFLICT, never a raw driver error', async () => {
    await addSubscription(store.db, { id: 'ABO-1', perAudience: { pupil: 2 } });
    await assert.rejects(retryTransient(() => store.db.updateTable('subscription').set({ used_pupil: 3 }).execute()), code('ERR_STORE_CONFLICT'));
    const row = await store.db.selectFrom('subscription').select('used_pupil').executeTakeFirstOrThrow();
    assert.equal(row.used_pupil, 0);
  });
});
