import type { Kysely } from 'kysely';
import type { FeedIssue } from '../../directory/index.js';
import { countSql, namedSql } from './named-sql.js';

export interface RejectedIssue extends FeedIssue {
  /** false when the record was only held back because a record it depends on was rejected. */
  readonly own: boolean;
}

/** Issues found by the checks across records (those found while reading are the caller's). */
export async function readRejected(
  db: Kysely<any>,
  limit: number,
): Promise<{ issues: readonly RejectedIssue[]; total: number }> {
  const found =
    "from stage_rejected where error_code in ('ERR_FEED_DUPLICATE_KEY', "
    + "'ERR_FEED_DANGLING_REFERENCE', 'ERR_FEED_FOREIGN_ESTABLISHMENT')";
  const total = await countSql(db, `select count(*) as n from (select distinct seq ${found}) x`);
  const result = await namedSql(
    `select file, line, element, record_id, error_code, detail, max(own) as own ${found}
    group by seq, file, line, element, record_id, error_code, detail order by file, line limit {limit}`,
    { limit },
  ).execute(db);
  const issues = (result.rows as Array<Record<string, unknown>>).map((row) => ({
    file: String(row['file']),
    line: Number(row['line']),
    element: row['element'] === null ? null : String(row['element']),
    recordId: row['record_id'] === null ? null : String(row['record_id']),
    code: String(row['error_code']),
    message: String(row['detail']),
    own: Number(row['own']) === 1,
  }));
  return { issues, total };
}
