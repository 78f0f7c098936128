/** Covered people (each once) holding no licence of the subscription: the visible shortage. */
import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../database-schema.js';
import { coveredPeopleCtes, holdsLiveLicence, type CoverageScope } from './covered-people-sql.js';

export async function countWaiting(db: Kysely<DatabaseSchema>, scope: CoverageScope): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`with ${coveredPeopleCtes(scope)}
    select count(*) as n from (
      select distinct c.ent_id, c.person_id from covered c where not ${holdsLiveLicence(scope, 'c')}
    ) w`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
