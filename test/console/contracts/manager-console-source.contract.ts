/**
 * The ManagerConsoleSource port (src/console/manager-ports.ts): the licence manager's reads, every
 * one scoped to the establishment asked about; its assignment counts agree with the licensing
 * store's for every kind of target. The subject holds the collège of licensing-fixtures.ts (six
 * pupils per class); assignments are made through the licensing port.
 */
import assert from 'node:assert/strict';
import type { ManagerConsoleSource, Population } from '../../../src/console/index.js';
import type { AssignmentTarget, Audience, LicensingStore, SubscriptionKey } from '../../../src/subscriptions/index.js';
import { eachSubject, type ContractSubject } from '../../support/contract-subject.js';
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

export interface ManagerConsoleSourceSubject extends ContractSubject {
  readonly source: ManagerConsoleSource;
  readonly licensing: LicensingStore;
  readonly seed: {
    addSubscription(spec: SubscriptionSpec): Promise<SubscriptionKey>;
    departPerson(personId: string): Promise<void>;
    rename(personId: string, lastName: string, firstName: string): Promise<void>;
    /** The distributor changed the audiences the subscription serves. */
    serveAudiences(key: SubscriptionKey, audiences: readonly Audience[]): Promise<void>;
  };
}

const targets: readonly AssignmentTarget[] = [
  { kind: 'class', code: '6A', audience: 'ELEVE' },
  { kind: 'class', code: '6B', audience: 'ENSEIGNANT' },
  { kind: 'group', code: 'LATIN', audience: 'ELEVE' },
  { kind: 'group', code: 'LATIN', audience: 'ENSEIGNANT' },
  { kind: 'level', code: mef6e },
  { kind: 'subject', code: subjects.maths },
  { kind: 'profile', audience: 'DOCUMENTALISTE' },
  { kind: 'person', entId, personId: 'elv-6b-04' },
  { kind: 'person', entId, personId: 'dir-1' },
];
const key = (subscriptionId: string): SubscriptionKey => ({ distributorId, subscriptionId });
const sixA: AssignmentTarget = { kind: 'class', code: '6A', audience: 'ELEVE' };

