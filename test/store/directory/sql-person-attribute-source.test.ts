/**
 * The directory's "resolve": a person's attributes in one establishment, on both dialects, from
 * the licensing fixtures' collège with labels, levels, mails and a second establishment added.
 */
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { PersonAttributeSource, ResolvedPerson } from '../../../src/directory/index.js';
import { createPersonAttributeSource, type DatabaseSchema, type Store } from '../../../src/store/index.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { departPerson, entId, mef6e, otherUai, pupilId, seedDirectory, subjects, uai } from '../../support/licensing-fixtures.js';

type Db = Kysely<DatabaseSchema>;

const degree = '2D';
const tracked = { record_hash: 'h', departed_at: null, updated_at: '2025-09-01T00:00:00.000Z' };
const mef5e = '10110001110';

/** Labels, MEFSTAT11s, mails and civilities the fixtures leave blank, and a few rows to trip the resolver. */
async function enrich(db: Db): Promise<void> {
  for (const [code, label] of [['6A', '6e A'], ['6B', '6e B'], ['LATIN', 'Latin']] as const) {
    await db.updateTable('student_group').set({ label }).where('uai', '=', uai).where('code', '=', code).execute();
  }
  // 6e and 5e share no MEFSTAT4; a second 6e MEF (another option) shares 6e's.
  await db.updateTable('mef').set({ stat11: '10011001110' }).where('code', '=', mef6e).execute();
  await db.insertInto('mef').values([
    { ent_id: entId, degree, uai, code: mef5e, label: '5EME', attached_to: null, stat11: '10111001110', ...tracked },
    { ent_id: entId, degree, uai, code: '10010012111', label: '6EME BILANGUE', attached_to: null, stat11: '10011001111', ...tracked },
    { ent_id: entId, degree, uai, code: '99999999999', label: 'SANS MEFSTAT', attached_to: null, stat11: null, ...tracked },
  ]).execute();
  const level = (personId: string, code: string, kind = 'MEF') => ({ ent_id: entId, degree, uai, person_id: personId, level_kind: kind, code });
  await db.insertInto('person_level').values([
    level('ens-maths', mef6e), level('ens-maths', '10010012111'), level('ens-maths', mef5e), level('ens-maths', '99999999999'),
    level(pupilId('6B', 1), '2115', 'MEFSTAT4'),
  ]).execute();
  // ens-maths also teaches English in 6A: one more subject, not one more class.
  await db.insertInto('teaching').values({ ent_id: entId, degree, uai, person_id: 'ens-maths', group_code: '6A', via: 'DIVISION', subject_code: subjects.english }).execute();
  const mails = JSON.stringify(['zoe.doc@college.example', 'cdi@college.example', 'cdi@college.example', '']);
  await db.updateTable('person').set({ mails, civility: 'Mme' }).where('person_id', '=', 'doc-1').execute();
  await db.updateTable('person').set({ mails: JSON.stringify(['eleve@college.example']), civility: 'M.' }).where('person_id', '=', pupilId('6A', 1)).execute();
  await db.updateTable('person').set({ mails: JSON.stringify(['maths@college.example']) }).where('person_id', '=', 'ens-maths').execute();
  // Two profiles each: precedence decides (ens before doc, dir before col).
  await db.insertInto('person_profile').values([
    { ent_id: entId, degree, person_id: 'ens-anglais', uai, profile: 'National_doc' },
    { ent_id: entId, degree, person_id: 'dir-1', uai, profile: 'National_col' },
  ]).execute();
  await addOtherEstablishmentClass(db);
}

/** elv-6a-01 is also a pupil of class 5C of the other establishment. */
async function addOtherEstablishmentClass(db: Db): Promise<void> {
  await db.insertInto('student_group').values({ ent_id: entId, degree, uai: otherUai, code: '5C', label: '5e C', status: 'DIVISION', divisions: '[]', ...tracked }).execute();
  await db.insertInto('person_profile').values({ ent_id: entId, degree, person_id: pupilId('6A', 1), uai: otherUai, profile: 'National_elv' }).execute();
  await db.insertInto('membership').values({ ent_id: entId, degree, uai: otherUai, person_id: pupilId('6A', 1), group_code: '5C' }).execute();
}

const latinInClasses = ['LATIN||6A##6e A', 'LATIN||6B##6e B'];

