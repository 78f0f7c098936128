import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  audiences,
  decideEntitlement,
  type Audience,
  type EntitlementDecision,
  type EntitlementFacts,
} from '../../../src/subscriptions/index.js';
import { audienceOfProfile } from '../../../src/subscriptions/audience.js';
import { compareLocalDateTimes } from '../../../src/subscriptions/wire/local-date-time.js';

type Subscription = EntitlementFacts['subscriptions'][number];

const now = '2025-11-03T10:00:00';
const past = { validFrom: '2024-09-01T00:00:00', validUntil: '2025-08-15T00:00:00' };
const current = { validFrom: '2025-09-01T00:00:00', validUntil: '2026-08-15T00:00:00' };
const future = { validFrom: '2026-09-01T00:00:00', validUntil: '2027-08-15T00:00:00' };

const sub = (id: string, over: Partial<Subscription> = {}): Subscription => ({
  key: { distributorId: 'D1', subscriptionId: id },
  ...current,
  assignmentType: 'INDIV',
  audiences: ['ELEVE'],
  holdsLicence: false,
  ...over,
});

const allowed = (subscriptionId: string, audience: Audience, distributorId = 'D1'): EntitlementDecision => ({
  allowed: true,
  subscription: { distributorId, subscriptionId },
  audience,
});
const denied = (reason: string): EntitlementDecision => ({ allowed: false, reason }) as EntitlementDecision;

