/**
 * Assignments as RAs see them: whom each covers now, how many of those hold a licence, how many
 * wait for one (the visible shortage). A person covered by two assignments counts in both.
 */
import { sql, type Kysely } from 'kysely';
import type { AssignmentView, Audience } from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';
import { targetOfRow, type AssignmentRow } from './assignment-row.js';
import { coveredPeopleCtes, type CoverageScope } from './covered-people-sql.js';

interface CoverageCount {
  readonly assignment_id: number;
  readonly matched: number | string;
  readonly granted: number | string;
}

export async function assignmentViews(
  db: Kysely<DatabaseSchema>,
  scope: CoverageScope,
  rows: readonly AssignmentRow[],
): Promise<AssignmentView[]> {
  const { rows: counts } = await sql<CoverageCount>`with ${coveredPeopleCtes(scope)}
    select c.assignment_id, count(*) as matched, count(l.id) as granted from covered c
    left join licence l on l.distributor_id = ${scope.key.distributorId}
      and l.subscription_id = ${scope.key.subscriptionId}
      and l.released_at is null and l.ent_id = c.ent_id and l.person_id = c.person_id
    group by c.assignment_id`.execute(db);
  const byId = new Map(counts.map((c) => [Number(c.assignment_id), c]));
  return rows.map((row) => {
    // A revoked assignment covers nobody any more.
    const count = row.revoked_at === null ? byId.get(row.id) : undefined;
    const matched = Number(count?.matched ?? 0);
    const granted = Number(count?.granted ?? 0);
    return {
      id: row.id,
      subscription: { distributorId: row.distributor_id, subscriptionId: row.subscription_id },
      uai: row.uai,
      target: targetOfRow(row),
      audience: row.audience as Audience,
      createdBy: row.created_by,
      createdAt: row.created_at,
      matched,
      granted,
      waiting: matched - granted,
    };
  });
}
