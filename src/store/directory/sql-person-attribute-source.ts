/**
 * PersonAttributeSource on Kysely: the "resolve" of resolve → filter → encode. A handful of
 * queries, all limited to one ENT project, the person's degree and one establishment; values are
 * built with the attribute filter's encoders, deduplicated and sorted (code-unit order, the same
 * on both dialects since it is done here), so one person always resolves to the same lists.
 *
 * What each code holds (gar-reference §3), as read from the feed's tables (§6):
 * - `NOM`, `PRE`, `CIV`: the person's row (`CIV` only when the feed gives one).
 * - `P_MEL`: the person's mails, for staff only; a pupil's mails are never resolved at all.
 * - `DIV`, `GRO`: a pupil's classes and groups (GARPersonGroupe); for staff, the classes and
 *   groups they teach (GAREnsClasseMatiere, GAREnsGroupeMatiere). Class or group is the group's
 *   own status, `code##label`.
 * - `DIV_APP`: for each of those groups (not classes), each class the group draws from
 *   (GARGroupeDivAppartenance), `group||class##class label`; a class absent from the directory is
 *   left out (no label to show).
 * - `P_MAT`: subjects taught, `code##label` (GARMatiere); teachers only.
 * - `E_MS4` (pupils), `P_MS4` (staff): MEFSTAT4 levels. 1D feeds give them directly
 *   (GARPersonMEFSTAT4); 2D feeds give MEFs (GARPersonMEF), whose MEFSTAT11 (GARMEFSTAT11) starts
 *   with the MEFSTAT4; a MEF without a well-formed MEFSTAT11 gives no level.
 * Departed groups, subjects and MEFs are ignored, like departed people.
 */
import type { Kysely } from 'kysely';
import {
  composite,
  groupInDivision,
  type AttributeCode,
  type ResolvedAttributes,
} from '../../attribute-filter/index.js';
import { profilePrecedence, type PersonAttributeSource, type ResolvedPerson } from '../../directory/index.js';
import type { DatabaseSchema } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { prepareQuery } from '../prepared-query.js';

type Db = Kysely<DatabaseSchema>;

/** Where every query of one resolution looks: one person of one snapshot, in one establishment. */
type Scope = { readonly entId: string; readonly degree: string; readonly personId: string; readonly uai: string };
const scopeNames = ['entId', 'degree', 'personId', 'uai'] as const;

// The login path runs these at every access: prepared once (see prepared-query.ts).
// `person` first, by its id (person_by_id), then its profile rows by primary key. Joined the other
// way round, SQLite's planner walks every profile of the ENT project (1,000,000 rows at scale);
// a CROSS JOIN fixes the order there, and PostgreSQL plans it like an inner join.
const livePlaces = prepareQuery<{ entId: string; personId: string }, { uai: string; profile: string }>(
  ['entId', 'personId'],
  (db, v) =>
    db
      .selectFrom('person as p')
      .crossJoin('person_profile as pp')
      .select(['pp.uai', 'pp.profile'])
      .where('p.ent_id', '=', v.entId)
      .where('p.person_id', '=', v.personId)
      .where('p.departed_at', 'is', null)
      .whereRef('pp.ent_id', '=', 'p.ent_id')
      .whereRef('pp.degree', '=', 'p.degree')
      .whereRef('pp.person_id', '=', 'p.person_id'),
);

const presentPerson = prepareQuery<{ entId: string; personId: string; uai: string }, PersonRow>(
  ['entId', 'personId', 'uai'],
  (db, v) =>
    db
      .selectFrom('person as p')
      .crossJoin('person_profile as pp')
      .select(['p.degree', 'pp.profile', 'p.last_name', 'p.first_name', 'p.civility', 'p.mails'])
      .where('p.ent_id', '=', v.entId)
      .where('p.person_id', '=', v.personId)
      .where('p.departed_at', 'is', null)
      .whereRef('pp.ent_id', '=', 'p.ent_id')
      .whereRef('pp.degree', '=', 'p.degree')
      .whereRef('pp.person_id', '=', 'p.person_id')
      .where('pp.uai', '=', v.uai),
);

