/**
 * A small collège written straight into the directory tables, and subscriptions beside it, for
 * the licensing tests. Feed changes (a pupil joins, leaves, departs) are simulated by editing
 * rows, as a snapshot import would leave them.
 *
 * Establishment 0561234A (ENT Z0, 2D): classes 6A and 6B (DIVISION) of N pupils each, all of MEF
 * 6e; group LATIN (GROUPE) of three 6A and two 6B pupils; teachers of maths (6A, 6B), English (6A)
 * and Latin (LATIN); a librarian; a director. 0569999Z exists, empty, as "another establishment".
 */
import type { Kysely } from 'kysely';
import type { Audience, AuditContext, SubscriptionKey } from '../../src/subscriptions/index.js';
import type { DatabaseSchema } from '../../src/store/index.js';

type Db = Kysely<DatabaseSchema>;

export const entId = 'Z0';
export const uai = '0561234A';
export const otherUai = '0569999Z';
export const mef6e = '10010012110';
export const subjects = { maths: '061300', english: '030201', latin: '020700' } as const;
export const distributorId = '123456789_0000000000000001';
export const resourceId = 'ark:/86527/manuel-maths-6e';

const degree = '2D';
const now = '2025-09-01T00:00:00.000Z';
const tracked = { record_hash: 'h', departed_at: null, updated_at: now };

export const audit = (actor = 'test'): AuditContext => ({
  actor,
  at: new Date('2025-09-02T08:00:00Z'),
  correlationId: 'c-test',
});

/** Pupil ids sort in class order: elv-6a-01, elv-6a-02… */
export const pupilId = (classCode: string, n: number): string =>
  `elv-${classCode.toLowerCase()}-${String(n).padStart(2, '0')}`;

export async function addPerson(db: Db, personId: string, profile: string, at = uai): Promise<void> {
  await db
    .insertInto('person')
    .values({
      ent_id: entId,
      degree,
      person_id: personId,
      kind: profile === 'National_elv' ? 'pupil' : 'teacher',
      secondary_id: null,
      birth_name: null,
      last_name: 'Nom',
      first_name: 'Prénom',
      other_first_names: '[]',
      civility: null,
      structure_attachment: null,
      birth_date: null,
      establishments: JSON.stringify([at]),
      post_codes: '[]',
      mails: '[]',
      created_at: now,
      ...tracked,
    })
    .execute();
  await db
    .insertInto('person_profile')
    .values({ ent_id: entId, degree, person_id: personId, uai: at, profile })
    .execute();
}

export async function joinGroup(db: Db, personId: string, groupCode: string): Promise<void> {
  await db
    .insertInto('membership')
    .values({ ent_id: entId, degree, uai, person_id: personId, group_code: groupCode })
    .execute();
}

export async function leaveGroup(db: Db, personId: string, groupCode: string): Promise<void> {
  await db
    .deleteFrom('membership')
    .where('uai', '=', uai)
    .where('person_id', '=', personId)
    .where('group_code', '=', groupCode)
    .execute();
}

/** A pupil of a class, of MEF 6e. */
export async function addPupil(db: Db, personId: string, classCode: string): Promise<void> {
  await addPerson(db, personId, 'National_elv');
  await joinGroup(db, personId, classCode);
  await db
    .insertInto('person_level')
    .values({ ent_id: entId, degree, uai, person_id: personId, level_kind: 'MEF', code: mef6e })
    .execute();
}

/** The person left the ENT's snapshot. */
export async function departPerson(db: Db, personId: string): Promise<void> {
  await db.updateTable('person').set({ departed_at: now }).where('person_id', '=', personId).execute();
}

async function addTeacher(
  db: Db,
  personId: string,
  teaches: readonly [group: string, via: string, subject: string][],
): Promise<void> {
  await addPerson(db, personId, 'National_ens');
  for (const [group, via, subject] of teaches) {
    await db
      .insertInto('teaching')
      .values({ ent_id: entId, degree, uai, person_id: personId, group_code: group, via, subject_code: subject })
      .execute();
  }
}

