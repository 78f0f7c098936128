import assert from 'node:assert/strict';
import fc from 'fast-check';
import { toFrenchLocalDateTime } from '../../../src/subscriptions/index.js';
import { isLocalDateTime } from '../../../src/subscriptions/wire/local-date-time.js';

describe('toFrenchLocalDateTime', () => {
  const cases: readonly (readonly [string, string, string])[] = [
    ['winter time is UTC+1', '2026-01-15T08:30:00Z', '2026-01-15T09:30:00'],
    ['summer time is UTC+2', '2025-06-01T10:00:00Z', '2025-06-01T12:00:00'],
    ['March change: last second of winter time', '2025-03-30T00:59:59.999Z', '2025-03-30T01:59:59'],
    ['March change: 02:00 is skipped, 01:00 UTC is 03:00', '2025-03-30T01:00:00Z', '2025-03-30T03:00:00'],
    ['October change: last second of summer time', '2025-10-26T00:59:59Z', '2025-10-26T02:59:59'],
    [
      'October change: 02:00–03:00 happens twice, 01:00 UTC is the second 02:00',
      '2025-10-26T01:00:00Z',
      '2025-10-26T02:00:00',
    ],
    [
      'midnight is 00, never 24, and the day changes (15 August: end of a school year)',
      '2026-08-14T22:00:00Z',
      '2026-08-15T00:00:00',
    ],
    [
      'one millisecond before midnight stays on the day before (truncated, not rounded)',
      '2026-08-14T21:59:59.999Z',
      '2026-08-14T23:59:59',
    ],
    ['the year changes at Paris midnight', '2025-12-31T23:00:00Z', '2026-01-01T00:00:00'],
    ['leap day', '2028-02-29T12:00:00Z', '2028-02-29T13:00:00'],
  ];
  for (const [name, instant, expected] of cases) {
    it(name, () => assert.equal(toFrenchLocalDateTime(new Date(instant)), expected));
  }

  it('is always a valid local date-time one or two hours ahead of UTC, to the second', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
        (instant) => {
          const local = toFrenchLocalDateTime(instant);
          assert.ok(isLocalDateTime(local), local);
          const ahead = Date.parse(`${local}Z`) - Math.floor(instant.getTime() / 1000) * 1000;
          assert.ok(ahead === 3_600_000 || ahead === 7_200_000, `${instant.toISOString()} → ${local}`);
        },
      ),
      { numRuns: 500 },
    );
  });

  it(
    'equals ICU formatting of Europe/Paris to the second, '
      + 'also in the hours around each change (offset cached per UTC hour)',
    () => {
      const icu = new Intl.DateTimeFormat('sv-SE', {
        timeZone: 'Europe/Paris',
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
      const expected = (d: Date): string => icu.format(d).replace(' ', 'T');
      const changes = [
        '2025-03-30T01:00:00Z',
        '2025-10-26T01:00:00Z',
        '2031-03-30T01:00:00Z',
        '2031-10-26T01:00:00Z',
      ].map(Date.parse);
      const nearChange = fc
        .tuple(fc.constantFrom(...changes), fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }))
        .map(([at, delta]) => new Date(at + delta));
      const anywhere = fc.date({
        min: new Date('1990-01-01T00:00:00Z'),
        max: new Date('2099-12-31T23:59:59Z'),
        noInvalidDate: true,
      });
      fc.assert(
        fc.property(fc.oneof(nearChange, anywhere), (instant) => {
          assert.equal(toFrenchLocalDateTime(instant), expected(instant), instant.toISOString());
        }),
        { numRuns: 2000 },
      );
    },
  );
});
