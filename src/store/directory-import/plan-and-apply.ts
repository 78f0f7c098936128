/**
 * The diff of a full snapshot against the live directory of its scope (ENT project, degree):
 * counted first (plan), then applied (apply) inside the caller's transaction. Entities that leave
 * are marked departed, never deleted; links (memberships, levels, subjects, teachings) are sets.
 * Anything whose record was rejected or held keeps its previous state.
 */
import type { Kysely } from 'kysely';
import type { DeliveryScope, ImportKind, KindCounts } from '../../directory/index.js';
import { type LinkDescriptor, type TrackedDescriptor, linkKinds, trackedKinds } from './import-kinds.js';
import { countSql, runSql } from './named-sql.js';

type Counts = Omit<KindCounts, 'read'>;

const scopeOf = (alias: string): string => `${alias}.ent_id = {ent} and ${alias}.degree = {degree}`;
const keyMatch = (cols: readonly string[], a: string, b: string): string =>
  cols.map((c) => `${a}.${c} = ${b}.${c}`).join(' and ');

/** True when a live row (alias l) must keep its state because its record, or one it depends on, was set aside. */
function heldCondition(d: TrackedDescriptor | LinkDescriptor, l: string): string {
  const parts: string[] = [];
  const own = d.rejectedKey
    .map((expr, i) => {
      const column = ['uai', 'person_id', 'code'][i] as string;
      return expr === "''" ? null : `r.${column} = ${expr.replace(/\bs\./g, `${l}.`)}`;
    })
    .filter((x): x is string => x !== null);
  parts.push(`(r.kind = '${d.kind}' and ${own.join(' and ')})`);
  if ('columns' in d) {
    parts.push(`(r.kind = 'person' and r.person_id = ${l}.person_id)`);
    parts.push(`(r.kind = 'establishment' and r.uai = ${l}.uai)`);
    if (d.groupColumn) parts.push(`(r.kind = 'group' and r.uai = ${l}.uai and r.code = ${l}.${d.groupColumn})`);
  }
  return `exists (select 1 from stage_rejected r where ${parts.join(' or ')})`;
}

function leftWhere(d: TrackedDescriptor | LinkDescriptor, l: string): string {
  const cols = 'columns' in d ? d.columns : d.recordKey;
  const departed = 'columns' in d ? '' : ` and ${l}.departed_at is null`;
  return (
    `${scopeOf(l)}${departed}`
    + ` and not exists (select 1 from ${d.stage} s where ${keyMatch(cols, 's', l)}) and not ${heldCondition(d, l)}`
  );
}

async function rejectedCounts(db: Kysely<any>, kind: ImportKind): Promise<{ rejected: number; held: number }> {
  const base =
    'select count(*) as n from '
    + `(select seq, max(own) as own from stage_rejected where kind = '${kind}' group by seq) x where x.own =`;
  return { rejected: await countSql(db, `${base} 1`), held: await countSql(db, `${base} 0`) };
}

async function planTracked(db: Kysely<any>, d: TrackedDescriptor, values: Record<string, unknown>): Promise<Counts> {
  const match = `${keyMatch(d.recordKey, 'l', 's')} and ${scopeOf('l')}`;
  return {
    added: await countSql(
      db,
      `select count(*) as n from ${d.stage} s `
        + `where not exists (select 1 from ${d.live} l where ${match} and l.departed_at is null)`,
      values,
    ),
    changed: await countSql(
      db,
      `select count(*) as n from ${d.stage} s join ${d.live} l on ${match} `
        + 'where l.departed_at is null and l.record_hash <> s.record_hash',
      values,
    ),
    left: await countSql(db, `select count(*) as n from ${d.live} l where ${leftWhere(d, 'l')}`, values),
    ...(await rejectedCounts(db, d.kind)),
  };
}