const memberGroupRows = prepareQuery<Scope, GroupRow>(scopeNames, (db, v) =>
  db
    .selectFrom('membership as m')
    .innerJoin('student_group as g', (j) => j.onRef('g.uai', '=', 'm.uai').onRef('g.code', '=', 'm.group_code'))
    .select(['g.code', 'g.label', 'g.status', 'g.divisions'])
    .where('m.ent_id', '=', v.entId)
    .where('m.degree', '=', v.degree)
    .where('m.uai', '=', v.uai)
    .where('m.person_id', '=', v.personId)
    .where('g.ent_id', '=', v.entId)
    .where('g.departed_at', 'is', null),
);

const taughtGroupRows = prepareQuery<Scope, GroupRow>(scopeNames, (db, v) =>
  db
    .selectFrom('teaching as t')
    .innerJoin('student_group as g', (j) => j.onRef('g.uai', '=', 't.uai').onRef('g.code', '=', 't.group_code'))
    .select(['g.code', 'g.label', 'g.status', 'g.divisions'])
    .distinct()
    .where('t.ent_id', '=', v.entId)
    .where('t.degree', '=', v.degree)
    .where('t.uai', '=', v.uai)
    .where('t.person_id', '=', v.personId)
    .where('g.ent_id', '=', v.entId)
    .where('g.departed_at', 'is', null),
);

const taughtSubjectRows = prepareQuery<Scope, { code: string; label: string }>(scopeNames, (db, v) =>
  db
    .selectFrom('teaching as t')
    .innerJoin('subject as s', (j) => j.onRef('s.uai', '=', 't.uai').onRef('s.code', '=', 't.subject_code'))
    .select(['s.code', 's.label'])
    .distinct()
    .where('t.ent_id', '=', v.entId)
    .where('t.degree', '=', v.degree)
    .where('t.uai', '=', v.uai)
    .where('t.person_id', '=', v.personId)
    .where('s.ent_id', '=', v.entId)
    .where('s.departed_at', 'is', null),
);

const levelRows = prepareQuery<Scope, { level_kind: string; code: string; stat11: string | null }>(
  scopeNames,
  (db, v) =>
    db
      .selectFrom('person_level as l')
      .leftJoin('mef as f', (j) =>
        j.onRef('f.uai', '=', 'l.uai').onRef('f.code', '=', 'l.code').on('f.departed_at', 'is', null),
      )
      .select(['l.level_kind', 'l.code', 'f.stat11'])
      .where('l.ent_id', '=', v.entId)
      .where('l.degree', '=', v.degree)
      .where('l.uai', '=', v.uai)
      .where('l.person_id', '=', v.personId),
);

interface PersonRow {
  readonly degree: string;
  readonly profile: string;
  readonly last_name: string;
  readonly first_name: string;
  readonly civility: string | null;
  readonly mails: string;
}

interface GroupRow {
  readonly code: string;
  readonly label: string;
  readonly status: string;
  readonly divisions: string;
}

const pupilProfile = 'National_elv';

export function createPersonAttributeSource(store: Store): PersonAttributeSource {
  return {
    resolvePerson: (entId, personId, uai) => resolvePerson(store.db, entId, personId, uai),
    establishmentsOf: (entId, personId) => establishmentsOf(store.db, entId, personId),
  };
}

async function establishmentsOf(db: Db, entId: string, personId: string): Promise<readonly string[]> {
  const rows = await livePlaces.rows(db, { entId, personId });
  const known = rows
    .filter((row) => (profilePrecedence as readonly string[]).includes(row.profile))
    .map((row) => row.uai);
  return [...new Set(known)].sort();
}

async function resolvePerson(
  db: Db,
  entId: string,
  personId: string,
  uai: string,
): Promise<ResolvedPerson | undefined> {
  const person = await findPresentPerson(db, entId, personId, uai);
  if (person === undefined) return undefined;
  const scope: Scope = { entId, degree: person.degree, personId, uai };
  const pupil = person.profile === pupilProfile;
  const groups = pupil ? await memberGroups(db, scope) : await taughtGroups(db, scope);
  const attributes: Partial<Record<AttributeCode, readonly string[]>> = {
    NOM: [person.last_name],
    PRE: [person.first_name],
    CIV: person.civility === null ? [] : [person.civility],
    P_MEL: pupil ? [] : mailsOf(person.mails),
    DIV: groups.filter((g) => g.status === 'DIVISION').map((g) => composite(g.code, g.label)),
    GRO: groups.filter((g) => g.status === 'GROUPE').map((g) => composite(g.code, g.label)),
    DIV_APP: await divisionsOfGroups(
      db,
      scope,
      groups.filter((g) => g.status === 'GROUPE'),
    ),
    P_MAT: pupil ? [] : await taughtSubjects(db, scope),
    [pupil ? 'E_MS4' : 'P_MS4']: await levels(db, scope),
  };
  return { profile: person.profile, attributes: tidy(attributes) };
}

