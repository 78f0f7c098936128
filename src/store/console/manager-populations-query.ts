/**
 * The populations an RA assigns to (gar-reference §7): live classes and groups with their pupils,
 * levels (MEF) with their pupils, subjects with the teachers teaching them. Member counts are of
 * people present now (not departed), as assignments cover them.
 */
import { sql, type Kysely } from 'kysely';
import type { Population, PopulationKind } from '../../console/index.js';
import type { DatabaseSchema } from '../database-schema.js';

interface Row {
  readonly kind: string;
  readonly code: string;
  readonly label: string;
  readonly members: number | string;
}

const order: readonly PopulationKind[] = ['class', 'group', 'level', 'subject'];

export async function listPopulations(db: Kysely<DatabaseSchema>, uai: string): Promise<readonly Population[]> {
  // A level may be known only from pupils' MEF codes (no mef row): it still counts as a population.
  const { rows } = await sql<Row>`
    select case g.status when 'DIVISION' then 'class' else 'group' end as kind, g.code, g.label,
      (select count(distinct m.person_id) from membership m
        join person p on p.ent_id = m.ent_id and p.degree = m.degree and p.person_id = m.person_id
        where m.uai = g.uai and m.group_code = g.code and p.departed_at is null) as members
    from student_group g where g.uai = ${uai} and g.departed_at is null
    union all
    select 'level', c.code, coalesce(max(f.label), c.code),
      (select count(distinct l.person_id) from person_level l
        join person p on p.ent_id = l.ent_id and p.degree = l.degree and p.person_id = l.person_id
        where l.uai = ${uai} and l.level_kind = 'MEF' and l.code = c.code and p.departed_at is null)
    from (select code from mef where uai = ${uai} and departed_at is null
          union select code from person_level where uai = ${uai} and level_kind = 'MEF') c
    left join mef f on f.uai = ${uai} and f.code = c.code and f.departed_at is null
    group by c.code
    union all
    select 'subject', s.code, s.label,
      (select count(distinct t.person_id) from teaching t
        join person p on p.ent_id = t.ent_id and p.degree = t.degree and p.person_id = t.person_id
        where t.uai = s.uai and t.subject_code = s.code and p.departed_at is null)
    from subject s where s.uai = ${uai} and s.departed_at is null`.execute(db);
  return rows
    .map((r) => ({ kind: r.kind as PopulationKind, code: r.code, label: r.label, members: Number(r.members) }))
    .sort(
      (a, b) =>
        order.indexOf(a.kind) - order.indexOf(b.kind)
        || a.label.localeCompare(b.label, 'fr', { numeric: true })
        || (a.code < b.code ? -1 : 1),
    );
}
