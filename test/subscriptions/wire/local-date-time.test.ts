import assert from 'node:assert/strict';
import fc from 'fast-check';
import { toFrenchLocalDateTime } from '../../../src/subscriptions/index.js';
import {
  compareLocalDateTimes,
  isLocalDateTime,
  isSchoolYear,
  readDateTime,
  schoolYearEnd,
  toGarDateTime,
} from '../../../src/subscriptions/wire/local-date-time.js';
import { parseLicenceCount } from '../../../src/subscriptions/wire/parse-licence-count.js';

describe('local date-times, school years, licence counts', () => {
  it('accepts real date-times only', () => {
    for (const ok of ['2024-02-29T23:59:59', '2000-02-29T00:00:00', '2025-12-31T12:00:00.5', '0001-01-01T00:00:00'])
      assert.ok(isLocalDateTime(ok), ok);
    for (const bad of [
      '2025-02-29T00:00:00',
      '1900-02-29T00:00:00',
      '2025-13-01T00:00:00',
      '2025-00-10T00:00:00',
      '2025-06-31T00:00:00',
      '2025-06-01T24:00:00',
      '2025-06-01T23:60:00',
      '2025-06-01T23:59:60',
      '2025-06-01 00:00:00',
      '2025-06-01T00:00:00Z',
      '2025-06-01T00:00:00+02:00',
      '2025-06-01T00:00',
      '2025-06-01',
      '0000-01-01T00:00:00',
      '2025-06-01T00:00:00.',
      '２０２５-06-01T00:00:00',
    ]) {
      assert.ok(!isLocalDateTime(bad), bad);
    }
  });

  it('orders date-times as instants, fractions included', () => {
    assert.equal(compareLocalDateTimes('2025-09-01T00:00:00', '2025-09-01T00:00:00.000'), 0);
    assert.equal(compareLocalDateTimes('2025-09-01T00:00:00.5', '2025-09-01T00:00:00.49'), 1);
    assert.equal(compareLocalDateTimes('2025-09-01T00:00:00.9', '2025-09-01T00:00:01'), -1);
  });

  it('reads school years of consecutive years, ending 15 August of the second', () => {
    assert.ok(isSchoolYear('2025-2026'));
    for (const bad of ['2025-2025', '2025-2027', '2026-2025', '25-26', '2025/2026', '0000-0001'])
      assert.ok(!isSchoolYear(bad), bad);
    assert.equal(schoolYearEnd('2025-2026'), '2026-08-15T00:00:00');
  });

  it('reads counts: digits up to 2^31 − 1, or ILLIMITE', () => {
    assert.deepEqual(['0', '007', '2147483647', 'ILLIMITE'].map(parseLicenceCount), [0, 7, 2147483647, 'ILLIMITE']);
    for (const bad of ['2147483648', '-1', '+1', '1.0', '1e3', 'illimite', 'beaucoup', '', ' 1'])
      assert.equal(parseLicenceCount(bad), null, bad);
  });
});