describe('decideEntitlement: named cases', () => {
  const cases: readonly { name: string; facts: EntitlementFacts; at?: string; expected: EntitlementDecision }[] = [
    {
      name: 'no profile in the establishment → NOT_IN_ESTABLISHMENT (even with an ETABL subscription)',
      facts: { profiles: [], subscriptions: [sub('a', { assignmentType: 'ETABL', audiences: [...audiences] })] },
      expected: denied('NOT_IN_ESTABLISHMENT'),
    },
    {
      name: 'no subscription → NO_SUBSCRIPTION',
      facts: { profiles: ['National_elv'], subscriptions: [] },
      expected: denied('NO_SUBSCRIPTION'),
    },
    {
      name: 'only future subscriptions → SUBSCRIPTION_NOT_YET_VALID',
      facts: { profiles: ['National_elv'], subscriptions: [sub('a', { ...future, holdsLicence: true })] },
      expected: denied('SUBSCRIPTION_NOT_YET_VALID'),
    },
    {
      name: 'only past subscriptions → SUBSCRIPTION_EXPIRED',
      facts: { profiles: ['National_elv'], subscriptions: [sub('a', { ...past, holdsLicence: true })] },
      expected: denied('SUBSCRIPTION_EXPIRED'),
    },
    {
      name: 'a past and a future one, none valid → SUBSCRIPTION_EXPIRED',
      facts: { profiles: ['National_elv'], subscriptions: [sub('a', future), sub('b', past)] },
      expected: denied('SUBSCRIPTION_EXPIRED'),
    },
    {
      name: 'the end instant itself is outside (15 August 00:00:00, half-open) → SUBSCRIPTION_EXPIRED',
      facts: { profiles: ['National_elv'], subscriptions: [sub('a', { assignmentType: 'ETABL' })] },
      at: '2026-08-15T00:00:00',
      expected: denied('SUBSCRIPTION_EXPIRED'),
    },
    {
      name: 'the last second before the end is inside',
      facts: { profiles: ['National_elv'], subscriptions: [sub('a', { assignmentType: 'ETABL' })] },
      at: '2026-08-14T23:59:59.999',
      expected: allowed('a', 'ELEVE'),
    },
    {
      name: 'the start instant itself is inside',
      facts: { profiles: ['National_elv'], subscriptions: [sub('a', { assignmentType: 'ETABL' })] },
      at: '2025-09-01T00:00:00.000',
      expected: allowed('a', 'ELEVE'),
    },
    {
      name: 'a fraction before the start is outside → SUBSCRIPTION_NOT_YET_VALID',
      facts: {
        profiles: ['National_elv'],
        subscriptions: [sub('a', { assignmentType: 'ETABL', validFrom: '2025-09-01T00:00:00.5' })],
      },
      at: '2025-09-01T00:00:00.25',
      expected: denied('SUBSCRIPTION_NOT_YET_VALID'),
    },
    {
      name: 'valid but for teachers only, the person a pupil → AUDIENCE_EXCLUDED',
      facts: {
        profiles: ['National_elv'],
        subscriptions: [
          sub('a', { assignmentType: 'ETABL', audiences: ['ENSEIGNANT'] }),
          sub('b', { ...past, audiences: ['ELEVE'] }),
        ],
      },
      expected: denied('AUDIENCE_EXCLUDED'),
    },
    {
      name: 'a profile no subscription can target (not National_*) → AUDIENCE_EXCLUDED',
      facts: {
        profiles: ['National_xyz'],
        subscriptions: [sub('a', { assignmentType: 'ETABL', audiences: [...audiences] })],
      },
      expected: denied('AUDIENCE_EXCLUDED'),
    },
    {
      name: 'INDIV covering the pupil without a licence → NO_LICENCE',
      facts: {
        profiles: ['National_elv'],
        subscriptions: [sub('a'), sub('b', { audiences: ['ENSEIGNANT'], holdsLicence: true })],
      },
      expected: denied('NO_LICENCE'),
    },
    {
      name: 'INDIV with a licence → allowed',
      facts: { profiles: ['National_elv'], subscriptions: [sub('a', { holdsLicence: true })] },
      expected: allowed('a', 'ELEVE'),
    },
    {
      name: 'ETABL without a licence → allowed',
      facts: {
        profiles: ['National_ens'],
        subscriptions: [sub('a', { assignmentType: 'ETABL', audiences: ['ENSEIGNANT'] })],
      },
      expected: allowed('a', 'ENSEIGNANT'),
    },
    {
      name: 'AUTRE PERSONNEL covers a head (National_dir)',
      facts: {
        profiles: ['National_dir'],
        subscriptions: [sub('a', { assignmentType: 'ETABL', audiences: ['AUTRE PERSONNEL'] })],
      },
      expected: allowed('a', 'AUTRE PERSONNEL'),
    },
    {
      name: 'a licence of an expired subscription does not help → SUBSCRIPTION_EXPIRED',
      facts: { profiles: ['National_elv'], subscriptions: [sub('a', { ...past, holdsLicence: true })] },
      expected: denied('SUBSCRIPTION_EXPIRED'),
    },
    {
      name: 'several allow: ETABL wins over an INDIV licence even with a later key',
      facts: {
        profiles: ['National_elv'],
        subscriptions: [sub('a', { holdsLicence: true }), sub('z', { assignmentType: 'ETABL' })],
      },
      expected: allowed('z', 'ELEVE'),
    },
    {
      name: 'several ETABL allow: the smallest (distributor, id) wins',
      facts: {
        profiles: ['National_elv'],
        subscriptions: [
          sub('b', { assignmentType: 'ETABL' }),
          sub('c', { assignmentType: 'ETABL', key: { distributorId: 'D0', subscriptionId: 'c' } }),
          sub('a', { assignmentType: 'ETABL' }),
        ],
      },
      expected: allowed('c', 'ELEVE', 'D0'),
    },
    {
      name: 'a teacher-librarian with two profiles: the first shared audience in GAR order',
      facts: {
        profiles: ['National_doc', 'National_ens'],
        subscriptions: [sub('a', { assignmentType: 'ETABL', audiences: ['DOCUMENTALISTE', 'ENSEIGNANT'] })],
      },
      expected: allowed('a', 'ENSEIGNANT'),
    },
  ];
  for (const { name, facts, at, expected } of cases) {
    it(name, () => assert.deepEqual(decideEntitlement(facts, at ?? now), expected));
  }
});

// ---------------------------------------------------------------- properties

/** Window ends drawn around `now`, boundaries (equal to now, a fraction either side) included. */
const instants = [
  '2024-09-01T00:00:00',
  '2025-11-03T09:59:59.999',
  now,
  '2025-11-03T10:00:00.000',
  '2025-11-03T10:00:00.001',
  '2026-08-15T00:00:00',
];
const profiles = [
  'National_elv',
  'National_ens',
  'National_doc',
  'National_dir',
  'National_evs',
  'National_eta',
  'National_col',
  'National_xyz',
  'Autre',
];

const subscriptionArb: fc.Arbitrary<Omit<Subscription, 'key'> & { distributorId: string }> = fc.record({
  distributorId: fc.constantFrom('D1', 'D2'),
  validFrom: fc.constantFrom(...instants),
  validUntil: fc.constantFrom(...instants),
  assignmentType: fc.constantFrom('INDIV' as const, 'ETABL' as const),
  audiences: fc.subarray([...audiences], { minLength: 1 }),
  holdsLicence: fc.boolean(),
});