export function managerConsoleSourceContract(subject: () => Promise<ManagerConsoleSourceSubject>): void {
  const current = eachSubject(subject);
  const assign = (subscriptionId: string, target: AssignmentTarget, at = uai) =>
    current().licensing.addAssignment(key(subscriptionId), at, target, audit());

  describe('assignment counts', () => {
    beforeEach(async () => {
      const { seed } = current();
      await seed.addSubscription({ id: 'LARGE', global: 'ILLIMITE' });
      await seed.addSubscription({ id: 'SCARCE', perAudience: { pupil: 7, teacher: 1, librarian: 0, other: 1 } });
      await seed.addSubscription({ id: 'AILLEURS', global: 5, uai: otherUai });
      for (const id of ['LARGE', 'SCARCE']) for (const t of targets) await assign(id, t);
      await assign('AILLEURS', { kind: 'profile', audience: 'ELEVE' }, otherUai);
    });
    const same = async () => {
      const { source, licensing } = current();
      assert.deepEqual(await source.listAssignments(uai), await licensing.listAssignments({ uai }));
      assert.deepEqual(
        await source.listAssignments(uai, key('SCARCE')),
        await licensing.listAssignments({ subscription: key('SCARCE') }),
      );
      assert.deepEqual(await source.listAssignments(otherUai), await licensing.listAssignments({ uai: otherUai }));
    };

    it('counts as the licensing store does, for every kind of target', async () => {
      const views = await current().licensing.listAssignments({ uai });
      assert.ok(
        views.some((v) => v.waiting > 0),
        'some people wait',
      );
      await same();
    });

    it('still agrees after people leave and a subscription stops serving teachers', async () => {
      const { seed } = current();
      await seed.departPerson('elv-6a-01');
      await seed.departPerson('ens-maths');
      await seed.serveAudiences(key('LARGE'), ['ELEVE', 'DOCUMENTALISTE', 'AUTRE PERSONNEL']);
      await same();
    });

    it('shows no assignment of the establishment under another one', async () => {
      const { source } = current();
      assert.deepEqual(await source.listAssignments(otherUai, key('SCARCE')), []);
    });
  });

  it("lists and finds the establishment's own subscriptions only, with their counts and usage", async () => {
    const { source, seed } = current();
    await seed.addSubscription({
      id: 'B',
      perAudience: { pupil: 7, teacher: 'ILLIMITE' },
      audiences: ['ELEVE', 'ENSEIGNANT'],
    });
    await seed.addSubscription({ id: 'A', global: 3, category: 'non transferable' });
    await seed.addSubscription({ id: 'AILLEURS', global: 5, uai: otherUai });
    await assign('A', { kind: 'person', entId, personId: pupilId('6A', 1) });
    const listed = await source.listSubscriptions(uai);
    assert.deepEqual(
      listed.map((s) => s.key.subscriptionId),
      ['A', 'B'],
    );
    const [a, b] = listed;
    assert.deepEqual(
      [a?.uai, a?.resourceId, a?.resourceName, a?.distributorName, a?.category, a?.assignmentType],
      [uai, resourceId, 'Manuel numérique Mathématiques 6e', distributorId, 'non transferable', 'INDIV'],
    );
    assert.deepEqual(
      [a?.validFrom, a?.validUntil, a?.counts.global, a?.used.global],
      ['2025-09-01T00:00:00', '2026-08-15T00:00:00', 3, 1],
    );
    assert.deepEqual(
      [b?.audiences, b?.counts.pupil, b?.counts.teacher, b?.used.pupil],
      [['ELEVE', 'ENSEIGNANT'], 7, -1, 0],
    );
    assert.deepEqual(await source.findSubscription(uai, key('B')), b);
    assert.equal(await source.findSubscription(uai, key('AILLEURS')), undefined, "another establishment's");
    assert.equal(await source.findSubscription(otherUai, key('B')), undefined);
    assert.equal(await source.findSubscription(uai, key('NOPE')), undefined);
  });

  it('lists the live populations with the people an assignment would cover, per audience', async () => {
    const { source, seed } = current();
    await seed.departPerson(pupilId('6A', 6));
    await seed.departPerson('ens-anglais');
    const populations = await source.listPopulations(uai);
    assert.deepEqual(
      populations.map((p) => [p.kind, p.code, p.label, p.sizes]),
      [
        ['class', '6A', '6A', { ELEVE: 5, ENSEIGNANT: 1 }],
        ['class', '6B', '6B', { ELEVE: 6, ENSEIGNANT: 1 }],
        ['group', 'LATIN', 'LATIN', { ELEVE: 5, ENSEIGNANT: 1 }],
        ['level', mef6e, '6EME', { ELEVE: 11 }],
        ['subject', subjects.english, 'ENGLISH', { ENSEIGNANT: 0 }],
        ['subject', subjects.latin, 'LATIN', { ENSEIGNANT: 1 }],
        ['subject', subjects.maths, 'MATHS', { ENSEIGNANT: 1 }],
      ],
    );
    assert.deepEqual(await source.listPopulations(otherUai), []);
  });

  it("gives each population's size per audience as the people an assignment of it covers", async () => {
    const { source, seed } = current();
    await seed.addSubscription({ id: 'LARGE', global: 'ILLIMITE' });
    await seed.departPerson(pupilId('6B', 2));
    const targetOf = (p: Population, audience: Audience): AssignmentTarget =>
      p.kind === 'class' || p.kind === 'group'
        ? { kind: p.kind, code: p.code, audience: audience as 'ELEVE' | 'ENSEIGNANT' }
        : { kind: p.kind, code: p.code };
    const sized = (await source.listPopulations(uai)).flatMap((p) =>
      (Object.entries(p.sizes) as [Audience, number][]).map(([audience, size]): [AssignmentTarget, number] => [
        targetOf(p, audience),
        size,
      ]),
    );
    assert.equal(sized.length, 10);
    for (const [target] of sized) await assign('LARGE', target);
    const matched = (await source.listAssignments(uai, key('LARGE'))).map((v) => [v.target, v.matched]);
    assert.deepEqual(matched, sized);
  });

  it('finds present people by every word of their name, accents and case ignored', async () => {
    const { source, seed } = current();
    await seed.rename(pupilId('6A', 1), 'Lefèvre', 'Zoé');
    await seed.rename(pupilId('6B', 2), 'Lefebvre', 'Chloé');
    await seed.rename(pupilId('6B', 3), 'Lefort', 'Zoé');
    await seed.departPerson(pupilId('6B', 3));
    const found = (query: string, limit = 10) =>
      source.searchPeople(uai, query, limit).then((people) => people.map((p) => p.personId));
    assert.deepEqual(await found('lefevre'), [pupilId('6A', 1)]);
    assert.deepEqual(await found('LEF'), [pupilId('6B', 2), pupilId('6A', 1)], 'by name');
    assert.deepEqual(await found('LEF', 1), [pupilId('6B', 2)]);
    assert.deepEqual(await found('zoe   LEFÈVRE'), [pupilId('6A', 1)]);
    assert.deepEqual(await found('  '), []);
    assert.deepEqual(await source.searchPeople(otherUai, 'lefebvre', 10), []);
    assert.deepEqual(await source.searchPeople(uai, 'chloe', 10), [
      {
        entId,
        personId: pupilId('6B', 2),
        lastName: 'Lefebvre',
        firstName: 'Chloé',
        profiles: ['National_elv'],
        classes: ['6B'],
      },
    ]);
  });

  it('describes those of the people asked who are present in the establishment', async () => {
    const { source, seed } = current();
    await seed.departPerson(pupilId('6A', 2));
    const asked = [
      { entId, personId: 'ens-maths' },
      { entId, personId: pupilId('6A', 2) },
      { entId: 'Z9', personId: pupilId('6A', 1) },
      { entId, personId: pupilId('6A', 1) },
      { entId, personId: 'nobody' },
    ];
    const described = await source.describePeople(uai, asked);
    assert.deepEqual(
      described.map((p) => [p.personId, p.profiles, p.classes]),
      [
        ['ens-maths', ['National_ens'], []],
        [pupilId('6A', 1), ['National_elv'], ['6A']],
      ],
    );
    assert.deepEqual(await source.describePeople(otherUai, asked), []);
    assert.deepEqual(await source.describePeople(uai, []), []);
  });

  it("lists a subscription's holders by name: present or not, named alone or covered by a population", async () => {
    const { source, seed, licensing } = current();
    const scarce = await seed.addSubscription({ id: 'SCARCE', global: 'ILLIMITE' });
    await seed.rename(pupilId('6A', 1), 'Abel', 'Anne');
    await seed.rename('doc-1', 'Zola', 'Zoé');
    const alone = await assign('SCARCE', { kind: 'person', entId, personId: 'doc-1' });
    const both = await assign('SCARCE', { kind: 'person', entId, personId: pupilId('6A', 1) });
    await assign('SCARCE', sixA);
    await seed.departPerson(pupilId('6A', 2));
    const { total, holders } = await source.listHolders(uai, scarce, 3);
    assert.equal(total, 7);
    assert.deepEqual(
      holders.map((h) => [h.lastName, h.personId, h.present, h.personAssignmentId, h.coveredByPopulation]),
      [
        // Left, not yet reconciled: no name, and no longer covered.
        ['', pupilId('6A', 2), false, undefined, false],
        ['Abel', pupilId('6A', 1), true, both.id, true],
        ['Nom', pupilId('6A', 3), true, undefined, true],
      ],
    );
    const zola = (await source.listHolders(uai, scarce, 10)).holders.at(-1);
    assert.deepEqual(
      [zola?.personId, zola?.audience, zola?.personAssignmentId, zola?.coveredByPopulation, zola?.profiles],
      ['doc-1', 'DOCUMENTALISTE', alone.id, false, ['National_doc']],
    );
    assert.deepEqual(await source.listHolders(otherUai, scarce, 10), { total: 0, holders: [] });
    // A revocation reconciles the subscription: the pupil who left gives theirs back too.
    await licensing.revokeAssignment(alone.id, audit());
    const after = await source.listHolders(uai, scarce, 10);
    assert.deepEqual([after.total, after.holders.some((h) => h.personId === 'doc-1' || !h.present)], [5, false]);
  });
}