/**
 * The person, present (not departed) with a profile in `uai`: the first profile in
 * `profilePrecedence`. A person id found in both degrees' snapshots takes the first degree
 * holding such a profile, in code order, so the answer never depends on row order.
 */
async function findPresentPerson(db: Db, entId: string, personId: string, uai: string): Promise<PersonRow | undefined> {
  const rows = await presentPerson.rows(db, { entId, personId, uai });
  const rank = (row: PersonRow): number => (profilePrecedence as readonly string[]).indexOf(row.profile);
  // An unknown profile cannot come from a checked feed; it is skipped rather than guessed at.
  const known = rows.filter((row) => rank(row) >= 0);
  known.sort((a, b) => rank(a) - rank(b) || (a.degree < b.degree ? -1 : a.degree > b.degree ? 1 : 0));
  return known[0];
}

function memberGroups(db: Db, scope: Scope): Promise<GroupRow[]> {
  return memberGroupRows.rows(db, scope);
}

function taughtGroups(db: Db, scope: Scope): Promise<GroupRow[]> {
  return taughtGroupRows.rows(db, scope);
}

/** `DIV_APP`: each group with each class it draws from, labelled by the class's own row. */
async function divisionsOfGroups(db: Db, scope: Scope, groups: readonly GroupRow[]): Promise<string[]> {
  const pairs = groups.flatMap((g) => stringsOf(g.divisions).map((division) => ({ group: g.code, division })));
  if (pairs.length === 0) return [];
  const classes = await db
    .selectFrom('student_group')
    .select(['code', 'label'])
    .where('ent_id', '=', scope.entId)
    .where('uai', '=', scope.uai)
    .where('status', '=', 'DIVISION')
    .where('departed_at', 'is', null)
    .where('code', 'in', [...new Set(pairs.map((p) => p.division))])
    .execute();
  const labels = new Map(classes.map((c) => [c.code, c.label]));
  return pairs.flatMap(({ group, division }) => {
    const label = labels.get(division);
    return label === undefined ? [] : [groupInDivision(group, division, label)];
  });
}

async function taughtSubjects(db: Db, scope: Scope): Promise<string[]> {
  const rows = await taughtSubjectRows.rows(db, scope);
  return rows.map((r) => composite(r.code, r.label));
}

/** MEFSTAT4 codes: given as such (1D), or the first four characters of the MEF's MEFSTAT11 (2D). */
async function levels(db: Db, scope: Scope): Promise<string[]> {
  const rows = await levelRows.rows(db, scope);
  return rows.flatMap((r) => {
    if (r.level_kind === 'MEFSTAT4') return /^\w{4}$/.test(r.code) ? [r.code] : [];
    return r.stat11 !== null && /^\w{11}$/.test(r.stat11) ? [r.stat11.slice(0, 4)] : [];
  });
}

/** The person's mails (a JSON array written by the import), empty ones dropped. */
function mailsOf(json: string): string[] {
  return stringsOf(json).filter((mail) => mail !== '');
}

function stringsOf(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Empty values and empty lists dropped, duplicates removed, values sorted: deterministic lists. */
function tidy(attributes: Partial<Record<AttributeCode, readonly string[]>>): ResolvedAttributes {
  const result: Partial<Record<AttributeCode, readonly string[]>> = {};
  for (const [code, values] of Object.entries(attributes) as [AttributeCode, readonly string[]][]) {
    const unique = [...new Set(values.filter((v) => v !== ''))].sort();
    if (unique.length > 0) result[code] = Object.freeze(unique);
  }
  return Object.freeze(result);
}
