/**
 * Local date-times of the wsabonnement grammar (gar-reference §5 `debutValidite`, `finValidite`:
 * `YYYY-MM-DDThh:mm:ss`) and school years (`anneeFinValidite`: `2025-2026`).
 *
 * A fraction of seconds is accepted (`…:ss.fff`): known distributor clients send Python's
 * `isoformat()`, which has one. A time zone is refused: GAR's request format has none.
 */
import type { LocalDateTime } from '../subscription-input.js';

const localDateTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/** A real calendar date-time: months, days of month (leap years included), hours, minutes, seconds. */
export function isLocalDateTime(text: string): boolean {
  const m = localDateTime.exec(text);
  if (m === null) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return (
    year >= 1
    && month >= 1
    && month <= 12
    && day >= 1
    && day <= daysInMonth(year, month)
    && hour <= 23
    && minute <= 59
    && second <= 59
  );
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Orders two valid local date-times. The fixed-width prefix compares as text; fractions are
 * padded so that `…:41` and `…:41.000` are equal.
 */
export function compareLocalDateTimes(a: LocalDateTime, b: LocalDateTime): number {
  const key = (t: LocalDateTime): string => t.slice(0, 19) + (t.length > 20 ? t.slice(20) : '').padEnd(9, '0');
  const [ka, kb] = [key(a), key(b)];
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** `YYYY-YYYY` with consecutive years (gar-reference §5: a school year such as 2025-2026). */
export function isSchoolYear(text: string): boolean {
  const m = /^(\d{4})-(\d{4})$/.exec(text);
  return m !== null && Number(m[1]) >= 1 && Number(m[2]) === Number(m[1]) + 1;
}

/**
 * The end of a school year: 15 August of its second year (gar-reference §5), at 00:00:00 —
 * assumed, as GAR's own answers show `…-08-15T00:00:00` beside an `anneeFinValidite`.
 */
export function schoolYearEnd(schoolYear: string): LocalDateTime {
  return `${schoolYear.slice(5, 9)}-08-15T00:00:00`;
}
