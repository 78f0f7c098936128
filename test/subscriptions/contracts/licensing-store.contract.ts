/**
 * The LicensingStore port (src/subscriptions/ports.ts): an assignment covers its target's people
 * and grants licences while they remain; reconciling follows the directory (leavers give theirs
 * back, newcomers get one), idempotently; refusals are coded and change nothing; every change is
 * audited without naming a person. The subject holds the collège of licensing-fixtures.ts.
 */
import assert from 'node:assert/strict';
import type { AssignmentTarget, Audience, LicensingStore, SubscriptionKey } from '../../../src/subscriptions/index.js';
import { auditedState, eachSubject, type AuditTrail, type ContractSubject } from '../../support/contract-subject.js';
import {
  audit,
  distributorId,
  entId,
  mef6e,
  otherUai,
  pupilId,
  resourceId,
  subjects,
  uai,
  type SubscriptionSpec,
} from '../../support/licensing-fixtures.js';

export interface LicensingStoreSubject extends ContractSubject {
  readonly licensing: LicensingStore;
  readonly auditTrail: AuditTrail;
  /** Subscriptions of the collège, and the directory changes a feed import would make. */
  readonly seed: {
    addSubscription(spec: SubscriptionSpec): Promise<SubscriptionKey>;
    addPupil(personId: string, classCode: string): Promise<void>;
    departPerson(personId: string): Promise<void>;
    leaveGroup(personId: string, groupCode: string): Promise<void>;
  };
  /** What the port does not read back. */
  readonly inspect: {
    /** Live licence holders of the subscription, as sorted person ids. */
    holders(key: SubscriptionKey): Promise<string[]>;
    /** Breaches of the licensing invariants (licensing-invariants.ts) for this subscription: none expected. */
    violations(key: SubscriptionKey): Promise<readonly string[]>;
    /** Everything the implementation keeps, to compare before and after a refused call. */
    storedState(): Promise<unknown>;
  };
}

const pupilsOf = (classCode: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => pupilId(classCode, from + i));
const code =
  (expected: string) =>
  (error: unknown): boolean => {
    assert.equal((error as { code?: string }).code, expected);
    return true;
  };
const pupilsOfClass = (code: string): AssignmentTarget => ({ kind: 'class', code, audience: 'ELEVE' });
const pupilsOfGroup = (code: string): AssignmentTarget => ({ kind: 'group', code, audience: 'ELEVE' });
const person = (personId: string, ent = entId): AssignmentTarget => ({ kind: 'person', entId: ent, personId });
const everyone = (audience: Audience): AssignmentTarget => ({ kind: 'profile', audience });
const sixA = pupilsOfClass('6A');
const otherDistributor = '987654321_0000000000000002';

