/**
 * The médiacentre lists exactly what the login would let in: for any licensing state
 * of the collège (subscriptions ETABL and INDIV of several distributors, audiences, validity
 * around now, licence counts, assignments of every kind of target, revocations, departures), a
 * resource is listed for a person by createUserResourceLister over the SQL médiacentre store
 * exactly when createEntitlementCheck over loadEntitlementFacts allows that person to open it,
 * on SQLite and PostgreSQL. Then what only the lister adds (affichable, catalogue, order), and
 * its refusals, in order, with a fake store.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isBrokerError } from '../../src/core/broker-error.js';
import {
  createUserResourceLister,
  type MediacentreEstablishment,
  type MediacentreQuestion,
  type MediacentreStore,
  type OfferedSubscription,
  type PersonOffer,
} from '../../src/mediacentre/index.js';
import { createLicensingStore, createMediacentreStore, type Store } from '../../src/store/index.js';
import {
  audiences,
  createEntitlementCheck,
  type AssignmentTarget,
  type Audience,
  type CheckEntitlement,
  type LicensingStore,
  type ResourceDescription,
  type SubscriptionKey,
} from '../../src/subscriptions/index.js';
import { describeEachDialect, freshStore } from '../support/each-dialect.js';
import {
  addPerson,
  addSubscription,
  audit,
  departPerson,
  distributorId,
  entId,
  mef6e,
  otherUai,
  pupilId,
  seedDirectory,
  subjects,
  uai,
} from '../support/licensing-fixtures.js';
import { rejectedCode } from '../support/thrown-code.js';

/** 10:30:00 in Paris (winter time). */
const at = new Date('2026-03-10T09:30:00.000Z');
/** Validity windows [from, until) around `at`, as local date-times; the first ones let in, the others not. */
const openWindows = [
  ['2025-09-01T00:00:00', '2026-08-15T00:00:00'],
  ['2026-03-10T10:30:00', '2026-08-15T00:00:00'],
  ['2025-09-01T00:00:00', '2026-03-10T10:30:01'],
  ['2026-03-10T09:30:00', '2027-08-15T00:00:00'],
] as const;
const closedWindows = [
  ['2025-09-01T00:00:00', '2026-03-10T10:30:00'],
  ['2026-03-10T10:30:01', '2026-08-15T00:00:00'],
  ['2024-09-01T00:00:00', '2025-08-15T00:00:00'],
  ['2026-08-15T00:00:00', '2027-08-15T00:00:00'],
  // `at` read as UTC (09:30) would fall inside; in Paris (10:30) it ended a second ago.
  ['2025-09-01T00:00:00', '2026-03-10T10:29:59'],
] as const;

const otherDistributor = '987654321_0000000000000002';
const resources = ['ark:/86527/r-atlas', 'ark:/86527/r-maths', 'ark:/86527/r-latin', 'ark:/86527/r-anglais'] as const;
const neverSubscribed = 'ark:/86527/r-jamais';

/** Only in the other establishment (a pupil of 0569999Z); ens-maths also teaches there. */
const outsider = 'elv-autre';
const pupils = ['6A', '6B'].flatMap((c) => [1, 2, 3].map((n) => pupilId(c, n)));
const people = [...pupils, 'ens-maths', 'ens-anglais', 'ens-latin', 'doc-1', 'dir-1', outsider] as const;

const targets: readonly AssignmentTarget[] = [
  { kind: 'class', code: '6A', audience: 'ELEVE' },
  { kind: 'class', code: '6B', audience: 'ELEVE' },
  { kind: 'class', code: '6A', audience: 'ENSEIGNANT' },
  { kind: 'group', code: 'LATIN', audience: 'ELEVE' },
  { kind: 'group', code: 'LATIN', audience: 'ENSEIGNANT' },
  { kind: 'level', code: mef6e },
  { kind: 'subject', code: subjects.maths },
  { kind: 'subject', code: subjects.latin },
  ...audiences.map((audience): AssignmentTarget => ({ kind: 'profile', audience })),
  ...people.map((personId): AssignmentTarget => ({ kind: 'person', entId, personId })),
];

