/**
 * The delivery timestamp (yyyyMMdd_HHmmss, in file names and tar mtimes). By default it comes from
 * the seed, not the clock, so that the same seed and options always give the same bytes.
 */
import { fail } from '../../core/fail.js';

const pattern = /^(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})$/;

/** A night (01:00–04:59 UTC) in 2024–2025 picked by the seed hash: deliveries are nightly. */
export function defaultTimestamp(seedHash: number): string {
  const day = Date.UTC(2024, 0, 1) + (seedHash % 730) * 86_400_000;
  const secondOfNight = 3600 + (Math.floor(seedHash / 730) % (4 * 3600));
  return formatTimestamp(new Date(day + secondOfNight * 1000));
}

export function formatTimestamp(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return (
    `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}_`
    + `${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`
  );
}

/** Parses and checks a timestamp; the result is the UTC date it names. */
export function parseTimestamp(timestamp: string): Date {
  const m = pattern.exec(timestamp);
  const date = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : null;
  if (!date || formatTimestamp(date) !== timestamp)
    throw fail('ERR_CLI_USAGE', `timestamp must be yyyyMMdd_HHmmss: ${timestamp}`);
  return date;
}

/** First calendar year of the school year the delivery belongs to (school years start in September). */
export function schoolYearStart(date: Date): number {
  return date.getUTCMonth() >= 8 ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
}
