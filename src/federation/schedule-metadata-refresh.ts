/**
 * The server's refresh loop for metadata registered from URLs: every `checkMinutes` it refreshes
 * the partners that are due (`refreshDuePartners`), one pass at a time. The timer is injected so
 * that tests drive the passes with a fixed clock instead of waiting.
 */
import type { Clock } from '../core/clock.js';
import { refreshDuePartners, type RefreshDeps } from './refresh-url-partners.js';

/** Calls `tick` every `ms` until the returned function is called; `tick` settles when its pass ends. */
export type RepeatingTimer = (ms: number, tick: () => Promise<void>) => () => void;

/** Unref'd: a pending check never keeps the process alive. */
export const intervalTimer: RepeatingTimer = (ms, tick) => {
  const timer = setInterval(() => {
    void tick();
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
};

export interface MetadataRefreshSchedule {
  /**
   * Ends the loop: a pass in progress starts no further partner, and is waited for (at most one
   * fetch timeout) so that the store can then be closed.
   */
  stop(): Promise<void>;
}

export function scheduleMetadataRefresh(
  deps: RefreshDeps,
  clock: Clock,
  checkMinutes: number,
  timer: RepeatingTimer = intervalTimer,
): MetadataRefreshSchedule {
  let running: Promise<void> | undefined;
  const stopping = new AbortController();
  const cancel = timer(checkMinutes * 60_000, () => {
    // A pass slower than the interval (a slow partner server) is not doubled by the next tick.
    if (running !== undefined) return running;
    running = refreshDuePartners(deps, clock.now(), stopping.signal)
      .then(({ refreshed, failed }) => {
        if (refreshed + failed > 0) deps.logger.debug({ event: 'saml_partner.refresh_pass', refreshed, failed });
      })
      .catch((error: unknown) =>
        deps.logger.warn({
          event: 'saml_partner.refresh_run_failed',
          detail: error instanceof Error ? error.name : String(error),
        }),
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  });
  return {
    async stop() {
      cancel();
      stopping.abort();
      await running;
    },
  };
}