function describeResource(
  idRessource: string,
  nomRessource = idRessource,
  extra: Partial<ResourceDescription> = {},
): ResourceDescription {
  return {
    idRessource,
    typeIdRessource: 'ark',
    nomRessource,
    editeur: { id: 'editeur-1', nom: 'Éditeur' },
    distributeurCom: { id: distributorId, nom: 'Distributeur' },
    distributeurTech: { id: distributorId, nom: 'Distributeur' },
    fournisseurService: 'https://sp.test/metadata',
    urlAccesRessource: 'https://sp.test/acces',
    typePresentation: { code: 'MAN', nom: 'manuels numériques' },
    niveauEducatif: [],
    domaineEnseignement: [],
    ...extra,
  };
}

const count = fc.oneof(
  fc.integer({ min: 0, max: 3 }),
  fc.integer({ min: 4, max: 12 }),
  fc.constant('ILLIMITE' as const),
);
const subscriptionArb = fc.record({
  resource: fc.constantFrom(...resources),
  distributor: fc.constantFrom(distributorId, otherDistributor),
  type: fc.constantFrom('ETABL' as const, 'INDIV' as const),
  audiences: fc.shuffledSubarray([...audiences], { minLength: 1 }),
  window: fc.oneof(
    { arbitrary: fc.constantFrom(...openWindows), weight: 3 },
    { arbitrary: fc.constantFrom(...closedWindows), weight: 1 },
  ),
  licences: fc.oneof(
    fc.record({ global: count }),
    fc.record({
      perAudience: fc.record({ pupil: count, teacher: count, librarian: count, other: count }, { requiredKeys: [] }),
    }),
  ),
  elsewhere: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
});
const stateArb = fc.record({
  subscriptions: fc.array(subscriptionArb, { minLength: 1, maxLength: 7 }),
  assignments: fc.array(
    fc.record({
      subscription: fc.nat(),
      anyType: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      target: fc.constantFrom(...targets),
    }),
    { maxLength: 12 },
  ),
  revocations: fc.array(fc.nat(), { maxLength: 2 }),
  departed: fc.uniqueArray(fc.constantFrom(...people), { maxLength: 3 }),
  departBeforeAssigning: fc.boolean(),
  reconcile: fc.boolean(),
});
type State = typeof stateArb extends fc.Arbitrary<infer S> ? S : never;

