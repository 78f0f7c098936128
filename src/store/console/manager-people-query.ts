/**
 * People of one establishment as the licence manager sees them: present (not departed, a profile
 * there), with their names, profiles and classes. Name search ignores case and accents, and is
 * done here rather than in SQL so that SQLite and PostgreSQL find the same people (SQLite's
 * `lower` and `like` know only ASCII).
 */
import type { Kysely } from 'kysely';
import type { PersonRef, PersonSummary } from '../../console/index.js';
import type { DatabaseSchema } from '../database-schema.js';

type Db = Kysely<DatabaseSchema>;

// Bound parameters per statement stay far below both databases' limits.
const chunkSize = 500;

export const personKey = (p: PersonRef): string => JSON.stringify([p.entId, p.personId]);

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += chunkSize) out.push(items.slice(i, i + chunkSize));
  return out;
}

async function profileRows(db: Db, uai: string, personIds?: readonly string[]) {
  const base = db
    .selectFrom('person_profile as pp')
    .innerJoin('person as p', (j) =>
      j
        .onRef('p.ent_id', '=', 'pp.ent_id')
        .onRef('p.degree', '=', 'pp.degree')
        .onRef('p.person_id', '=', 'pp.person_id'),
    )
    .select(['p.ent_id', 'p.person_id', 'p.last_name', 'p.first_name', 'pp.profile'])
    .where('pp.uai', '=', uai)
    .where('p.departed_at', 'is', null);
  if (personIds === undefined) return base.execute();
  const parts = await Promise.all(
    chunks([...new Set(personIds)]).map((ids) => base.where('p.person_id', 'in', ids).execute()),
  );
  return parts.flat();
}

async function classesByPerson(db: Db, uai: string, personIds?: readonly string[]): Promise<Map<string, string[]>> {
  const base = db
    .selectFrom('membership as m')
    .innerJoin('student_group as g', (j) => j.onRef('g.uai', '=', 'm.uai').onRef('g.code', '=', 'm.group_code'))
    .select(['m.ent_id', 'm.person_id', 'm.group_code'])
    .where('m.uai', '=', uai)
    .where('g.status', '=', 'DIVISION')
    .where('g.departed_at', 'is', null);
  const rows =
    personIds === undefined
      ? await base.execute()
      : (
          await Promise.all(
            chunks([...new Set(personIds)]).map((ids) => base.where('m.person_id', 'in', ids).execute()),
          )
        ).flat();
  const byPerson = new Map<string, string[]>();
  for (const r of rows) {
    const key = personKey({ entId: r.ent_id, personId: r.person_id });
    byPerson.set(key, [...(byPerson.get(key) ?? []), r.group_code].sort());
  }
  return byPerson;
}

/** Present people of the establishment (all, or those ids), keyed by `personKey`. */
export async function loadPeople(
  db: Db,
  uai: string,
  personIds?: readonly string[],
): Promise<Map<string, PersonSummary>> {
  const [rows, classes] = await Promise.all([profileRows(db, uai, personIds), classesByPerson(db, uai, personIds)]);
  const people = new Map<string, PersonSummary>();
  for (const r of rows) {
    const key = personKey({ entId: r.ent_id, personId: r.person_id });
    const known = people.get(key);
    const profiles = [...(known?.profiles ?? []), r.profile].sort();
    people.set(key, {
      entId: r.ent_id,
      personId: r.person_id,
      lastName: r.last_name,
      firstName: r.first_name,
      profiles,
      classes: classes.get(key) ?? [],
    });
  }
  return people;
}

export const foldText = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function byName(a: PersonSummary, b: PersonSummary): number {
  return (
    a.lastName.localeCompare(b.lastName, 'fr', { sensitivity: 'base' })
    || a.firstName.localeCompare(b.firstName, 'fr', { sensitivity: 'base' })
    || (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0)
  );
}

export async function searchPeople(
  db: Db,
  uai: string,
  query: string,
  limit: number,
): Promise<readonly PersonSummary[]> {
  const words = foldText(query)
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return [];
  // Names first (one row per profile), classes only for the few found.
  const matches = new Map<string, PersonRef & { readonly lastName: string; readonly firstName: string }>();
  for (const r of await profileRows(db, uai)) {
    const name = foldText(`${r.first_name} ${r.last_name}`);
    if (words.every((w) => name.includes(w))) {
      matches.set(personKey({ entId: r.ent_id, personId: r.person_id }), {
        entId: r.ent_id,
        personId: r.person_id,
        lastName: r.last_name,
        firstName: r.first_name,
      });
    }
  }
  const first = [...matches.values()]
    .map((m) => ({ ...m, profiles: [], classes: [] }))
    .sort(byName)
    .slice(0, limit);
  return describePeople(db, uai, first);
}

export async function describePeople(
  db: Db,
  uai: string,
  refs: readonly PersonRef[],
): Promise<readonly PersonSummary[]> {
  if (refs.length === 0) return [];
  const people = await loadPeople(
    db,
    uai,
    refs.map((r) => r.personId),
  );
  return refs.flatMap((r) => people.get(personKey(r)) ?? []);
}
