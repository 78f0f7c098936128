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

/** `YYYY-MM-DDThh:mm:ss`, the fraction of a second dropped (truncated, never rounded up). */
export function toFrenchLocalDateTime(instant: Date): LocalDateTime {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of parisFormat.formatToParts(instant)) parts[type] = value;
  const { year = '', month = '', day = '', hour = '', minute = '', second = '' } = parts;
  return `${year.padStart(4, '0')}-${month}-${day}T${hour}:${minute}:${second}`;
}
