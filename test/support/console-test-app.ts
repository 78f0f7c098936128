/**
 * The real console router in an express app over a store, for the console's page tests, with one
 * browser's CSRF cookie and the token its forms carry.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { pino } from 'pino';
import type { Clock } from '../../src/core/clock.js';
import { consoleRouter, type ConsolePageModule } from '../../src/console/index.js';
import { createApp } from '../../src/http/index.js';
import {
  createConsoleSessionStore,
  createManagerScopeSource,
  createOperatorAccountStore,
  type Store,
} from '../../src/store/index.js';

export interface ConsoleTestApp {
  readonly app: Express;
  /** The browser's `gar_console_csrf` value. */
  readonly browser: string;
  /** The `_csrf` token of that browser's forms. */
  readonly token: string;
  /** The Cookie header of that browser, with a session cookie value when given. */
  cookie(session?: string): string;
}

export function consoleTestApp(
  store: Store,
  modules: readonly ConsolePageModule[],
  clock: Clock,
  origin: () => string,
  entIds: readonly string[],
): ConsoleTestApp {
  const csrfKey = randomBytes(32);
  const logger = pino({ level: 'silent' });
  const router = consoleRouter({
    sessions: createConsoleSessionStore(store),
    managers: createManagerScopeSource(store),
    operators: createOperatorAccountStore(store),
    listEnts: async () => [...entIds],
    modules,
    session: { csrfKey, idleMinutes: 60 * 24 * 365, maxHours: 24 * 365, origin },
    clock,
    logger,
  });
  const app = createApp({
    logger,
    trustProxy: false,
    readiness: async () => ({ ready: true, checks: {} }),
    mounts: [{ path: '/console', router }],
  });
  const browser = randomBytes(32).toString('base64url');
  const token = createHmac('sha256', csrfKey).update(browser).digest('base64url');
  return {
    app,
    browser,
    token,
    cookie: (session) =>
      [`gar_console_csrf=${browser}`, ...(session === undefined ? [] : [`gar_console=${session}`])].join('; '),
  };
}