export async function seedDirectory(db: Db, options: { readonly pupilsPerClass?: number } = {}): Promise<void> {
  const perClass = options.pupilsPerClass ?? 15;
  await db.insertInto('ent_project').values({ id: entId, name: entId, created_at: now }).execute();
  for (const code of [uai, otherUai]) {
    await db
      .insertInto('establishment')
      .values({
        ent_id: entId,
        degree,
        uai: code,
        name: `Collège ${code}`,
        attached_to: null,
        contract: null,
        phone: null,
        email: null,
        created_at: now,
        ...tracked,
      })
      .execute();
  }
  await db
    .insertInto('mef')
    .values({ ent_id: entId, degree, uai, code: mef6e, label: '6EME', attached_to: null, stat11: null, ...tracked })
    .execute();
  for (const [name, code] of Object.entries(subjects)) {
    await db
      .insertInto('subject')
      .values({ ent_id: entId, degree, uai, code, label: name.toUpperCase(), ...tracked })
      .execute();
  }
  for (const [code, status, divisions] of [
    ['6A', 'DIVISION', '[]'],
    ['6B', 'DIVISION', '[]'],
    ['LATIN', 'GROUPE', '["6A","6B"]'],
  ] as const) {
    await db
      .insertInto('student_group')
      .values({ ent_id: entId, degree, uai, code, label: code, status, divisions, ...tracked })
      .execute();
  }
  for (const classCode of ['6A', '6B']) {
    for (let n = 1; n <= perClass; n += 1) await addPupil(db, pupilId(classCode, n), classCode);
  }
  const latin = [
    ['6A', 1],
    ['6A', 2],
    ['6A', 3],
    ['6B', 1],
    ['6B', 2],
  ] as const;
  for (const [classCode, n] of latin.filter(([, n]) => n <= perClass))
    await joinGroup(db, pupilId(classCode, n), 'LATIN');
  await addTeacher(db, 'ens-maths', [
    ['6A', 'DIVISION', subjects.maths],
    ['6B', 'DIVISION', subjects.maths],
  ]);
  await addTeacher(db, 'ens-anglais', [['6A', 'DIVISION', subjects.english]]);
  await addTeacher(db, 'ens-latin', [['LATIN', 'GROUPE', subjects.latin]]);
  await addPerson(db, 'doc-1', 'National_doc');
  await addPerson(db, 'dir-1', 'National_dir');
}

export interface SubscriptionSpec {
  readonly id: string;
  readonly distributor?: string;
  readonly type?: 'INDIV' | 'ETABL';
  readonly category?: 'transferable' | 'non transferable';
  /** One count for all (a number or ILLIMITE), or one per audience (absent ones: 0). */
  readonly global?: number | 'ILLIMITE';
  readonly perAudience?: Partial<Record<'pupil' | 'teacher' | 'librarian' | 'other', number | 'ILLIMITE'>>;
  readonly audiences?: readonly Audience[];
  readonly uai?: string;
  readonly resource?: string;
}

const stored = (count: number | 'ILLIMITE' | undefined): number => (count === 'ILLIMITE' ? -1 : (count ?? 0));

async function ensureCatalogue(db: Db, distributor: string, resource: string): Promise<void> {
  for (const table of ['publisher', 'distributor'] as const) {
    const id = table === 'publisher' ? 'editeur-1' : distributor;
    if (!(await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst())) {
      await db.insertInto(table).values({ id, name: id, created_at: now }).execute();
    }
  }
  if (await db.selectFrom('resource').select('id').where('id', '=', resource).executeTakeFirst()) return;
  await db
    .insertInto('resource')
    .values({
      id: resource,
      id_type: 'ark',
      name: 'Manuel numérique Mathématiques 6e',
      publisher_id: 'editeur-1',
      commercial_distributor_id: distributor,
      technical_distributor_id: distributor,
      access_url: 'https://editeur.example/acces',
      thumbnail_url: null,
      presentation_code: 'MAN',
      details: '{}',
      created_at: now,
      updated_at: now,
      service_provider_id: null,
    })
    .execute();
}

export async function addSubscription(db: Db, spec: SubscriptionSpec): Promise<SubscriptionKey> {
  const distributor = spec.distributor ?? distributorId;
  const resource = spec.resource ?? resourceId;
  await ensureCatalogue(db, distributor, resource);
  const per = spec.perAudience;
  await db
    .insertInto('subscription')
    .values({
      distributor_id: distributor,
      id: spec.id,
      commercial_distributor_id: distributor,
      resource_id: resource,
      resource_id_type: 'ark',
      resource_label: 'Manuel',
      uai: spec.uai ?? uai,
      comment: null,
      valid_from: '2025-09-01T00:00:00',
      valid_until: '2026-08-15T00:00:00',
      end_school_year: '2025-2026',
      category: spec.category ?? 'transferable',
      assignment_type: spec.type ?? 'INDIV',
      licences_global: per ? null : stored(spec.global),
      licences_pupil: per ? stored(per.pupil) : null,
      licences_teacher: per ? stored(per.teacher) : null,
      licences_librarian: per ? stored(per.librarian) : null,
      licences_other: per ? stored(per.other) : null,
      audiences: JSON.stringify(spec.audiences ?? ['ELEVE', 'ENSEIGNANT', 'DOCUMENTALISTE', 'AUTRE PERSONNEL']),
      project_code: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { distributorId: distributor, subscriptionId: spec.id };
}

/** Live licence holders of a subscription, as sorted person ids. */
export async function holders(db: Db, key: SubscriptionKey): Promise<string[]> {
  const rows = await db
    .selectFrom('licence')
    .select('person_id')
    .where('distributor_id', '=', key.distributorId)
    .where('subscription_id', '=', key.subscriptionId)
    .where('released_at', 'is', null)
    .execute();
  return rows.map((r) => r.person_id).sort();
}