/**
 * A link's counts are of records, as `read` is. A record may stand for several rows (a teacher's
 * GAREnsClasseMatiere lists the subjects taught, one teaching row each): it is added when no live
 * row has its key, changed when its key is live but its rows differ, left when a live key has no
 * record any more. Counted in rows, a first import would show more teachings added than read.
 */
async function planLink(db: Kysely<any>, d: LinkDescriptor, values: Record<string, unknown>): Promise<Counts> {
  if (!hasMultiRowRecords(d)) {
    return {
      added: await countSql(
        db,
        `select count(*) as n from ${d.stage} s `
          + `where not exists (select 1 from ${d.live} l where ${keyMatch(d.columns, 'l', 's')})`,
        values,
      ),
      changed: 0,
      left: await countSql(db, `select count(*) as n from ${d.live} l where ${leftWhere(d, 'l')}`, values),
      ...(await rejectedCounts(db, d.kind)),
    };
  }
  const key = (alias: string): string => d.recordKey.map((c) => `${alias}.${c}`).join(', ');
  const liveKey = (alias: string): string =>
    `exists (select 1 from ${d.live} l2 where ${keyMatch(d.recordKey, 'l2', alias)})`;
  const stagedKey = (alias: string): string =>
    `exists (select 1 from ${d.stage} s2 where ${keyMatch(d.recordKey, 's2', alias)})`;
  const newRow = `not exists (select 1 from ${d.live} l where ${keyMatch(d.columns, 'l', 's')})`;
  return {
    added: await countSql(
      db,
      `select count(*) as n from (select distinct ${key('s')} from ${d.stage} s where not ${liveKey('s')}) x`,
      values,
    ),
    changed: await countSql(
      db,
      `select count(*) as n from (
        select ${key('s')} from ${d.stage} s where ${newRow} and ${liveKey('s')}
        union
        select ${key('l')} from ${d.live} l where ${leftWhere(d, 'l')} and ${stagedKey('l')}) x`,
      values,
    ),
    left: await countSql(
      db,
      `select count(*) as n from (select distinct ${key('l')} from ${d.live} l `
        + `where ${leftWhere(d, 'l')} and not ${stagedKey('l')}) x`,
      values,
    ),
    ...(await rejectedCounts(db, d.kind)),
  };
}

/** True when a record of this kind may give several rows: its key is narrower than its columns. */
function hasMultiRowRecords(d: LinkDescriptor): boolean {
  return d.columns.some((c) => !d.recordKey.includes(c));
}

export async function planSnapshot(db: Kysely<any>, scope: DeliveryScope): Promise<Record<ImportKind, Counts>> {
  const values = { ent: scope.entId, degree: scope.degree };
  const out: Partial<Record<ImportKind, Counts>> = {};
  for (const d of trackedKinds) out[d.kind] = await planTracked(db, d, values);
  for (const d of linkKinds) out[d.kind] = await planLink(db, d, values);
  return out as Record<ImportKind, Counts>;
}

