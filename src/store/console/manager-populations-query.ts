/**
 * The populations an RA assigns to (gar-reference §7): live classes and groups, levels (MEF) and
 * subjects, each with its size per audience it can be assigned for: the people an assignment of it
 * would cover now (population-members-sql.ts, the rule the assignments' coverage follows), so a
 * class of 7 pupils taught by 10 teachers is 7 for pupils and 10 for teachers, whoever else the
 * feed lists among its members.
 */
import { sql, type Kysely } from 'kysely';
import type { Population, PopulationKind } from '../../console/index.js';
import type { Audience } from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';
import { populationSources, presentAsAudience } from './population-members-sql.js';

interface Row {
  readonly kind: string;
  readonly code: string;
  readonly label: string;
}

interface SizeRow {
  readonly source: number | string;
  readonly code: string;
  readonly n: number | string;
}

const order: readonly PopulationKind[] = ['class', 'group', 'level', 'subject'];

export async function listPopulations(db: Kysely<DatabaseSchema>, uai: string): Promise<readonly Population[]> {
  // A level may be known only from pupils' MEF codes (no mef row): it still counts as a population.
  const { rows } = await sql<Row>`
    select case g.status when 'DIVISION' then 'class' else 'group' end as kind, g.code, g.label
    from student_group g where g.uai = ${uai} and g.departed_at is null
    union all
    select 'level', c.code, coalesce(max(f.label), c.code)
    from (select code from mef where uai = ${uai} and departed_at is null
          union select code from person_level where uai = ${uai} and level_kind = 'MEF') c
    left join mef f on f.uai = ${uai} and f.code = c.code and f.departed_at is null
    group by c.code
    union all
    select 'subject', s.code, s.label from subject s where s.uai = ${uai} and s.departed_at is null`.execute(db);
  const sizes = await populationSizes(db, uai);
  return rows
    .map((r) => {
      const kind = r.kind as PopulationKind;
      const of: Partial<Record<Audience, number>> = {};
      populationSources.forEach((s, i) => {
        if (s.kinds.includes(kind)) of[s.audience] = sizes.get(sizeKey(i, r.code)) ?? 0;
      });
      return { kind, code: r.code, label: r.label, sizes: of };
    })
    .sort(
      (a, b) =>
        order.indexOf(a.kind) - order.indexOf(b.kind)
        || a.label.localeCompare(b.label, 'fr', { numeric: true })
        || (a.code < b.code ? -1 : 1),
    );
}

const sizeKey = (source: number, code: string): string => JSON.stringify([source, code]);

/** People per population code, for each population source: one pass over each table of the establishment. */
async function populationSizes(db: Kysely<DatabaseSchema>, uai: string): Promise<ReadonlyMap<string, number>> {
  const branches = populationSources.map(
    (s, i) => sql`
    select ${sql.lit(i)} as source, m.${sql.raw(s.codeColumn)} as code,
      ${sql.raw(s.rowsPerPerson === 'one' ? 'count(*)' : 'count(distinct m.person_id)')} as n
    from ${sql.table(s.table)} m
    where m.uai = ${uai}${sql.raw(s.where === undefined ? '' : ` and ${s.where}`)}
      and ${sql.raw(presentAsAudience('m', 'm.uai', s.audience))}
    group by m.${sql.raw(s.codeColumn)}`,
  );
  const { rows } = await sql<SizeRow>`${sql.join(branches, sql` union all `)}`.execute(db);
  return new Map(rows.map((r) => [sizeKey(Number(r.source), r.code), Number(r.n)]));
}
