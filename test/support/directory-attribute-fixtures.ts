/**
 * The licensing fixtures' collège made richer for the directory's "resolve": class and group
 * labels, MEFSTAT11s and levels, mails and civilities, second profiles, and a class of the other
 * establishment, written straight into the tables.
 *
 * Added: 6A, 6B and LATIN are labelled `6e A`, `6e B`, `Latin`; ens-maths also teaches English in
 * 6A and has four levels (two 6e MEFs, a 5e one, one without MEFSTAT); elv-6b-01 has MEFSTAT4
 * 2115; doc-1 (Mme) has mails with a duplicate and an empty one; elv-6a-01 (M.) and ens-maths have
 * one mail each; ens-anglais is also National_doc, dir-1 also National_col; elv-6a-01 is also a
 * pupil of class 5C (`5e C`) of the other establishment.
 */
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../src/store/index.js';
import { entId, mef6e, otherUai, pupilId, subjects, uai } from './licensing-fixtures.js';

type Db = Kysely<DatabaseSchema>;

const degree = '2D';
export const trackedAt = '2025-09-01T00:00:00.000Z';
const tracked = { record_hash: 'h', departed_at: null, updated_at: trackedAt };
const mef5e = '10110001110';

export async function enrichDirectory(db: Db): Promise<void> {
  for (const [code, label] of [
    ['6A', '6e A'],
    ['6B', '6e B'],
    ['LATIN', 'Latin'],
  ] as const) {
    await db.updateTable('student_group').set({ label }).where('uai', '=', uai).where('code', '=', code).execute();
  }
  // 6e and 5e share no MEFSTAT4; a second 6e MEF (another option) shares 6e's.
  await db.updateTable('mef').set({ stat11: '10011001110' }).where('code', '=', mef6e).execute();
  await db
    .insertInto('mef')
    .values([
      { ent_id: entId, degree, uai, code: mef5e, label: '5EME', attached_to: null, stat11: '10111001110', ...tracked },
      {
        ent_id: entId,
        degree,
        uai,
        code: '10010012111',
        label: '6EME BILANGUE',
        attached_to: null,
        stat11: '10011001111',
        ...tracked,
      },
      {
        ent_id: entId,
        degree,
        uai,
        code: '99999999999',
        label: 'SANS MEFSTAT',
        attached_to: null,
        stat11: null,
        ...tracked,
      },
    ])
    .execute();
  const level = (personId: string, code: string, kind = 'MEF') => ({
    ent_id: entId,
    degree,
    uai,
    person_id: personId,
    level_kind: kind,
    code,
  });
  await db
    .insertInto('person_level')
    .values([
      level('ens-maths', mef6e),
      level('ens-maths', '10010012111'),
      level('ens-maths', mef5e),
      level('ens-maths', '99999999999'),
      level(pupilId('6B', 1), '2115', 'MEFSTAT4'),
    ])
    .execute();
  // ens-maths also teaches English in 6A: one more subject, not one more class.
  await db
    .insertInto('teaching')
    .values({
      ent_id: entId,
      degree,
      uai,
      person_id: 'ens-maths',
      group_code: '6A',
      via: 'DIVISION',
      subject_code: subjects.english,
    })
    .execute();
  const mails = JSON.stringify(['zoe.doc@college.example', 'cdi@college.example', 'cdi@college.example', '']);
  await db.updateTable('person').set({ mails, civility: 'Mme' }).where('person_id', '=', 'doc-1').execute();
  await db
    .updateTable('person')
    .set({ mails: JSON.stringify(['eleve@college.example']), civility: 'M.' })
    .where('person_id', '=', pupilId('6A', 1))
    .execute();
  await db
    .updateTable('person')
    .set({ mails: JSON.stringify(['maths@college.example']) })
    .where('person_id', '=', 'ens-maths')
    .execute();
  // Two profiles each: precedence decides (ens before doc, dir before col).
  await db
    .insertInto('person_profile')
    .values([
      { ent_id: entId, degree, person_id: 'ens-anglais', uai, profile: 'National_doc' },
      { ent_id: entId, degree, person_id: 'dir-1', uai, profile: 'National_col' },
    ])
    .execute();
  await db
    .insertInto('student_group')
    .values({
      ent_id: entId,
      degree,
      uai: otherUai,
      code: '5C',
      label: '5e C',
      status: 'DIVISION',
      divisions: '[]',
      ...tracked,
    })
    .execute();
  await db
    .insertInto('person_profile')
    .values({ ent_id: entId, degree, person_id: pupilId('6A', 1), uai: otherUai, profile: 'National_elv' })
    .execute();
  await db
    .insertInto('membership')
    .values({ ent_id: entId, degree, uai: otherUai, person_id: pupilId('6A', 1), group_code: '5C' })
    .execute();
}
