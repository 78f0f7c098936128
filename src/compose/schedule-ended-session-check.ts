/**
 * Runs the broker's check of ended sessions (notify-ended-sessions.ts) every
 * `cas.endedSessionCheckSeconds` on this node. A run still sending when the next is due makes
 * that one skip: runs never pile up behind a slow service. Nodes of a cluster all run it; the
 * store gives each ticket to one of them.
 */
import type { LoginContext } from '../broker/index.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';

export interface EndedSessionCheck {
  stop(): Promise<void>;
}

/** `check` is the broker's step (CAS tickets and OIDC clients of ended sessions). */
export function scheduleEndedSessionCheck(
  check: (ctx: LoginContext) => Promise<unknown>,
  intervalSeconds: number,
  clock: Clock,
  logger: Logger,
): EndedSessionCheck {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running !== undefined) return;
    running = check({ now: clock.now(), log: logger })
      .then(
        () => undefined,
        (error: unknown) => logger.warn({ event: 'cas.ended_sessions_failed', detail: String(error) }),
      )
      .finally(() => {
        running = undefined;
      });
  }, intervalSeconds * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
