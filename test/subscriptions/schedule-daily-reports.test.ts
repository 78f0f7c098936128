import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { pino } from 'pino';
import { fixedClock } from '../../src/core/clock.js';
import { scheduleDailyReports, type AssignmentReportStore } from '../../src/subscriptions/index.js';

function fakeStore(last: Date | undefined): AssignmentReportStore & { saved: string[] } {
  const saved: string[] = [];
  return {
    saved,
    listReportingDistributors: async () => ['832020065_0000000000000000'],
    collectReportInput: async (distributorId, generatedAt) => ({ distributorId, generatedAt, resources: [] }),
    saveReport: async (_id, report) => {
      saved.push(report.name);
    },
    listReports: async () => [],
    takeReport: async () => undefined,
    lastReportAt: async () => last,
  };
}

async function runOnce(now: string, last: string | undefined): Promise<string[]> {
  const store = fakeStore(last === undefined ? undefined : new Date(last));
  const schedule = scheduleDailyReports(store, fixedClock(new Date(now)), pino({ level: 'silent' }));
  for (let i = 0; i < 20; i++) await tick();
  schedule.stop();
  return store.saved;
}

describe('daily assignment reports', () => {
  // Paris is UTC+1 in winter: 03:00 Paris = 02:00Z.
  it('waits until 03:00 French time', async () => {
    assert.deepEqual(await runOnce('2026-11-28T01:59:00Z', '2026-11-26T02:00:00Z'), []);
  });

  it("makes the day's reports once past 03:00 when the last ones are from an earlier day", async () => {
    const made = await runOnce('2026-11-28T02:10:00Z', '2026-11-27T02:00:00Z');
    assert.deepEqual(made, ['GAR-Affectations_832020065_0000000000000000_20261128-031000.zip']);
    assert.equal((await runOnce('2026-11-28T02:10:00Z', undefined)).length, 1, 'the very first day too');
  });

  it('does not make them twice in one French day', async () => {
    assert.deepEqual(await runOnce('2026-11-28T22:30:00Z', '2026-11-28T02:10:00Z'), []);
    assert.equal(
      (await runOnce('2026-11-28T23:30:00Z', '2026-11-28T02:10:00Z')).length,
      0,
      '00:30 Paris the next day is before 03:00',
    );
  });
});