describeEachDialect('the médiacentre lists what the login lets in', (dialect) => {
  let store: Store;
  let licensing: LicensingStore;
  let check: CheckEntitlement;
  const ask = (personId: string): MediacentreQuestion => ({ entId, uai, personId, callerEntId: entId, at });

  before(async function () {
    this.timeout(60_000);
    store = await freshStore(dialect);
    await seedDirectory(store.db, { pupilsPerClass: 3 });
    await addPerson(store.db, outsider, 'National_elv', otherUai);
    await store.db
      .insertInto('person_profile')
      .values({ ent_id: entId, degree: '2D', person_id: 'ens-maths', uai: otherUai, profile: 'National_ens' })
      .execute();
    licensing = createLicensingStore(store);
    check = createEntitlementCheck(licensing);
  });
  after(async () => {
    await store.close();
  });

  const reset = async (): Promise<void> => {
    await store.db.deleteFrom('licence').execute();
    await store.db.deleteFrom('assignment').execute();
    await store.db.deleteFrom('subscription').execute();
    await store.db.deleteFrom('audit_event').execute();
    await store.db.updateTable('person').set({ departed_at: null }).execute();
  };

  /** Writes the state; returns the subscriptions by key, as written. */
  const build = async (state: State): Promise<Map<string, State['subscriptions'][number]>> => {
    const written = new Map<string, State['subscriptions'][number]>();
    const keys: { key: SubscriptionKey; uai: string; type: 'ETABL' | 'INDIV' }[] = [];
    for (const [i, s] of state.subscriptions.entries()) {
      const key = await addSubscription(store.db, {
        id: `ABO-${i}`,
        distributor: s.distributor,
        resource: s.resource,
        type: s.type,
        audiences: s.audiences as Audience[],
        uai: s.elsewhere ? otherUai : uai,
        ...s.licences,
      });
      await store.db
        .updateTable('subscription')
        .set({ valid_from: s.window[0], valid_until: s.window[1] })
        .where('distributor_id', '=', key.distributorId)
        .where('id', '=', key.subscriptionId)
        .execute();
      keys.push({ key, uai: s.elsewhere ? otherUai : uai, type: s.type });
      written.set(`${key.distributorId}/${key.subscriptionId}`, s);
    }
    const depart = async () => {
      for (const personId of state.departed) await departPerson(store.db, personId);
    };
    if (state.departBeforeAssigning) await depart();
    const made: number[] = [];
    const indiv = keys.filter((k) => k.type === 'INDIV');
    for (const a of state.assignments) {
      // Mostly INDIV subscriptions: only they take assignments.
      const among = a.anyType || indiv.length === 0 ? keys : indiv;
      const target = among[a.subscription % among.length] as (typeof keys)[number];
      try {
        made.push((await licensing.addAssignment(target.key, target.uai, a.target, audit('ra'))).id);
      } catch (error) {
        // A refusal of the RA's console (ETABL, audience excluded, unknown target, duplicate) changes nothing.
        if (!isBrokerError(error) || !error.code.startsWith('ERR_ASSIGN_')) throw error;
      }
    }
    for (const r of state.revocations) {
      const id = made[r % Math.max(made.length, 1)];
      if (id !== undefined)
        await licensing.revokeAssignment(id, audit('ra')).catch((error: unknown) => {
          if (!isBrokerError(error)) throw error;
        });
    }
    if (!state.departBeforeAssigning) await depart();
    if (state.reconcile) await licensing.reconcile({}, audit());
    return written;
  };

  it('for any licensing state, every person and every resource: listed ⇔ allowed by the login', async function () {
    this.timeout(60_000);
    const list = createUserResourceLister({
      store: createMediacentreStore(store),
      findResource: async (id) => describeResource(id),
    });
    const seen = { allowed: 0, allowedByLicence: 0, denied: 0, deniedForLicence: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(stateArb, async (state) => {
        await reset();
        const written = await build(state);
        const subscribedHere = new Set(
          (await store.db.selectFrom('subscription').select('resource_id').where('uai', '=', uai).execute()).map(
            (r) => r.resource_id,
          ),
        );
        for (const personId of people) {
          let listed: ReadonlySet<string> = new Set();
          let refusal: string | undefined;
          try {
            listed = new Set((await list(ask(personId))).map((r) => r.idRessource));
          } catch (error) {
            if (!isBrokerError(error)) throw error;
            refusal = error.code;
          }
          const expectedRefusal = state.departed.includes(personId)
            ? 'ERR_MEDIACENTRE_USER_UNKNOWN'
            : personId === outsider
              ? 'ERR_MEDIACENTRE_USER_NOT_IN_ESTABLISHMENT'
              : undefined;
          assert.equal(refusal, expectedRefusal, personId);
          for (const idRessource of [...resources, neverSubscribed]) {
            const decision = await check({ person: { entId, personId }, uai, idRessource, at });
            assert.equal(
              listed.has(idRessource),
              decision.allowed,
              `${personId} ${idRessource}: login ${JSON.stringify(decision)}, listed ${[...listed].join(' ')}`,
            );
            if (decision.allowed) {
              seen.allowed += 1;
              if (
                written.get(`${decision.subscription.distributorId}/${decision.subscription.subscriptionId}`)?.type
                === 'INDIV'
              )
                seen.allowedByLicence += 1;
            } else {
              seen.denied += 1;
              if (decision.reason === 'NO_LICENCE') seen.deniedForLicence += 1;
            }
          }
          if (refusal !== undefined) seen.refused += 1;
          for (const id of listed)
            assert.ok(subscribedHere.has(id), `${personId} listed ${id}, not subscribed in ${uai}`);
        }
      }),
      { numRuns: 25 },
    );
    // The states drawn went every way through: ETABL, a licence, no licence, a refused person.
    assert.ok(
      seen.allowed > seen.allowedByLicence
        && seen.allowedByLicence > 0
        && seen.deniedForLicence > 0
        && seen.refused > 0,
      JSON.stringify(seen),
    );
  });

  describe('what only the lister adds', () => {
    const [atlas, maths, latin] = resources;
    beforeEach(async () => {
      await reset();
      for (const [i, resource] of [atlas, maths, latin].entries())
        await addSubscription(store.db, { id: `ETAB-${i}`, type: 'ETABL', resource });
      // Valid 2025-09-01 to 2026-08-15: `at` is within.
    });
    const pupil = pupilId('6A', 1);
    const allowedAll = async () => {
      for (const idRessource of [atlas, maths, latin])
        assert.equal(
          (await check({ person: { entId, personId: pupil }, uai, idRessource, at })).allowed,
          true,
          idRessource,
        );
    };

    it(
      "an establishment that left the ENT's snapshot (its people's profiles still naming it) " + 'is refused by both',
      async () => {
        await allowedAll();
        await store.db
          .updateTable('establishment')
          .set({ departed_at: '2026-03-01T00:00:00.000Z' })
          .where('uai', '=', uai)
          .execute();
        try {
          for (const idRessource of [atlas, maths, latin]) {
            const decision = await check({ person: { entId, personId: pupil }, uai, idRessource, at });
            assert.deepEqual(decision, { allowed: false, reason: 'NOT_IN_ESTABLISHMENT' }, idRessource);
          }
          const list = createUserResourceLister({
            store: createMediacentreStore(store),
            findResource: async (id) => describeResource(id),
          });
          assert.equal(await rejectedCode(list(ask(pupil))), 'ERR_MEDIACENTRE_ESTABLISHMENT_UNKNOWN');
        } finally {
          await store.db.updateTable('establishment').set({ departed_at: null }).where('uai', '=', uai).execute();
        }
      },
    );

    it('does not list a resource that is not affichable, even when the login lets the user in', async () => {
      await allowedAll();
      const list = createUserResourceLister({
        store: createMediacentreStore(store),
        findResource: async (id) =>
          describeResource(id, id, id === maths ? { affichable: false } : id === latin ? { affichable: true } : {}),
      });
      assert.deepEqual(
        (await list(ask(pupil))).map((r) => r.idRessource),
        [atlas, latin],
      );
    });

    it('does not list a resource missing from the catalogue', async () => {
      await allowedAll();
      const list = createUserResourceLister({
        store: createMediacentreStore(store),
        findResource: async (id) => (id === latin ? undefined : describeResource(id)),
      });
      assert.deepEqual(
        (await list(ask(pupil))).map((r) => r.idRessource),
        [atlas, maths],
      );
    });

    it('sorts by name in French collation (accents and case aside, numbers by value), then by id', async () => {
      const names: Record<string, string> = {
        'ark:/1/a': 'Zoologie',
        'ark:/1/b': 'Histoire 10',
        'ark:/1/c': 'Éducation civique',
        'ark:/1/d': 'Histoire 9',
        'ark:/1/e': 'anglais',
        'ark:/1/f': 'écologie',
        'ark:/1/g': 'Anglais',
        'ark:/1/h': 'Ébène',
        'ark:/1/i': 'ANGLAIS',
      };
      for (const [i, resource] of Object.keys(names).entries())
        await addSubscription(store.db, { id: `TRI-${i}`, type: 'ETABL', resource });
      const list = createUserResourceLister({
        store: createMediacentreStore(store),
        findResource: async (id) => (id in names ? describeResource(id, names[id]) : undefined),
      });
      assert.deepEqual(
        (await list(ask(pupil))).map((r) => `${r.nomRessource} ${r.idRessource}`),
        [
          'anglais ark:/1/e',
          'Anglais ark:/1/g',
          'ANGLAIS ark:/1/i',
          'Ébène ark:/1/h',
          'écologie ark:/1/f',
          'Éducation civique ark:/1/c',
          'Histoire 9 ark:/1/d',
          'Histoire 10 ark:/1/b',
          'Zoologie ark:/1/a',
        ],
      );
    });
  });
});