async function applyTracked(
  db: Kysely<any>,
  d: TrackedDescriptor,
  values: Record<string, unknown>,
  plan: Counts,
): Promise<void> {
  const live = d.live;
  // The plan was counted in this same run: statements that would touch no row are skipped,
  // which makes an unchanged re-import cheap.
  if (plan.added + plan.changed > 0 && d.child) {
    // Records whose children must be rebuilt: new, changed, or coming back after a departure.
    await runSql(
      db,
      `insert into stage_touched (kind, person_id) select '${d.kind}', s.person_id from ${d.stage} s
      where not exists (select 1 from ${live} l where ${keyMatch(d.recordKey, 'l', 's')} and ${scopeOf('l')}
        and l.record_hash = s.record_hash and l.departed_at is null)`,
      values,
    );
  }
  if (plan.left > 0)
    await runSql(db, `update ${live} set departed_at = {now}, updated_at = {now} where ${leftWhere(d, live)}`, values);
  if (plan.added + plan.changed === 0) return;
  const sets = [...d.payload, 'record_hash'].map((c) => `${c} = s.${c}`).join(', ');
  await runSql(
    db,
    `update ${live} set ${sets}, departed_at = null, updated_at = {now} from ${d.stage} s
    where ${keyMatch(d.recordKey, live, 's')} and ${scopeOf(live)}
      and (${live}.record_hash <> s.record_hash or ${live}.departed_at is not null)`,
    values,
  );
  const cols = [...d.recordKey, ...d.payload, 'record_hash'];
  const created = d.hasCreatedAt ? ', created_at' : '';
  await runSql(
    db,
    `insert into ${live} (ent_id, degree, ${cols.join(', ')}, departed_at, updated_at${created})
    select {ent}, {degree}, ${cols.map((c) => `s.${c}`).join(', ')}, null, {now}${d.hasCreatedAt ? ', {now}' : ''}
    from ${d.stage} s
    where not exists (select 1 from ${live} l where ${keyMatch(d.recordKey, 'l', 's')} and ${scopeOf('l')})
    order by ${d.recordKey.map((c) => `s.${c}`).join(', ')}`,
    values,
  );
  if (d.child) await rebuildChildren(db, d, values);
}

async function rebuildChildren(db: Kysely<any>, d: TrackedDescriptor, values: Record<string, unknown>): Promise<void> {
  const child = d.child!;
  const touched = `select t.person_id from stage_touched t where t.kind = '${d.kind}'`;
  await runSql(db, `delete from ${child.live} where ${scopeOf(child.live)} and person_id in (${touched})`, values);
  // Driven by the child stage's (person_id, …) index: rows come out in primary-key order, unsorted.
  await runSql(
    db,
    `insert into ${child.live} (ent_id, degree, person_id, ${child.columns.join(', ')})
    select {ent}, {degree}, c.person_id, ${child.columns.map((c) => `c.${c}`).join(', ')} from ${child.stage} c
    where exists (select 1 from ${d.stage} s where s.seq = c.seq)
    and exists (select 1 from stage_touched t where t.kind = '${d.kind}' and t.person_id = c.person_id)
    order by c.person_id, ${child.columns.map((c) => `c.${c}`).join(', ')}`,
    values,
  );
}

async function applyLink(
  db: Kysely<any>,
  d: LinkDescriptor,
  values: Record<string, unknown>,
  plan: Counts,
): Promise<void> {
  // A changed record (counted in neither added nor left) may lose rows, gain rows, or both.
  if (plan.left + plan.changed > 0) await runSql(db, `delete from ${d.live} where ${leftWhere(d, d.live)}`, values);
  if (plan.added + plan.changed === 0) return;
  await runSql(
    db,
    `insert into ${d.live} (ent_id, degree, ${d.columns.join(', ')})
    select distinct {ent}, {degree}, ${d.columns.map((c) => `s.${c}`).join(', ')} from ${d.stage} s
    where not exists (select 1 from ${d.live} l where ${keyMatch(d.columns, 'l', 's')})
    order by ${d.columns.map((c) => `s.${c}`).join(', ')}`,
    values,
  );
}

// Inserts go in primary-key order: B-trees then fill from one end instead of splitting pages
// all over, which is what made a first national import slow.

/** Applies the whole snapshot as planned by planSnapshot; the caller wraps it in one transaction. */
export async function applySnapshot(
  db: Kysely<any>,
  scope: DeliveryScope,
  at: Date,
  plan: Record<ImportKind, Counts>,
): Promise<void> {
  const values = { ent: scope.entId, degree: scope.degree, now: at.toISOString() };
  await runSql(
    db,
    `insert into ent_project (id, name, created_at) select {ent}, {ent}, {now}
    where not exists (select 1 from ent_project where id = {ent})`,
    values,
  );
  for (const d of trackedKinds) await applyTracked(db, d, values, plan[d.kind]);
  for (const d of linkKinds) await applyLink(db, d, values, plan[d.kind]);
}
