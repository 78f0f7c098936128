/**
 * Random lives of one subscription: RAs add and revoke assignments, the feed moves pupils in and
 * out of classes and makes people leave (each feed change followed by the reconciliation the
 * import triggers), reconciliations run. After every step the invariants of
 * licensing-invariants.ts hold, and a second reconciliation changes nothing.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isBrokerError } from '../../../src/core/broker-error.js';
import { createLicensingStore, type Store } from '../../../src/store/index.js';
import type { AssignmentTarget, Audience, LicensingStore, SubscriptionKey } from '../../../src/subscriptions/index.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import {
  addPupil,
  addSubscription,
  audit,
  departPerson,
  entId,
  joinGroup,
  leaveGroup,
  mef6e,
  pupilId,
  seedDirectory,
  subjects,
  uai,
  type SubscriptionSpec,
} from '../../support/licensing-fixtures.js';
import { licensingViolations } from '../../support/licensing-invariants.js';

const targets: readonly AssignmentTarget[] = [
  { kind: 'class', code: '6A', audience: 'ELEVE' },
  { kind: 'class', code: '6B', audience: 'ELEVE' },
  { kind: 'class', code: '6A', audience: 'ENSEIGNANT' },
  { kind: 'group', code: 'LATIN', audience: 'ELEVE' },
  { kind: 'level', code: mef6e },
  { kind: 'subject', code: subjects.maths },
  { kind: 'profile', audience: 'ELEVE' },
  { kind: 'profile', audience: 'ENSEIGNANT' },
  { kind: 'profile', audience: 'DOCUMENTALISTE' },
  { kind: 'person', entId, personId: pupilId('6B', 2) },
  { kind: 'person', entId, personId: 'doc-1' },
];
const people = [
  ...['6A', '6B'].flatMap((c) => [1, 2, 3, 4].map((n) => pupilId(c, n))),
  'new-1',
  'new-2',
  'new-3',
  'ens-maths',
  'doc-1',
];
const groups = ['6A', '6B', 'LATIN'] as const;

type Step =
  | { readonly op: 'add'; readonly target: number }
  | { readonly op: 'revoke'; readonly index: number }
  | { readonly op: 'join' | 'leave'; readonly person: number; readonly group: (typeof groups)[number] }
  | { readonly op: 'depart'; readonly person: number }
  | { readonly op: 'reconcile' };

const count = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constant('ILLIMITE' as const));
const spec: fc.Arbitrary<SubscriptionSpec> = fc
  .record({
    id: fc.constant('MODEL'),
    category: fc.constantFrom('transferable' as const, 'non transferable' as const),
    audiences: fc.subarray(['ELEVE', 'ENSEIGNANT', 'DOCUMENTALISTE', 'AUTRE PERSONNEL'] as Audience[], {
      minLength: 1,
    }),
    counts: fc.oneof(
      fc.record({ global: count }),
      fc.record({
        perAudience: fc.record({
          pupil: count,
          teacher: fc.integer({ min: 0, max: 3 }),
          librarian: fc.integer({ min: 0, max: 1 }),
        }),
      }),
    ),
  })
  .map(({ counts, ...rest }) => ({ ...rest, ...counts }));
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), target: fc.nat(targets.length - 1) }),
  fc.record({ op: fc.constant('add' as const), target: fc.nat(targets.length - 1) }),
  fc.record({ op: fc.constant('revoke' as const), index: fc.nat(5) }),
  fc.record({
    op: fc.constantFrom('join' as const, 'leave' as const),
    person: fc.nat(people.length - 1),
    group: fc.constantFrom(...groups),
  }),
  fc.record({ op: fc.constant('depart' as const), person: fc.nat(people.length - 1) }),
  fc.record({ op: fc.constant('reconcile' as const) }),
);

/** Refusals a random RA may legitimately meet; anything else fails the property. */
const expectedRefusals = new Set([
  'ERR_ASSIGN_DUPLICATE',
  'ERR_ASSIGN_AUDIENCE_EXCLUDED',
  'ERR_ASSIGN_TARGET_UNKNOWN',
  'ERR_ASSIGN_NOT_TRANSFERABLE',
]);

async function refusedOnly(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (!isBrokerError(error) || !expectedRefusals.has(error.code)) throw error;
  }
}

async function feedChange(db: Store['db'], s: Extract<Step, { op: 'join' | 'leave' | 'depart' }>): Promise<void> {
  const person = people[s.person] as string;
  if (s.op === 'depart') return departPerson(db, person);
  const member = await db
    .selectFrom('membership')
    .select('person_id')
    .where('person_id', '=', person)
    .where('group_code', '=', s.group)
    .executeTakeFirst();
  if (s.op === 'leave') return leaveGroup(db, person, s.group);
  if (member) return;
  const known = await db.selectFrom('person').select('person_id').where('person_id', '=', person).executeTakeFirst();
  return known || s.group === 'LATIN' ? joinGroup(db, person, s.group) : addPupil(db, person, s.group);
}

async function apply(db: Store['db'], licensing: LicensingStore, key: SubscriptionKey, s: Step): Promise<void> {
  if (s.op === 'add')
    return refusedOnly(licensing.addAssignment(key, uai, targets[s.target] as AssignmentTarget, audit('ra')));
  if (s.op === 'revoke') {
    const live = await licensing.listAssignments({ subscription: key });
    const chosen = live[s.index % Math.max(1, live.length)];
    return chosen === undefined ? undefined : refusedOnly(licensing.revokeAssignment(chosen.id, audit('ra')));
  }
  if (s.op !== 'reconcile') await feedChange(db, s);
  await licensing.reconcile({ uai }, audit('system:feed-import'));
}

describeEachDialect('licensing model', (dialect) => {
  it('keeps every invariant through random sequences of assignments and feed changes', async function () {
    this.timeout(240000);
    await fc.assert(
      fc.asyncProperty(spec, fc.array(step, { minLength: 1, maxLength: 14 }), async (subscription, steps) => {
        const store = await freshStore(dialect);
        try {
          await seedDirectory(store.db, { pupilsPerClass: 4 });
          const key = await addSubscription(store.db, subscription);
          const licensing = createLicensingStore(store);
          for (const s of steps) {
            await apply(store.db, licensing, key, s);
            assert.deepEqual(await licensingViolations(store.db, key, { afterReconcile: true }), [], JSON.stringify(s));
            const again = await licensing.reconcile({}, audit());
            assert.deepEqual([again.granted, again.released], [0, 0], 'a second reconciliation changes nothing');
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: dialect === 'sqlite' ? 40 : 10 },
    );
  });
});
