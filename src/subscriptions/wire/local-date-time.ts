/**
 * Date-times of the wsabonnement grammar (gar-reference §5 `debutValidite`, `finValidite`) and
 * school years (`anneeFinValidite`: `2025-2026`).
 *
 * Requests carry a local date-time `YYYY-MM-DDThh:mm:ss`, French legal time; a fraction of
 * seconds is accepted (`…:ss.fff`: known clients send Python's `isoformat()`, which has one).
 * GAR's list answers carry `2021-09-02T16:18:27.000+02:00` (milliseconds, and the offset of
 * Europe/Paris at that instant), and clients post those back: a request may carry that form
 * too, with any offset (`Z` or `±hh:mm`, as xs:dateTime), read as the same instant in French
 * legal time. The broker keeps French local date-times; it writes GAR's form.
 */
import { fromFrenchLocalDateTime, frenchUtcOffsetMinutes } from '../entitlement/french-local-date-time.js';
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

const withOffset = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * A request's date-time as the French local date-time the broker keeps, or null when it is
 * neither form. A local one is kept as sent. One with an offset is the same instant in French
 * legal time, its fraction kept without trailing zeros (GAR's `.000` is none), so that what a
 * client posts back from a list is what the list was made from.
 */
export function readDateTime(text: string): LocalDateTime | null {
  if (isLocalDateTime(text)) return text;
  const m = withOffset.exec(text);
  if (m === null) return null;
  const [, local = '', fraction = '', sign, hours = '00', minutes = '00'] = m;
  // xs:dateTime: offsets from -14:00 to +14:00.
  const offset = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  if (!isLocalDateTime(local) || Number(minutes) > 59 || Math.abs(offset) > 14 * 60) return null;
  const instant = Date.parse(`${local}Z`) - offset * 60_000;
  const french = frenchDateTimeOf(instant);
  if (!isLocalDateTime(french)) return null;
  const kept = fraction.replace(/0+$/, '');
  return kept === '' ? french : `${french}.${kept}`;
}

/**
 * GAR's form of a French local date-time: `YYYY-MM-DDThh:mm:ss.SSS±hh:mm`, milliseconds (a finer
 * fraction truncated) and the offset of Europe/Paris at that instant. A local time that happens
 * twice is the first (summer time); one that never happens is written as the instant it names
 * (`02:30` on the March change is `03:30:00.000+02:00`): see fromFrenchLocalDateTime.
 */
export function toGarDateTime(local: LocalDateTime): string {
  const instant = fromFrenchLocalDateTime(local).getTime();
  const offset = frenchUtcOffsetMinutes(new Date(instant));
  const milliseconds = local.slice(20, 23).padEnd(3, '0');
  const sign = offset < 0 ? '-' : '+';
  const hhmm = [Math.floor(Math.abs(offset) / 60), Math.abs(offset) % 60].map((n) => String(n).padStart(2, '0'));
  return `${frenchDateTimeOf(instant)}.${milliseconds}${sign}${hhmm.join(':')}`;
}

/** The French local date-time of an instant, to the second, with the offsets written in GAR's form. */
function frenchDateTimeOf(instantMs: number): string {
  const local = new Date(instantMs + frenchUtcOffsetMinutes(new Date(instantMs)) * 60_000).toISOString();
  // Outside years 0000–9999 toISOString writes a sign and six digits: no local date-time.
  return local.length === 24 ? local.slice(0, 19) : local;
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
