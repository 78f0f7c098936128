/**
 * Composition of the console (issue 6): its stores, the page modules, the router. Part of the
 * composition root.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { BrokerConfig } from './config/index.js';
import type { Clock } from './core/clock.js';
import type { Logger } from './core/logger.js';
import { consoleRouter, type ConsolePageModule } from './http/index.js';
import { createConsoleSessionStore, createManagerScopeSource, createOperatorAccountStore, createSamlPartnerStore, type Store } from './store/index.js';
import type { BaseUrl } from './compose-login.js';

export function composeConsole(config: BrokerConfig, store: Store, baseUrl: BaseUrl, modules: readonly ConsolePageModule[], logger: Logger, clock: Clock) {
  const partners = createSamlPartnerStore(store);
  const router = consoleRouter({
    sessions: createConsoleSessionStore(store),
    managers: createManagerScopeSource(store),
    operators: createOperatorAccountStore(store),
    listEnts: async () => (await partners.list('idp')).map((p) => p.entId).filter((id): id is string => id !== undefined).sort(),
    modules,
    session: {
      csrfKey: csrfKey(config), idleMinutes: config.console.sessionIdleMinutes, maxHours: config.console.sessionMaxHours,
      origin: () => new URL(baseUrl.value).origin,
    },
    clock, logger,
  });
  return { path: '/console', router };
}

/**
 * Keyed from the broker's secret (purpose-separated), so that every node of a cluster accepts the
 * forms another rendered; without the secret, a per-process key (a restart asks to reload forms).
 */
function csrfKey(config: BrokerConfig): Buffer {
  const secret = config.pseudonyms.secret;
  return secret === undefined ? randomBytes(32) : createHmac('sha256', Buffer.from(secret, 'hex')).update('gar-broker console csrf').digest();
}
