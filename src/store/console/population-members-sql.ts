/**
 * Who a population gives to an assignment, per audience (gar-reference §5, §7): a class or group
 * its pupils (membership) or the teachers teaching it, a level its pupils of that MEF, a subject
 * the teachers teaching it; each kept only when present in the establishment (not departed) with a
 * profile of that audience. A staff member listed in a class's memberships is not one of its
 * pupils. The establishment's coverage (establishment-coverage-sql.ts) and the populations' sizes
 * (manager-populations-query.ts) both read this table, so the size the console shows is the number
 * of people an assignment of that population for that audience would cover: the licences it needs.
 */
import { sql, type RawBuilder } from 'kysely';
import type { PopulationKind } from '../../console/index.js';
import { audiences, profilesOfAudience, type Audience } from '../../subscriptions/index.js';

export interface PopulationSource {
  readonly kinds: readonly PopulationKind[];
  readonly audience: Audience;
  /** The directory table listing the population's people (alias m), and its column naming the population. */
  readonly table: 'membership' | 'teaching' | 'person_level';
  readonly codeColumn: string;
  /** A further condition over m, when the table holds more than this population's rows. */
  readonly where?: string;
  /** The table may hold several rows for one person of one population (a teacher's subjects in a class). */
  readonly rowsPerPerson: 'one' | 'several';
}

export const populationSources: readonly PopulationSource[] = [
  { kinds: ['class', 'group'], audience: 'ELEVE', table: 'membership', codeColumn: 'group_code', rowsPerPerson: 'one' },
  {
    kinds: ['class', 'group'],
    audience: 'ENSEIGNANT',
    table: 'teaching',
    codeColumn: 'group_code',
    rowsPerPerson: 'several',
  },
  {
    kinds: ['level'],
    audience: 'ELEVE',
    table: 'person_level',
    codeColumn: 'code',
    where: "m.level_kind = 'MEF'",
    rowsPerPerson: 'one',
  },
  {
    kinds: ['subject'],
    audience: 'ENSEIGNANT',
    table: 'teaching',
    codeColumn: 'subject_code',
    rowsPerPerson: 'several',
  },
];

/** `audience_profile (audience, profile)`: the directory profiles of every audience, for `presentAs`. */
export function audienceProfileCte(): RawBuilder<unknown> {
  const pairs = audiences.flatMap((a) =>
    profilesOfAudience(a).map((p) => sql`(cast(${a} as text), cast(${p} as text))`),
  );
  return sql`audience_profile (audience, profile) as (values ${sql.join(pairs)})`;
}

/**
 * SQL: `who` (a row with ent_id, degree, person_id) is present in establishment `uai` with a
 * profile of `audience` (both SQL expressions). Needs `audienceProfileCte`.
 */
export const presentAs = (
  who: string,
  uai: string,
  audience: string,
): string => `exists (select 1 from person_profile pp
      join audience_profile ap on ap.profile = pp.profile
      join person p on p.ent_id = pp.ent_id and p.degree = pp.degree and p.person_id = pp.person_id
      where pp.ent_id = ${who}.ent_id and pp.degree = ${who}.degree and pp.person_id = ${who}.person_id
        and pp.uai = ${uai} and ap.audience = ${audience} and p.departed_at is null)`;

/**
 * SQL: `who` is present in establishment `uai` (an SQL expression) with a profile of `audience`,
 * named in the statement: a lookup on person_profile's primary key, no `audience_profile` needed.
 */
export const presentAsAudience = (who: string, uai: string, audience: Audience): string =>
  `exists (select 1 from person_profile pp
      join person p on p.ent_id = pp.ent_id and p.degree = pp.degree and p.person_id = pp.person_id
      where pp.ent_id = ${who}.ent_id and pp.degree = ${who}.degree and pp.person_id = ${who}.person_id
        and pp.uai = ${uai} and pp.profile in (${sqlText(profilesOfAudience(audience))}) and p.departed_at is null)`;

/** SQL: the row m of `source.table` lists a person of the population `code` (an SQL expression). */
export const inPopulation = (source: PopulationSource, code: string): string =>
  `m.${source.codeColumn} = ${code}${source.where === undefined ? '' : ` and ${source.where}`}`;

/** SQL text literals of our own constants (kinds, audiences, profiles), never of input. */
export const sqlText = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');