const factsArb: fc.Arbitrary<EntitlementFacts> = fc.record({
  profiles: fc.oneof(fc.constant([]), fc.subarray(profiles, { minLength: 1, maxLength: 3 })),
  subscriptions: fc
    .array(subscriptionArb, { maxLength: 4 })
    .map((subs) =>
      subs.map(({ distributorId, ...rest }, i) => ({ key: { distributorId, subscriptionId: `s${i}` }, ...rest })),
    ),
});

const isValidNow = (s: Subscription): boolean =>
  compareLocalDateTimes(s.validFrom, now) <= 0 && compareLocalDateTimes(now, s.validUntil) < 0;
const personAudiences = (facts: EntitlementFacts): Set<Audience | undefined> =>
  new Set(facts.profiles.map(audienceOfProfile));
const covers = (facts: EntitlementFacts, s: Subscription): boolean =>
  s.audiences.some((a) => personAudiences(facts).has(a));
const chosen = (facts: EntitlementFacts, d: EntitlementDecision): Subscription | undefined =>
  d.allowed
    ? facts.subscriptions.find(
        (s) =>
          s.key.distributorId === d.subscription.distributorId
          && s.key.subscriptionId === d.subscription.subscriptionId,
      )
    : undefined;

describe('decideEntitlement: properties', () => {
  it("1. never allows without a subscription valid now that targets one of the person's audiences", () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const decision = decideEntitlement(facts, now);
        if (!facts.subscriptions.some((s) => isValidNow(s) && covers(facts, s))) assert.equal(decision.allowed, false);
        if (decision.allowed) {
          const s = chosen(facts, decision);
          assert.ok(
            s !== undefined
              && isValidNow(s)
              && s.audiences.includes(decision.audience)
              && personAudiences(facts).has(decision.audience),
          );
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('2. an allowed INDIV decision names a subscription whose licence the person holds', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const s = chosen(facts, decideEntitlement(facts, now));
        if (s?.assignmentType === 'INDIV') assert.equal(s.holdsLicence, true);
      }),
      { numRuns: 1000 },
    );
  });

  it('3. ETABL: a person with an audience of a valid ETABL subscription is always allowed', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const open =
          facts.profiles.length > 0
          && facts.subscriptions.some((s) => s.assignmentType === 'ETABL' && isValidNow(s) && covers(facts, s));
        if (open) assert.equal(decideEntitlement(facts, now).allowed, true);
      }),
      { numRuns: 1000 },
    );
  });

  it('4. expired or not-yet-valid subscriptions allow nobody: without the valid ones, the decision denies', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const decision = decideEntitlement(
          { ...facts, subscriptions: facts.subscriptions.filter((s) => !isValidNow(s)) },
          now,
        );
        assert.equal(decision.allowed, false);
        assert.ok(
          !decision.allowed
            && [
              'NOT_IN_ESTABLISHMENT',
              'NO_SUBSCRIPTION',
              'SUBSCRIPTION_NOT_YET_VALID',
              'SUBSCRIPTION_EXPIRED',
            ].includes(decision.reason),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('5. is deterministic under reordering of the subscriptions and of the profiles', () => {
    const reordered = factsArb.chain((facts) =>
      fc.record({
        facts: fc.constant(facts),
        subscriptions: fc.shuffledSubarray([...facts.subscriptions], { minLength: facts.subscriptions.length }),
        profiles: fc.shuffledSubarray([...facts.profiles], { minLength: facts.profiles.length }),
      }),
    );
    fc.assert(
      fc.property(reordered, ({ facts, subscriptions, profiles: shuffled }) => {
        assert.deepEqual(decideEntitlement({ profiles: shuffled, subscriptions }, now), decideEntitlement(facts, now));
      }),
      { numRuns: 1000 },
    );
  });

  it('6. no profile → always NOT_IN_ESTABLISHMENT', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        assert.deepEqual(decideEntitlement({ ...facts, profiles: [] }, now), denied('NOT_IN_ESTABLISHMENT'));
      }),
      { numRuns: 300 },
    );
  });

  it(
    'allows exactly when a valid subscription covers the person and is ETABL or licensed '
      + '(the rule of gar-reference §5)',
    () => {
      fc.assert(
        fc.property(factsArb, (facts) => {
          const expected =
            facts.profiles.length > 0
            && facts.subscriptions.some(
              (s) => isValidNow(s) && covers(facts, s) && (s.assignmentType === 'ETABL' || s.holdsLicence),
            );
          assert.equal(decideEntitlement(facts, now).allowed, expected);
        }),
        { numRuns: 1000 },
      );
    },
  );
});
