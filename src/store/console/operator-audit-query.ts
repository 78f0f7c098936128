/**
 * The audit trail as the operator reads it (who did what, when): filtered by actor and action
 * prefix, target substring and a time range, newest first, paged. Matching is case-sensitive
 * and the same on both databases (`substr`, `instr`/`strpos`; no LIKE, whose case rules differ).
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { AuditEventRow, AuditFilter, PageRequest } from '../../console/index.js';
import type { DatabaseSchema } from '../database-schema.js';
import type { Store } from '../open-store.js';

type Query = SelectQueryBuilder<DatabaseSchema, 'audit_event', object>;

function filtered(db: Kysely<DatabaseSchema>, dialect: Store['dialect'], filter: AuditFilter): Query {
  let query: Query = db.selectFrom('audit_event');
  const prefix = (column: 'actor' | 'action', value: string) =>
    sql<boolean>`substr(${sql.ref(column)}, 1, ${value.length}) = ${value}`;
  if (filter.actorPrefix) query = query.where(prefix('actor', filter.actorPrefix));
  if (filter.actionPrefix) query = query.where(prefix('action', filter.actionPrefix));
  if (filter.targetContains) {
    const found =
      dialect === 'sqlite'
        ? sql<number>`instr(target, ${filter.targetContains})`
        : sql<number>`strpos(target, ${filter.targetContains})`;
    query = query.where(sql<boolean>`${found} > 0`);
  }
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.until) query = query.where('at', '<', filter.until);
  return query;
}

export async function auditTrail(
  store: Store,
  filter: AuditFilter,
  page: PageRequest,
): Promise<{ readonly events: readonly AuditEventRow[]; readonly more: boolean }> {
  const rows = await filtered(store.db, store.dialect, filter)
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.size + 1)
    .offset((page.page - 1) * page.size)
    .execute();
  return {
    more: rows.length > page.size,
    events: rows.slice(0, page.size).map((r) => ({
      id: Number(r.id),
      at: r.at,
      actor: r.actor,
      action: r.action,
      target: r.target,
      before: r.before_state,
      after: r.after_state,
      correlationId: r.correlation_id,
    })),
  };
}
