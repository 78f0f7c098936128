import assert from 'node:assert/strict';
import {
  compareLocalDateTimes,
  isLocalDateTime,
  isSchoolYear,
  schoolYearEnd,
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