const expected: readonly { readonly name: string; readonly person: string; readonly at?: string; readonly result: ResolvedPerson }[] = [
  {
    name: 'a pupil of a class and a group: DIV, GRO, DIV_APP, E_MS4 from the MEF, never P_MEL', person: pupilId('6A', 1),
    result: { profile: 'National_elv', attributes: { NOM: ['Nom'], PRE: ['Prénom'], CIV: ['M.'], DIV: ['6A##6e A'], GRO: ['LATIN##Latin'], DIV_APP: latinInClasses, E_MS4: ['1001'] } },
  },
  {
    name: 'a pupil of a class only, with a MEFSTAT4 given as such (1D form) beside the MEF', person: pupilId('6B', 1),
    result: { profile: 'National_elv', attributes: { NOM: ['Nom'], PRE: ['Prénom'], DIV: ['6B##6e B'], GRO: ['LATIN##Latin'], DIV_APP: latinInClasses, E_MS4: ['1001', '2115'] } },
  },
  {
    name: 'the same pupil in the other establishment: only that establishment\'s class, no level', person: pupilId('6A', 1), at: otherUai,
    result: { profile: 'National_elv', attributes: { NOM: ['Nom'], PRE: ['Prénom'], CIV: ['M.'], DIV: ['5C##5e C'] } },
  },
  {
    name: 'a teacher of two classes in two subjects: DIV and P_MAT sorted and deduplicated, P_MS4 from MEFSTAT11s, P_MEL', person: 'ens-maths',
    result: { profile: 'National_ens', attributes: {
      NOM: ['Nom'], PRE: ['Prénom'], P_MEL: ['maths@college.example'], DIV: ['6A##6e A', '6B##6e B'],
      P_MAT: [`${subjects.english}##ENGLISH`, `${subjects.maths}##MATHS`], P_MS4: ['1001', '1011'],
    } },
  },
  {
    name: 'a teacher of a group: GRO and the classes it draws from', person: 'ens-latin',
    result: { profile: 'National_ens', attributes: { NOM: ['Nom'], PRE: ['Prénom'], GRO: ['LATIN##Latin'], DIV_APP: latinInClasses, P_MAT: [`${subjects.latin}##LATIN`] } },
  },
  {
    name: 'a teacher who is also a librarian resolves as a teacher', person: 'ens-anglais',
    result: { profile: 'National_ens', attributes: { NOM: ['Nom'], PRE: ['Prénom'], DIV: ['6A##6e A'], P_MAT: [`${subjects.english}##ENGLISH`] } },
  },
  {
    name: 'a librarian: P_MEL sorted, deduplicated, without empty values', person: 'doc-1',
    result: { profile: 'National_doc', attributes: { NOM: ['Nom'], PRE: ['Prénom'], CIV: ['Mme'], P_MEL: ['cdi@college.example', 'zoe.doc@college.example'] } },
  },
  {
    name: 'a director who is also National_col resolves as director', person: 'dir-1',
    result: { profile: 'National_dir', attributes: { NOM: ['Nom'], PRE: ['Prénom'] } },
  },
];

describeEachDialect('SQL person attribute source', (dialect) => {
  let store: Store;
  let source: PersonAttributeSource;
  beforeEach(async () => {
    store = await freshStore(dialect);
    await seedDirectory(store.db, { pupilsPerClass: 3 });
    await enrich(store.db);
    source = createPersonAttributeSource(store);
  });
  afterEach(async () => { await store.close(); });

  for (const c of expected) {
    it(c.name, async () => {
      assert.deepEqual(await source.resolvePerson(entId, c.person, c.at ?? uai), c.result);
    });
  }

  const absent: readonly [string, string, string, string][] = [
    ['an unknown person', entId, 'nobody', uai],
    ['a known person of another ENT project', 'Z9', pupilId('6A', 1), uai],
    ['a person without a profile in the establishment', entId, 'ens-maths', otherUai],
  ];
  for (const [name, ent, person, at] of absent) {
    it(`${name} → undefined`, async () => {
      assert.equal(await source.resolvePerson(ent, person, at), undefined);
    });
  }

  it('a departed person → undefined, in every establishment', async () => {
    await departPerson(store.db, pupilId('6A', 1));
    assert.equal(await source.resolvePerson(entId, pupilId('6A', 1), uai), undefined);
    assert.equal(await source.resolvePerson(entId, pupilId('6A', 1), otherUai), undefined);
  });

  it('a departed group, class or subject is no longer resolved', async () => {
    await store.db.updateTable('student_group').set({ departed_at: tracked.updated_at }).where('uai', '=', uai).where('code', 'in', ['LATIN', '6B']).execute();
    await store.db.updateTable('subject').set({ departed_at: tracked.updated_at }).where('code', '=', subjects.english).execute();
    const latin = await source.resolvePerson(entId, 'ens-latin', uai);
    assert.deepEqual(latin?.attributes, { NOM: ['Nom'], PRE: ['Prénom'], P_MAT: [`${subjects.latin}##LATIN`] });
    const maths = await source.resolvePerson(entId, 'ens-maths', uai);
    assert.deepEqual([maths?.attributes.DIV, maths?.attributes.P_MAT], [['6A##6e A'], [`${subjects.maths}##MATHS`]]);
  });

  it('a pupil never gets P_MEL, whatever their mails', async () => {
    for (const n of [1, 2, 3]) {
      await store.db.updateTable('person').set({ mails: JSON.stringify([`e${n}@college.example`]) }).where('person_id', '=', pupilId('6B', n)).execute();
      const pupil = await source.resolvePerson(entId, pupilId('6B', n), uai);
      assert.equal(pupil?.profile, 'National_elv');
      assert.equal(pupil?.attributes.P_MEL, undefined);
    }
  });
});
