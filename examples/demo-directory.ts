/**
 * The handful of demo accounts the demo ENT offers to "log in as", read from the broker's
 * directory after the demo delivery was imported: two pupils of the assigned class, one pupil of
 * another class, a teacher of the assigned class, another teacher and the head. Each comes with
 * what the demo will show them, so the newcomer knows which click ends on a refusal.
 */
import type { Store } from '../src/store/index.js';
import { demoAssignedClass, demoEntId } from './demo-catalogue.js';

export interface DemoUser {
  /** The ENT's user id: the feed's GARPersonIdentifiant, which the ENT sends to the broker. */
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly profile: string;
  /** Classes (pupils: their own; teachers: those they teach), by code. */
  readonly classes: readonly string[];
  /** In French: what this account will see in the demo. */
  readonly hint: string;
}

export interface DemoEstablishment {
  readonly uai: string;
  readonly name: string;
}

export async function demoEstablishment(store: Store): Promise<DemoEstablishment> {
  const row = await store.db
    .selectFrom('establishment')
    .select(['uai', 'name'])
    .where('ent_id', '=', demoEntId)
    .where('departed_at', 'is', null)
    .orderBy('uai')
    .executeTakeFirstOrThrow();
  return { uai: row.uai, name: row.name };
}

export async function demoUsers(store: Store, uai: string): Promise<readonly DemoUser[]> {
  const people = await peopleOf(store, uai);
  const inClass = (p: Person): boolean => p.classes.includes(demoAssignedClass);
  const pupils = people.filter((p) => p.profile === 'National_elv');
  const teachers = people.filter((p) => p.profile === 'National_ens');
  const picked = [
    ...pupils.filter(inClass).slice(0, 2),
    ...pupils.filter((p) => !inClass(p)).slice(0, 1),
    ...teachers.filter(inClass).slice(0, 1),
    ...teachers.filter((p) => !inClass(p)).slice(0, 1),
    ...people.filter((p) => p.profile === 'National_dir').slice(0, 1),
  ];
  return picked.map((p) => ({
    ...p,
    hint:
      p.profile === 'National_dir'
        ? `${hintOf(inClass(p))} Responsable d’affectation : connecté ici, ouvrez la console du courtier (/console/) `
          + `et choisissez « Se connecter par l’ENT (${demoEntId}) ».`
        : hintOf(inClass(p)),
  }));
}

type Person = Omit<DemoUser, 'hint'>;

async function peopleOf(store: Store, uai: string): Promise<Person[]> {
  const rows = await store.db
    .selectFrom('person')
    .innerJoin('person_profile', (j) =>
      j.onRef('person_profile.ent_id', '=', 'person.ent_id').onRef('person_profile.person_id', '=', 'person.person_id'),
    )
    .select([
      'person.person_id as id',
      'person.first_name as firstName',
      'person.last_name as lastName',
      'person_profile.profile as profile',
    ])
    .where('person.ent_id', '=', demoEntId)
    .where('person.departed_at', 'is', null)
    .where('person_profile.uai', '=', uai)
    .orderBy('person.last_name')
    .orderBy('person.first_name')
    .orderBy('person.person_id')
    .execute();
  const members = await store.db
    .selectFrom('membership')
    .select(['person_id', 'group_code'])
    .where('ent_id', '=', demoEntId)
    .where('uai', '=', uai)
    .execute();
  const taught = await store.db
    .selectFrom('teaching')
    .select(['person_id', 'group_code'])
    .where('ent_id', '=', demoEntId)
    .where('uai', '=', uai)
    .execute();
  const classesOf = (id: string): string[] =>
    [...new Set([...members, ...taught].filter((m) => m.person_id === id).map((m) => m.group_code))].sort();
  return rows.map((r) => ({ ...r, classes: classesOf(r.id) }));
}

function hintOf(assigned: boolean): string {
  return assigned
    ? `Ouvre le manuel de mathématiques et, comme la classe ${demoAssignedClass}, les exercices de français, `
        + 'le quiz de sciences (OpenID Connect) et le dictionnaire (CAS) ; l’atlas est refusé.'
    : 'Ouvre le manuel de mathématiques ; les exercices de français, le quiz de sciences et le dictionnaire '
        + `(réservés à la ${demoAssignedClass}) et l’atlas sont refusés.`;
}
