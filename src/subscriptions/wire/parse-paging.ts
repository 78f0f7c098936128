/**
 * The `debut`/`fin` query numbers of the list operation (gar-reference §5:
 * `{base}/abonnements?debut=N&fin=M`). A page is bounded so one request cannot ask for the whole
 * table.
 */
import { fail } from '../../core/fail.js';
import type { Paging } from '../subscription-query.js';

export const maxPageSize = 1000;

/** Absent `debut` is 0; absent `fin` is debut + maxPageSize. Throws ERR_WS_PAGING. */
export function parsePaging(debut?: string, fin?: string): Paging {
  const start = debut === undefined ? 0 : readIndex('debut', debut);
  const end = fin === undefined ? start + maxPageSize : readIndex('fin', fin);
  if (end < start) throw fail('ERR_WS_PAGING', 'fin doit être supérieur ou égal à debut', `debut=${start} fin=${end}`);
  if (end - start > maxPageSize) {
    throw fail('ERR_WS_PAGING', `page trop grande (${maxPageSize} au plus)`, `debut=${start} fin=${end}`);
  }
  return { debut: start, fin: end };
}

/** Decimal digits only: no sign, no exponent, no blank (which Number() would all accept). */
function readIndex(name: 'debut' | 'fin', text: string): number {
  if (!/^\d{1,9}$/.test(text))
    throw fail(
      'ERR_WS_PAGING',
      `${name} doit être un entier positif ou nul`,
      `${name} not a small non-negative integer`,
    );
  return Number(text);
}
