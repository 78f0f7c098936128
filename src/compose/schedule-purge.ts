/**
 * Expired login transactions, replay entries, sessions, CAS tickets, OIDC payloads, session
 * participants and logout runs are deleted every ten minutes.
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import {
  createBrokerSessionStore,
  createCasTicketStore,
  createConsoleSessionStore,
  createLoginTransactionStore,
  createLogoutRunStore,
  createOidcPayloadStore,
  createReplayCache,
  createSessionParticipantStore,
  type Store,
} from '../store/index.js';

/**
 * A CAS ticket is normally deleted by the check of ended sessions once its service was told; the
 * purge only takes what is left a day after the session's end (CAS disabled since, or the check
 * far behind), so it never removes a ticket before its back-channel logout had its chance.
 */
const unnotifiedTicketGraceMs = 24 * 3600 * 1000;

export function schedulePurge(store: Store, clock: Clock, logger: Logger): NodeJS.Timeout {
  const ticketStore = createCasTicketStore(store);
  const stores = [
    createLoginTransactionStore(store),
    createReplayCache(store),
    createBrokerSessionStore(store),
    createConsoleSessionStore(store),
    ticketStore,
    createOidcPayloadStore(store),
    createSessionParticipantStore(store),
    createLogoutRunStore(store),
  ];
  const timer = setInterval(() => {
    const now = clock.now();
    const ticketsBefore = new Date(now.getTime() - unnotifiedTicketGraceMs);
    Promise.all(stores.map((s) => s.purgeExpired(s === ticketStore ? ticketsBefore : now)))
      .then(([transactions, replay, sessions, consoleSessions, casTickets, oidcPayloads, participants, logoutRuns]) =>
        logger.debug({
          event: 'login.purged',
          transactions,
          replay,
          sessions,
          consoleSessions,
          casTickets,
          oidcPayloads,
          participants,
          logoutRuns,
        }),
      )
      .catch((error: unknown) => logger.warn({ event: 'login.purge_failed', detail: String(error) }));
  }, 600_000);
  timer.unref();
  return timer;
}