export function licensingStoreContract(subject: () => Promise<LicensingStoreSubject>): void {
  const current = eachSubject(subject);
  const add = (key: SubscriptionKey, target: AssignmentTarget, at = uai) =>
    current().licensing.addAssignment(key, at, target, audit('ra'));
  const expectSound = async (key: SubscriptionKey) => assert.deepEqual(await current().inspect.violations(key), []);

  describe('covers each kind of target', () => {
    const cases: readonly [string, AssignmentTarget, string[]][] = [
      ['a named person', person(pupilId('6A', 1)), [pupilId('6A', 1)]],
      ['the pupils of a class', sixA, pupilsOf('6A', 1, 15)],
      ['the teachers of a class', { kind: 'class', code: '6A', audience: 'ENSEIGNANT' }, ['ens-anglais', 'ens-maths']],
      ['the pupils of a group', pupilsOfGroup('LATIN'), [...pupilsOf('6A', 1, 3), ...pupilsOf('6B', 1, 2)]],
      ['the teachers of a group', { kind: 'group', code: 'LATIN', audience: 'ENSEIGNANT' }, ['ens-latin']],
      ['the pupils of a level', { kind: 'level', code: mef6e }, [...pupilsOf('6A', 1, 15), ...pupilsOf('6B', 1, 15)]],
      ['the teachers of a subject', { kind: 'subject', code: subjects.maths }, ['ens-maths']],
      ['every teacher', everyone('ENSEIGNANT'), ['ens-anglais', 'ens-latin', 'ens-maths']],
      ['every librarian', everyone('DOCUMENTALISTE'), ['doc-1']],
      ['every other staff member', everyone('AUTRE PERSONNEL'), ['dir-1']],
    ];
    for (const [name, target, expected] of cases) {
      it(name, async () => {
        const { seed, inspect } = current();
        const key = await seed.addSubscription({ id: 'ABO-1', global: 'ILLIMITE' });
        const view = await add(key, target);
        assert.deepEqual([view.matched, view.granted, view.waiting], [expected.length, expected.length, 0]);
        assert.deepEqual(view.target, target);
        assert.deepEqual(await inspect.holders(key), [...expected].sort());
        await expectSound(key);
      });
    }
  });

  it('grants while licences remain and shows the shortage (30 covered, 25 licences)', async () => {
    const { seed, inspect } = current();
    const key = await seed.addSubscription({ id: 'ABO-1', global: 25 });
    const view = await add(key, { kind: 'level', code: mef6e });
    assert.deepEqual([view.matched, view.granted, view.waiting], [30, 25, 5]);
    // Deterministic order: people by (ENT, id) within an assignment.
    assert.deepEqual(await inspect.holders(key), [...pupilsOf('6A', 1, 15), ...pupilsOf('6B', 1, 10)]);
    await expectSound(key);
  });

  it('gives a newcomer of a class a licence while licences remain, else makes them wait', async () => {
    const { licensing, seed, inspect } = current();
    const key = await seed.addSubscription({ id: 'ABO-1', perAudience: { pupil: 16 } });
    await add(key, sixA);
    await seed.addPupil(pupilId('6A', 16), '6A');
    assert.deepEqual(await licensing.reconcile({ uai }, audit()), { granted: 1, released: 0, waiting: 0 });
    assert.ok((await inspect.holders(key)).includes(pupilId('6A', 16)));
    await seed.addPupil(pupilId('6A', 17), '6A');
    assert.deepEqual(await licensing.reconcile({}, audit()), { granted: 0, released: 0, waiting: 1 });
    const [view] = await licensing.listAssignments({ subscription: key });
    assert.deepEqual([view?.matched, view?.granted, view?.waiting], [17, 16, 1]);
    await expectSound(key);
  });

  it('takes back the licence of a person who left, and gives it to one waiting', async () => {
    const { licensing, seed, inspect } = current();
    const key = await seed.addSubscription({ id: 'ABO-1', perAudience: { pupil: 14 } });
    await add(key, sixA);
    assert.ok(!(await inspect.holders(key)).includes(pupilId('6A', 15)));
    await seed.departPerson(pupilId('6A', 3));
    assert.deepEqual(await licensing.reconcile({ uai }, audit()), { granted: 1, released: 1, waiting: 0 });
    const now = await inspect.holders(key);
    assert.ok(now.includes(pupilId('6A', 15)) && !now.includes(pupilId('6A', 3)));
    await expectSound(key);
  });

  it('draws from per-audience counts, or from the one global count in assignment order', async () => {
    const { seed } = current();
    const perAudience = await seed.addSubscription({ id: 'PER', perAudience: { pupil: 2, teacher: 1 } });
    const pupils = await add(perAudience, everyone('ELEVE'));
    const teachersPer = await add(perAudience, everyone('ENSEIGNANT'));
    assert.deepEqual([pupils.granted, teachersPer.granted], [2, 1]);
    const global = await seed.addSubscription({ id: 'GLOB', global: 3 });
    await add(global, everyone('ELEVE'));
    const teachers = await add(global, everyone('ENSEIGNANT'));
    assert.deepEqual([teachers.granted, teachers.waiting], [0, 3]);
    await expectSound(perAudience);
    await expectSound(global);
  });

  it('keeps non-transferable licences when their holders are no longer covered, and refuses to revoke', async () => {
    const { licensing, seed, inspect } = current();
    const key = await seed.addSubscription({ id: 'ABO-1', global: 'ILLIMITE', category: 'non transferable' });
    const view = await add(key, sixA);
    await seed.leaveGroup(pupilId('6A', 1), '6A');
    assert.deepEqual(await licensing.reconcile({}, audit()), { granted: 0, released: 0, waiting: 0 });
    assert.ok((await inspect.holders(key)).includes(pupilId('6A', 1)));
    await assert.rejects(licensing.revokeAssignment(view.id, audit()), code('ERR_ASSIGN_NOT_TRANSFERABLE'));
    assert.equal((await inspect.holders(key)).length, 15);
  });

  it('releases transferable licences of people no longer covered, and on revocation passes them on', async () => {
    const { licensing, seed, inspect } = current();
    const key = await seed.addSubscription({ id: 'ABO-1', perAudience: { pupil: 15 } });
    const first = await add(key, sixA);
    const sixB = await add(key, pupilsOfClass('6B'));
    assert.deepEqual([sixB.granted, sixB.waiting], [0, 15]);
    await seed.leaveGroup(pupilId('6A', 1), '6A');
    assert.deepEqual(await licensing.reconcile({}, audit()), { granted: 1, released: 1, waiting: 14 });
    const revoked = await licensing.revokeAssignment(first.id, audit());
    assert.deepEqual([revoked.matched, revoked.granted], [0, 0]);
    assert.deepEqual(await inspect.holders(key), pupilsOf('6B', 1, 15));
    assert.deepEqual(
      (await licensing.listAssignments({ uai })).map((v) => v.id),
      [sixB.id],
    );
    await expectSound(key);
  });

  it('reconciles only the establishments of the scope asked', async () => {
    const { licensing, seed, inspect } = current();
    const key = await seed.addSubscription({ id: 'ABO-1', global: 'ILLIMITE' });
    await add(key, sixA);
    await seed.departPerson(pupilId('6A', 4));
    for (const scope of [{ entId: 'Z9' }, { uai: otherUai }]) {
      assert.deepEqual(await licensing.reconcile(scope, audit()), { granted: 0, released: 0, waiting: 0 });
    }
    assert.ok((await inspect.holders(key)).includes(pupilId('6A', 4)));
    assert.equal((await licensing.reconcile({ entId }, audit())).released, 1);
    assert.ok(!(await inspect.holders(key)).includes(pupilId('6A', 4)));
  });

  it('counts a person covered by two assignments once, in both views', async () => {
    const { licensing, seed, inspect } = current();
    const key = await seed.addSubscription({ id: 'ABO-1', global: 'ILLIMITE' });
    await add(key, pupilsOfGroup('LATIN'));
    await add(key, sixA);
    const views = await licensing.listAssignments({ subscription: key });
    assert.deepEqual(
      views.map((v) => `${v.matched} matched, ${v.granted} granted`),
      ['5 matched, 5 granted', '15 matched, 15 granted'],
    );
    assert.equal((await inspect.holders(key)).length, 17);
  });

  describe('refuses with a coded error, changing nothing', () => {
    type Case = readonly [
      name: string,
      code: string,
      refused: (k: SubscriptionKey) => Promise<unknown>,
      setup?: (k: SubscriptionKey) => Promise<unknown>,
    ];
    const revoke = (id: number) => current().licensing.revokeAssignment(id, audit());
    const addThenRevoke = async (k: SubscriptionKey) => revoke((await add(k, sixA)).id);
    const depart = (personId: string) => () => current().seed.departPerson(personId);
    const unknown = { distributorId, subscriptionId: 'NOPE' };
    const cases: readonly Case[] = [
      ['an unknown subscription', 'ERR_ASSIGN_SUBSCRIPTION_UNKNOWN', () => add(unknown, sixA)],
      ['another establishment', 'ERR_ASSIGN_WRONG_ESTABLISHMENT', (k) => add(k, everyone('ELEVE'), otherUai)],
      ['an unknown class', 'ERR_ASSIGN_TARGET_UNKNOWN', (k) => add(k, pupilsOfClass('3Z'))],
      ['a class named as a group', 'ERR_ASSIGN_TARGET_UNKNOWN', (k) => add(k, pupilsOfGroup('6A'))],
      ['an unknown level', 'ERR_ASSIGN_TARGET_UNKNOWN', (k) => add(k, { kind: 'level', code: '99999999999' })],
      ['an unknown subject', 'ERR_ASSIGN_TARGET_UNKNOWN', (k) => add(k, { kind: 'subject', code: '999999' })],
      ['a person of another ENT', 'ERR_ASSIGN_TARGET_UNKNOWN', (k) => add(k, person(pupilId('6A', 1), 'Z9'))],
      ['a departed person', 'ERR_ASSIGN_TARGET_UNKNOWN', (k) => add(k, person('doc-1')), depart('doc-1')],
      ['an audience not served', 'ERR_ASSIGN_AUDIENCE_EXCLUDED', (k) => add(k, everyone('AUTRE PERSONNEL'))],
      ['a person of an audience not served', 'ERR_ASSIGN_AUDIENCE_EXCLUDED', (k) => add(k, person('dir-1'))],
      ['the same live target twice', 'ERR_ASSIGN_DUPLICATE', (k) => add(k, sixA), (k) => add(k, sixA)],
      ['an unknown assignment', 'ERR_ASSIGN_UNKNOWN', () => revoke(4242)],
      ['an assignment revoked twice', 'ERR_ASSIGN_UNKNOWN', () => revoke(1), addThenRevoke],
    ];
    for (const [name, expected, refused, setup] of cases) {
      it(`${name} → ${expected}`, async () => {
        const { seed, inspect, auditTrail, licensing } = current();
        const audiences = ['ELEVE', 'ENSEIGNANT', 'DOCUMENTALISTE'] as const;
        const key = await seed.addSubscription({ id: 'ABO-1', global: 10, audiences });
        await setup?.(key);
        const state = () => Promise.all([inspect.storedState(), auditTrail(), licensing.listAssignments({ uai })]);
        const before = await state();
        await assert.rejects(refused(key), code(expected));
        assert.deepEqual(await state(), before);
      });
    }

    it('an ETABL subscription → ERR_ASSIGN_ETABL', async () => {
      const { seed, inspect, auditTrail, licensing } = current();
      const key = await seed.addSubscription({ id: 'ETAB', type: 'ETABL', global: 'ILLIMITE' });
      const before = await inspect.storedState();
      await assert.rejects(add(key, everyone('ELEVE')), code('ERR_ASSIGN_ETABL'));
      assert.deepEqual(await licensing.listAssignments({ subscription: key }), []);
      assert.deepEqual(await auditTrail(), []);
      assert.deepEqual(await inspect.storedState(), before);
    });
  });

  it('reconciles idempotently: a second run changes nothing and audits nothing', async () => {
    const { licensing, seed, auditTrail } = current();
    const key = await seed.addSubscription({ id: 'ABO-1', perAudience: { pupil: 20 } });
    await add(key, { kind: 'level', code: mef6e });
    await seed.departPerson(pupilId('6A', 2));
    assert.deepEqual(await licensing.reconcile({}, audit()), { granted: 1, released: 1, waiting: 9 });
    const events = (await auditTrail()).length;
    assert.deepEqual(await licensing.reconcile({}, audit()), { granted: 0, released: 0, waiting: 9 });
    assert.equal((await auditTrail()).length, events);
  });

  it('audits who did what, and never names a person in a reconciliation', async () => {
    const { licensing, seed, auditTrail } = current();
    const key = await seed.addSubscription({ id: 'ABO-1', perAudience: { pupil: 20 } });
    const view = await add(key, { kind: 'level', code: mef6e });
    await seed.departPerson(pupilId('6A', 2));
    await licensing.reconcile({ uai }, audit('system:feed-import'));
    await licensing.revokeAssignment(view.id, audit('ra'));
    const rows = await auditTrail();
    assert.deepEqual(
      rows.map((r) => [r.action, r.actor, r.target]),
      [
        ['assignment.add', 'ra', `assignment:${view.id}`],
        ['licence.reconcile', 'system:feed-import', `subscription:${distributorId}/ABO-1`],
        ['assignment.revoke', 'ra', `assignment:${view.id}`],
        ['licence.reconcile', 'ra', `subscription:${distributorId}/ABO-1`],
      ],
    );
    assert.equal(rows[0]?.before, null);
    assert.equal((auditedState(rows[0]?.after ?? null) as { granted: number }).granted, 20);
    for (const r of rows.filter((x) => x.action === 'licence.reconcile')) {
      assert.doesNotMatch(`${r.before}${r.after}`, /elv-|ens-|doc-|dir-/);
      assert.equal(r.correlationId, 'c-test');
    }
  });

  it('loads the facts of the access rule', async () => {
    const { licensing, seed } = current();
    const key = await seed.addSubscription({ id: 'ABO-1', global: 1, audiences: ['ELEVE'] });
    await seed.addSubscription({ id: 'OTHER', distributor: otherDistributor, type: 'ETABL', global: 'ILLIMITE' });
    await seed.addSubscription({ id: 'ELSEWHERE', uai: otherUai, global: 'ILLIMITE' });
    await add(key, person(pupilId('6A', 1)));
    const facts = (personId: string) => licensing.loadEntitlementFacts({ entId, personId }, uai, resourceId);
    const holder = await facts(pupilId('6A', 1));
    assert.deepEqual(holder.profiles, ['National_elv']);
    const seen = holder.subscriptions.map(
      (s) => `${s.key.subscriptionId} ${s.assignmentType} ${s.holdsLicence ? 'held' : 'not held'}`,
    );
    assert.deepEqual(seen, ['ABO-1 INDIV held', 'OTHER ETABL not held']);
    assert.deepEqual(holder.subscriptions[0]?.audiences, ['ELEVE']);
    assert.equal((await facts(pupilId('6A', 2))).subscriptions[0]?.holdsLicence, false);
    await seed.departPerson(pupilId('6A', 1));
    assert.deepEqual((await facts(pupilId('6A', 1))).profiles, []);
    assert.deepEqual((await facts('nobody')).profiles, []);
  });
}
