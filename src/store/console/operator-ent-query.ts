/**
 * ENT projects as the operator sees them: each with its establishments still present and its
 * last feed import (table `feed_import`, written by the directory import with its report).
 */
import type { Kysely, Selectable } from 'kysely';
import type { EntProjectSummary, FeedImportRecord, FeedImportReport } from '../../console/index.js';
import type { DatabaseSchema, FeedImportTable } from '../database-schema.js';

type Db = Kysely<DatabaseSchema>;

export async function listEntProjects(db: Db): Promise<readonly EntProjectSummary[]> {
  const [projects, counts, imports] = await Promise.all([
    db.selectFrom('ent_project').select(['id', 'name']).orderBy('id').execute(),
    db
      .selectFrom('establishment')
      .select(['ent_id', (eb) => eb.fn.countAll().as('n')])
      .where('departed_at', 'is', null)
      .groupBy('ent_id')
      .execute(),
    db
      .selectFrom('feed_import')
      .selectAll()
      .where(
        'id',
        'in',
        db
          .selectFrom('feed_import')
          .select((eb) => eb.fn.max('id').as('id'))
          .groupBy('ent_id'),
      )
      .execute(),
  ]);
  const established = new Map(counts.map((c) => [c.ent_id, Number(c.n)]));
  const last = new Map(imports.map((row) => [row.ent_id, toRecord(row)]));
  return projects.map((p) => {
    const lastImport = last.get(p.id);
    return {
      entId: p.id,
      name: p.name,
      establishments: established.get(p.id) ?? 0,
      ...(lastImport ? { lastImport } : {}),
    };
  });
}

export async function listFeedImports(db: Db, entId: string, limit: number): Promise<readonly FeedImportRecord[]> {
  const rows = await db
    .selectFrom('feed_import')
    .selectAll()
    .where('ent_id', '=', entId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRecord);
}

function toRecord(row: Selectable<FeedImportTable>): FeedImportRecord {
  const report = readReport(row.summary);
  return {
    id: Number(row.id),
    entId: row.ent_id,
    degree: row.degree,
    source: row.source,
    status: row.status,
    startedAt: row.started_at,
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
    ...(report ? { report } : {}),
  };
}

/** The summary is JSON the import wrote (`{counts, totals, refusal}`); anything else is no report. */
function readReport(summary: string | null): FeedImportReport | undefined {
  if (summary === null) return undefined;
  try {
    const value = JSON.parse(summary) as Partial<FeedImportReport> | null;
    if (value === null || typeof value !== 'object' || typeof value.counts !== 'object' || value.counts === null)
      return undefined;
    return { counts: value.counts, ...(value.totals ? { totals: value.totals } : {}), refusal: value.refusal ?? null };
  } catch {
    return undefined;
  }
}
