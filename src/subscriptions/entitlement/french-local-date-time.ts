/**
 * An instant as French legal time (Europe/Paris, daylight saving included), the clock that
 * subscription dates are written in (gar-reference §5: `debutValidite`, `finValidite` carry no
 * time zone; GAR's own answers show +01:00/+02:00). The entitlement decision compares these.
 */
import type { LocalDateTime } from '../subscription-input.js';

// One formatter for the process: building one costs far more than using it.
// h23: midnight is 00, never 24 (hour12: false gives "24" on some ICU versions).
const parisFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  calendar: 'gregory',
  numberingSystem: 'latn',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/**
 * `YYYY-MM-DDThh:mm:ss`, the fraction of a second dropped (truncated, never rounded up).
 * Europe/Paris changes its offset only on whole UTC hours (01:00 UTC, the EU rule), so the
 * offset is asked of ICU once per UTC hour and the rest is arithmetic (measured: formatToParts
 * cost 0.1 ms a call, twice per login).
 */
export function toFrenchLocalDateTime(instant: Date): LocalDateTime {
  const ms = instant.getTime();
  const local = new Date(ms + parisOffsetMs(ms)).toISOString();
  // toISOString writes years past 9999 with a sign and six digits: keep ICU's form for those.
  return local.length === 24 ? local.slice(0, 19) : formatWithIcu(instant);
}

const hourMs = 3_600_000;
const offsets = new Map<number, number>();

function parisOffsetMs(ms: number): number {
  const hour = Math.floor(ms / hourMs);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const start = hour * hourMs;
    offset = Date.parse(`${formatWithIcu(new Date(start))}Z`) - start;
    if (offsets.size >= 64) offsets.delete(offsets.keys().next().value as number);
    offsets.set(hour, offset);
  }
  return offset;
}

function formatWithIcu(instant: Date): LocalDateTime {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of parisFormat.formatToParts(instant)) parts[type] = value;
  const { year = '', month = '', day = '', hour = '', minute = '', second = '' } = parts;
  return `${year.padStart(4, '0')}-${month}-${day}T${hour}:${minute}:${second}`;
}