describe('the médiacentre lister refuses, step by step, before looking further', () => {
  const valid = { entId, uai, personId: pupilId('6A', 1), callerEntId: entId, at };
  const offered = (assignmentType: 'ETABL' | 'INDIV', id: string): OfferedSubscription => ({
    key: { distributorId, subscriptionId: id },
    validFrom: '2025-09-01T00:00:00',
    validUntil: '2026-08-15T00:00:00',
    assignmentType,
    audiences: ['ELEVE'],
    holdsLicence: false,
  });
  /** An offer that lists r-open for a pupil (ETABL), not r-closed (INDIV without licence). */
  const richOffer = (profiles: readonly string[]): PersonOffer => ({
    person: { profiles },
    subscriptionsByResource: new Map([
      ['r-open', [offered('ETABL', 'A1')]],
      ['r-closed', [offered('INDIV', 'A2')]],
    ]),
  });

  const fake = (answers: { establishment?: MediacentreEstablishment | undefined; offer?: PersonOffer } = {}) => {
    const calls: string[] = [];
    const store: MediacentreStore = {
      async findEstablishment(u) {
        calls.push(`findEstablishment ${u}`);
        return 'establishment' in answers ? answers.establishment : { uai: u, entId };
      },
      async loadOffer(person, u) {
        calls.push(`loadOffer ${person.entId} ${person.personId} ${u}`);
        return answers.offer ?? richOffer(['National_elv']);
      },
    };
    const list = createUserResourceLister({
      store,
      findResource: async (id) => {
        calls.push(`findResource ${id}`);
        return describeResource(id);
      },
    });
    return { calls, list, store };
  };

  it(
    'answers a well-formed question with the allowed resources only, ' + 'asking the catalogue for those only',
    async () => {
      const { calls, list } = fake();
      assert.deepEqual(
        (await list(valid)).map((r) => r.idRessource),
        ['r-open'],
      );
      assert.deepEqual(calls, [
        `findEstablishment ${uai}`,
        `loadOffer ${entId} ${valid.personId} ${uai}`,
        'findResource r-open',
      ]);
    },
  );

  it('orders names equal in French collation by id, whatever order the store gave them in', async () => {
    const open = [offered('ETABL', 'A1')];
    const offer: PersonOffer = {
      person: { profiles: ['National_elv'] },
      subscriptionsByResource: new Map([
        ['r-3', open],
        ['r-1', open],
        ['r-2', open],
      ]),
    };
    const names: Record<string, string> = { 'r-1': 'Élan', 'r-2': 'elan', 'r-3': 'ELAN' };
    const list = createUserResourceLister({
      store: fake({ offer }).store,
      findResource: async (id) => describeResource(id, names[id]),
    });
    assert.deepEqual(
      (await list(valid)).map((r) => r.idRessource),
      ['r-1', 'r-2', 'r-3'],
    );
  });

  it(
    'ERR_MEDIACENTRE_PATH_INVALID for a segment out of form, ' + 'before anything else (the caller mismatching too)',
    async () => {
      const bad: readonly Partial<MediacentreQuestion>[] = [
        { entId: '' },
        { entId: 'Z0-1' },
        { entId: 'a'.repeat(17) },
        { entId: 'Z0/..' },
        { entId: 'Zé' },
        { uai: '' },
        { uai: '0561234A/x' },
        { uai: 'a'.repeat(46) },
        { uai: '0561 234A' },
        { uai: 'école' },
        { personId: '' },
        { personId: 'a'.repeat(65) },
        { personId: 'elv\u0000' },
        { personId: 'elv\n1' },
        { personId: 'x\u007f' },
        { personId: '\u001f' },
      ];
      for (const segment of bad) {
        for (const callerEntId of [entId, 'Y0']) {
          const { calls, list } = fake();
          assert.equal(
            await rejectedCode(list({ ...valid, callerEntId, ...segment })),
            'ERR_MEDIACENTRE_PATH_INVALID',
            JSON.stringify(segment),
          );
          assert.deepEqual(calls, [], JSON.stringify(segment));
        }
      }
    },
  );

  it('takes segments at their longest and any printable person id', async () => {
    for (const segment of [
      { entId: 'a'.repeat(16) },
      { uai: `${'a'.repeat(40)}._-Z9` },
      { personId: 'é'.repeat(64) },
      { personId: "x' OR 1=1 / %" },
    ]) {
      const question = { ...valid, ...segment, callerEntId: segment.entId ?? entId };
      const { calls, list } = fake({ establishment: { uai: question.uai, entId: question.entId } });
      assert.deepEqual(
        (await list(question)).map((r) => r.idRessource),
        ['r-open'],
        JSON.stringify(segment),
      );
      assert.equal(calls[0], `findEstablishment ${question.uai}`);
    }
  });

  it(
    "ERR_MEDIACENTRE_ENT_MISMATCH when the path names another ENT project than the caller's, " + 'before any lookup',
    async () => {
      const { calls, list } = fake();
      assert.equal(await rejectedCode(list({ ...valid, callerEntId: 'Y0' })), 'ERR_MEDIACENTRE_ENT_MISMATCH');
      assert.deepEqual(calls, []);
    },
  );

  it(
    'ERR_MEDIACENTRE_ESTABLISHMENT_UNKNOWN when the establishment is not live, ' + 'without loading the person',
    async () => {
      const { calls, list } = fake({ establishment: undefined });
      assert.equal(await rejectedCode(list(valid)), 'ERR_MEDIACENTRE_ESTABLISHMENT_UNKNOWN');
      assert.deepEqual(calls, [`findEstablishment ${uai}`]);
    },
  );

  it(
    'ERR_MEDIACENTRE_ESTABLISHMENT_FOREIGN when the establishment belongs to another ENT project, '
      + 'without loading the person',
    async () => {
      const { calls, list } = fake({ establishment: { uai, entId: 'Y0' } });
      assert.equal(await rejectedCode(list(valid)), 'ERR_MEDIACENTRE_ESTABLISHMENT_FOREIGN');
      assert.deepEqual(calls, [`findEstablishment ${uai}`]);
    },
  );

  it(
    'ERR_MEDIACENTRE_USER_UNKNOWN when the ENT project has no live person of that id, '
      + 'without asking the catalogue',
    async () => {
      const { calls, list } = fake({ offer: { ...richOffer([]), person: 'unknown' } });
      assert.equal(await rejectedCode(list(valid)), 'ERR_MEDIACENTRE_USER_UNKNOWN');
      assert.deepEqual(calls, [`findEstablishment ${uai}`, `loadOffer ${entId} ${valid.personId} ${uai}`]);
    },
  );

  it(
    'ERR_MEDIACENTRE_USER_NOT_IN_ESTABLISHMENT when the person has no profile there, ' + 'without asking the catalogue',
    async () => {
      const { calls, list } = fake({ offer: richOffer([]) });
      assert.equal(await rejectedCode(list(valid)), 'ERR_MEDIACENTRE_USER_NOT_IN_ESTABLISHMENT');
      assert.deepEqual(calls, [`findEstablishment ${uai}`, `loadOffer ${entId} ${valid.personId} ${uai}`]);
    },
  );
});
