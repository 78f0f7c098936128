/**
 * Once a day (after 03:00, French legal time) the server makes every distributor's assignment
 * report, as GAR does (gar-reference §5). Checked hourly, so a server down at 03:00 catches up
 * when it comes back; a day that already has reports is not made twice.
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { toFrenchLocalDateTime } from './entitlement/french-local-date-time.js';
import { generateAssignmentReports } from './generate-assignment-reports.js';
import type { AssignmentReportStore } from './ports.js';

const hourMs = 3_600_000;

export function scheduleDailyReports(store: AssignmentReportStore, clock: Clock, logger: Logger): { stop(): void } {
  const tick = async (): Promise<void> => {
    const now = clock.now();
    const local = toFrenchLocalDateTime(now);
    const last = await store.lastReportAt();
    if (
      Number(local.slice(11, 13)) < 3
      || (last !== undefined && toFrenchLocalDateTime(last).slice(0, 10) === local.slice(0, 10))
    )
      return;
    const made = await generateAssignmentReports(store, now);
    if (made.length > 0) logger.info({ event: 'report.generated', reports: made.length });
  };
  const run = (): void => {
    tick().catch((error: unknown) => logger.error({ event: 'report.generation_failed', detail: String(error) }));
  };
  const timer = setInterval(run, hourMs);
  timer.unref();
  run();
  return { stop: () => clearInterval(timer) };
}