describe("GAR's date-time form (list answers) and back", () => {
  const written: readonly (readonly [string, string, string])[] = [
    ['winter: +01:00, milliseconds always written', '2026-01-15T09:30:00', '2026-01-15T09:30:00.000+01:00'],
    ['summer: +02:00', '2025-06-01T12:00:00', '2025-06-01T12:00:00.000+02:00'],
    ['a finer fraction is truncated to the millisecond', '2025-06-01T12:00:00.123999', '2025-06-01T12:00:00.123+02:00'],
    ['a shorter fraction is padded', '2025-06-01T12:00:00.5', '2025-06-01T12:00:00.500+02:00'],
    ['March change: the last second of winter time', '2025-03-30T01:59:59', '2025-03-30T01:59:59.000+01:00'],
    ['March change: 03:00 is summer time', '2025-03-30T03:00:00', '2025-03-30T03:00:00.000+02:00'],
    [
      'March change: 02:30 never happens, and names the instant written 03:30 in summer time',
      '2025-03-30T02:30:00',
      '2025-03-30T03:30:00.000+02:00',
    ],
    ['October change: 01:59:59 is summer time', '2025-10-26T01:59:59', '2025-10-26T01:59:59.000+02:00'],
    [
      'October change: 02:30 happens twice, and names the first, in summer time',
      '2025-10-26T02:30:00',
      '2025-10-26T02:30:00.000+02:00',
    ],
    ['October change: 03:00 is winter time', '2025-10-26T03:00:00', '2025-10-26T03:00:00.000+01:00'],
    ['the end of a school year', '2026-08-15T00:00:00', '2026-08-15T00:00:00.000+02:00'],
    ['a far end some clients use for "forever"', '9999-12-31T23:59:59', '9999-12-31T23:59:59.000+01:00'],
    ['before 1911, Paris mean time (+00:09:21) to the minute', '0001-01-01T00:00:00', '0001-01-01T00:00:00.000+00:09'],
  ];
  for (const [name, local, gar] of written) {
    it(`writes ${name}`, () => assert.equal(toGarDateTime(local), gar));
  }

  const read: readonly (readonly [string, string, string])[] = [
    ["GAR's own answer (django-gar's fixture)", '2021-09-02T16:18:27.000+02:00', '2021-09-02T16:18:27'],
    ['UTC as Z, a fraction kept without its trailing zeros', '2026-01-15T08:30:00.250Z', '2026-01-15T09:30:00.25'],
    ['another offset, the same instant', '2026-07-01T06:00:00-04:00', '2026-07-01T12:00:00'],
    ['March change: 01:00 UTC is 03:00 in Paris', '2025-03-30T01:00:00.000+00:00', '2025-03-30T03:00:00'],
    ['March change: 01:59:59+01:00 stays winter time', '2025-03-30T01:59:59.000+01:00', '2025-03-30T01:59:59'],
    ['October change: the first 02:30', '2025-10-26T02:30:00.000+02:00', '2025-10-26T02:30:00'],
    [
      'October change: the second 02:30, kept as the same local time',
      '2025-10-26T02:30:00.000+01:00',
      '2025-10-26T02:30:00',
    ],
    [
      'a local date-time is kept as sent (today’s requests)',
      '2025-09-01T10:11:12.123000',
      '2025-09-01T10:11:12.123000',
    ],
    ['the widest offset xs:dateTime allows', '2026-01-15T23:00:00+14:00', '2026-01-15T10:00:00'],
  ];
  for (const [name, text, local] of read) {
    it(`reads ${name}`, () => assert.equal(readDateTime(text), local));
  }

  it('refuses what is no date-time of either form', () => {
    for (const bad of [
      '2025-06-01T00:00:00+02',
      '2025-06-01T00:00:00+0200',
      '2025-06-01T00:00:00+2:00',
      '2025-06-01T00:00:00+14:01',
      '2025-06-01T00:00:00+02:60',
      '2025-06-01T00:00:00.000 CEST',
      '2025-06-01T00:00:00.000+02:00Z',
      '2025-06-01T00:00:00.+02:00',
      '2025-02-29T00:00:00.000+01:00',
      '2025-06-01T24:00:00.000+02:00',
      '2025-06-01+02:00',
      // The same instant in Paris falls outside years 0001–9999.
      '0001-01-01T00:00:00.000+14:00',
      '9999-12-31T23:59:59.000-14:00',
    ]) {
      assert.equal(readDateTime(bad), null, bad);
    }
  });

  it(
    'the GAR form of an instant names that instant (the first pass of a repeated hour), '
      + 'and reads back as its French local time',
    () => {
      fc.assert(
        fc.property(
          fc.date({
            min: new Date('1912-01-01T00:00:00Z'),
            max: new Date('2099-12-31T23:59:59Z'),
            noInvalidDate: true,
          }),
          (instant) => {
            const ms = String(instant.getUTCMilliseconds()).padStart(3, '0');
            const local = `${toFrenchLocalDateTime(instant)}.${ms}`;
            const gar = toGarDateTime(local);
            const named = Date.parse(gar);
            // Only a local time the clock showed twice (an offset change backwards) names an earlier instant.
            const same = named === instant.getTime();
            const firstPass =
              named < instant.getTime() && toFrenchLocalDateTime(new Date(named)) === local.slice(0, 19);
            assert.ok(same || firstPass, `${instant.toISOString()} → ${gar}`);
            assert.equal(compareLocalDateTimes(readDateTime(gar) ?? '', local), 0, gar);
            assert.equal(toGarDateTime(readDateTime(gar) ?? ''), gar);
          },
        ),
        { numRuns: 2000 },
      );
    },
  );

  it('a repeated hour (a change backwards) keeps French local time: the second pass is written as the first', () => {
    // 1936: Paris went back from UTC+1 to UTC+0 at 23:00 UTC on 3 October; 23:30 was shown twice.
    assert.equal(
      toGarDateTime(toFrenchLocalDateTime(new Date('1936-10-03T23:30:00Z'))),
      '1936-10-03T23:30:00.000+01:00',
    );
    assert.equal(readDateTime('2025-10-26T02:30:00.000+01:00'), readDateTime('2025-10-26T02:30:00.000+02:00'));
  });
});
