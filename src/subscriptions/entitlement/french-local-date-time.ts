/**
 * An instant as French legal time (Europe/Paris, daylight saving included), the clock that
 * subscription dates are written in (gar-reference §5: `debutValidite`, `finValidite` carry no
 * time zone; GAR's own answers show +01:00/+02:00). The entitlement decision compares these; the
 * subscription web service writes and reads GAR's `…000+02:00` form through the two conversions
 * with an offset below (wire/local-date-time.ts).
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
 * offset is asked of ICU once per UTC day (per hour on a day it changes) and the rest is
 * arithmetic (measured: formatToParts cost 0.1 ms a call, twice per login).
 */
export function toFrenchLocalDateTime(instant: Date): LocalDateTime {
  const ms = instant.getTime();
  const local = new Date(ms + parisOffsetMs(ms)).toISOString();
  // toISOString writes years past 9999 with a sign and six digits: keep ICU's form for those.
  return local.length === 24 ? local.slice(0, 19) : formatWithIcu(instant);
}

/**
 * How far French legal time is ahead of UTC at this instant, in whole minutes (60 in winter, 120
 * in summer), as an offset `±hh:mm` writes it. Before 1911 Paris kept its mean time, +00:09:21:
 * that is 9 here.
 */
export function frenchUtcOffsetMinutes(instant: Date): number {
  return offsetMinutes(instant.getTime());
}

/**
 * The instant a French local date-time names, to the second (a fraction of a second is the
 * caller's), with the offsets of frenchUtcOffsetMinutes. A local time that happens twice (the
 * last Sunday of October, 02:00–02:59) names the first one, in summer time; one that never
 * happens (the last Sunday of March, 02:00–02:59) is read with the winter offset, so 02:30 names
 * the instant written 03:30 in summer time (as java.time and Temporal's "compatible" do).
 */
export function fromFrenchLocalDateTime(local: LocalDateTime): Date {
  const asUtc = Date.parse(`${local.slice(0, 19)}Z`);
  // The offsets in force a day before and a day after: a change of offset in between is the only
  // way a local time can happen twice or never (Paris never changed its offset twice in two days).
  const around = [...new Set([offsetMinutes(asUtc - dayMs), offsetMinutes(asUtc + dayMs)])];
  const matching = around
    .map((minutes) => asUtc - minutes * minuteMs)
    .filter((ms) => asUtc - ms === offsetMinutes(ms) * minuteMs);
  return new Date(matching.length > 0 ? Math.min(...matching) : asUtc - (around[0] as number) * minuteMs);
}

const minuteMs = 60_000;
const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** UTC day → its offset, or null on a day the offset changes (then asked per hour). */
const dayOffsets = new Map<number, number | null>();
const offsets = new Map<number, number>();
// A list answer converts two dates per subscription, up to a thousand subscriptions a page, each
// date looking a day around it: days for ten years of dates, a few tens of kilobytes.
const cachedEntries = 4096;

function offsetMinutes(ms: number): number {
  return Math.round(parisOffsetMs(ms) / minuteMs);
}

// ICU is asked only about years it writes as four digits of the common era. Paris kept its mean
// time from before 1800 until 1891, and the Gregorian calendar repeats itself, weekdays included,
// every 400 years: an instant outside borrows the offset of one inside.
const meanTimeUntil = Date.UTC(1800, 0, 1);
const farFuture = Date.UTC(9000, 0, 1);
const gregorianCycleMs = 146_097 * dayMs;

function parisOffsetMs(instantMs: number): number {
  let ms = Math.max(instantMs, meanTimeUntil);
  while (ms >= farFuture) ms -= gregorianCycleMs;
  // A day that starts and ends with one offset keeps it throughout: Paris never changed its
  // offset twice in a day.
  const day = Math.floor(ms / dayMs);
  let whole = dayOffsets.get(day);
  if (whole === undefined) {
    const start = hourOffsetMs(day * dayMs);
    whole = start === hourOffsetMs((day + 1) * dayMs) ? start : null;
    remember(dayOffsets, day, whole);
  }
  return whole ?? hourOffsetMs(ms);
}

function hourOffsetMs(ms: number): number {
  const hour = Math.floor(ms / hourMs);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const start = hour * hourMs;
    offset = Date.parse(`${formatWithIcu(new Date(start))}Z`) - start;
    remember(offsets, hour, offset);
  }
  return offset;
}

function remember<T>(cache: Map<number, T>, key: number, value: T): void {
  if (cache.size >= cachedEntries) cache.delete(cache.keys().next().value as number);
  cache.set(key, value);
}

function formatWithIcu(instant: Date): LocalDateTime {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of parisFormat.formatToParts(instant)) parts[type] = value;
  const { year = '', month = '', day = '', hour = '', minute = '', second = '' } = parts;
  return `${year.padStart(4, '0')}-${month}-${day}T${hour}:${minute}:${second}`;
}
