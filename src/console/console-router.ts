/**
 * The console under `/console`: server-rendered pages, French first.
 *
 * | step                                              | refusal                                 |
 * |---------------------------------------------------|-----------------------------------------|
 * | assets (CSS, htmx) and the language switch         |                                         |
 * | cross-site endpoints (the SAML ACS), which verify  | their own (a signature)                 |
 * |   what they receive themselves                    |                                         |
 * | session, CSRF cookie, language                    |                                         |
 * | unsafe method: CSRF token and Origin               | ERR_CONSOLE_CSRF                        |
 * | page modules, each behind its guard               | ERR_CONSOLE_LOGIN_REQUIRED / _FORBIDDEN |
 * | anything else                                     | ERR_HTTP_NOT_FOUND                      |
 * Errors render a French page with the correlation id; an anonymous visitor is sent to the login page.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Clock } from '../core/clock.js';
import { isBrokerError } from '../core/broker-error.js';
import { errorCodes, type ErrorCode } from '../core/error-codes.js';
import { fail } from '../core/fail.js';
import type { Logger } from '../core/logger.js';
import type { ConsoleSessionStore, ManagerScopeSource, OperatorAccountStore } from './ports.js';
import { consoleKit, type ConsoleKit } from './console-kit.js';
import { translate } from './console-messages.js';
import {
  consoleSession,
  endConsoleSession,
  languageCookie,
  requireCsrf,
  startConsoleSession,
  type ConsoleSessionOptions,
} from './console-session.js';
import { checkOperatorLogin } from './operator-login.js';
import { renderConsolePage } from './render-console-page.js';

/**
 * A group of pages: registers its routes (each behind a guard of the kit) on the console router.
 * `crossSite` is for an endpoint another site posts to by design (the SAML ACS, where the ENT's
 * auto-posted form arrives). It is tried before the session, the form parser and the CSRF check:
 * such a POST carries neither the SameSite=Strict cookies nor a token, and its Origin is the
 * ENT's, so the check would refuse every one. An endpoint there must authenticate what it
 * receives itself (a verified signature) and parse its own body; nothing else belongs there.
 */
export type ConsolePageModule = (router: Router, kit: ConsoleKit, crossSite: Router) => void;

export interface ConsoleRouterDeps {
  readonly sessions: ConsoleSessionStore;
  readonly managers: ManagerScopeSource;
  readonly operators: OperatorAccountStore;
  /** ENT projects whose licence managers can log in (an identity provider is registered). */
  readonly listEnts: () => Promise<readonly string[]>;
  readonly modules: readonly ConsolePageModule[];
  readonly session: Omit<ConsoleSessionOptions, 'sessions' | 'managers' | 'clock'>;
  readonly clock: Clock;
  readonly logger: Logger;
}

const require = createRequire(import.meta.url);
const htmx = readFileSync(require.resolve('htmx.org/dist/htmx.min.js'));
const assets: Readonly<Record<string, { readonly type: string; readonly body: Buffer }>> = {
  'console.css': {
    type: 'text/css; charset=utf-8',
    body: readFileSync(new URL('./assets/console.css', import.meta.url)),
  },
  'console.js': {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(new URL('./assets/console.js', import.meta.url)),
  },
  'htmx.min.js': { type: 'text/javascript; charset=utf-8', body: htmx },
};

export function consoleRouter(deps: ConsoleRouterDeps): Router {
  const router = Router();
  const sessionOptions: ConsoleSessionOptions = {
    ...deps.session,
    sessions: deps.sessions,
    managers: deps.managers,
    clock: deps.clock,
  };
  const kit = consoleKit(deps.clock);
  router.get('/assets/:name', (req, res, next) => {
    const asset = assets[req.params.name];
    if (asset === undefined) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type(asset.type).send(asset.body);
  });
  router.get('/langue/:lang', (req, res) => {
    const lang = req.params.lang === 'en' ? 'en' : 'fr';
    res.append('Set-Cookie', languageCookie(res, lang));
    const back = req.get('referer');
    res.redirect(303, back !== undefined && sameConsole(back, deps.session.origin()) ? back : '/console/');
  });
  // helmet's `no-referrer` makes browsers send `Origin: null` on form posts; same-origin keeps the
  // referrer from leaving the console and lets the Origin check below see the console's own origin.
  router.use((_req, res, next) => {
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });
  // Filled by the modules below (routes are looked up at request time), tried before the CSRF check.
  const crossSite = Router();
  router.use(crossSite);
  router.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 200 }));
  router.use(consoleSession(sessionOptions));
  router.use(requireCsrf(deps.session));
  router.get('/', (_req, res) => {
    const principal = res.locals.console?.principal;
    if (principal === undefined) {
      res.redirect(303, '/console/connexion');
      return;
    }
    if (principal.kind === 'operator') {
      res.redirect(303, '/console/operateur/');
      return;
    }
    renderConsolePage(res, 'manager-home', pageTitle(res, 'home.title'));
  });
  router.get('/connexion', async (_req, res) => {
    renderConsolePage(res, 'login', pageTitle(res, 'login.title'), { ents: await deps.listEnts() });
  });
  router.post('/connexion', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const field = (name: string, max: number): string =>
      typeof body[name] === 'string' ? (body[name] as string).slice(0, max) : '';
    try {
      const login = await checkOperatorLogin(
        deps.operators,
        { login: field('login', 64), password: field('password', 256), totp: field('totp', 6) },
        deps.clock,
        deps.logger,
      );
      await startConsoleSession(res, { kind: 'operator', login }, sessionOptions);
      res.redirect(303, '/console/operateur/');
    } catch (error) {
      if (
        !isBrokerError(error)
        || (error.code !== 'ERR_CONSOLE_LOGIN_FAILED' && error.code !== 'ERR_CONSOLE_ACCOUNT_LOCKED')
      )
        throw error;
      const failure = error.code === 'ERR_CONSOLE_ACCOUNT_LOCKED' ? 'login.locked' : 'login.failed';
      renderConsolePage(
        res,
        'login',
        pageTitle(res, 'login.title'),
        { ents: await deps.listEnts(), failure },
        error.status,
      );
    }
  });
  router.post('/deconnexion', async (_req, res) => {
    await endConsoleSession(res, deps.sessions);
    res.redirect(303, '/console/connexion');
  });
  for (const register of deps.modules) register(router, kit, crossSite);
  router.use(() => {
    throw fail('ERR_HTTP_NOT_FOUND', 'Cette page n’existe pas.');
  });
  router.use(consoleErrorHandler(deps.logger));
  return router;
}

function pageTitle(res: Response, key: string): string {
  return translate(res.locals.console?.lang ?? 'fr', key);
}

function sameConsole(url: string, origin: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.origin === origin && parsed.pathname.startsWith('/console/');
  } catch {
    return false;
  }
}

function consoleErrorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const known = isBrokerError(error) ? error : undefined;
    const status = known?.status ?? clientFault(error) ?? 500;
    const code = known?.code ?? (status < 500 ? 'ERR_HTTP_BAD_REQUEST' : 'ERR_HTTP_INTERNAL');
    const correlationId = res.locals.correlationId;
    logger[status >= 500 ? 'error' : 'info']({
      event: 'console.error',
      correlationId,
      code,
      status,
      detail: status >= 500 ? (error instanceof Error ? error.stack : String(error)) : undefined,
    });
    // A page that needs a login sends an anonymous visitor to the login page (GET only: a form post is not replayed).
    if (code === 'ERR_CONSOLE_LOGIN_REQUIRED' && req.method === 'GET' && req.headers['hx-request'] === undefined) {
      res.redirect(303, '/console/connexion');
      return;
    }
    const english = res.locals.console?.lang === 'en';
    const message =
      status >= 500
        ? english
          ? 'The console failed. Please try again in a moment.'
          : 'La console a rencontré une erreur. Réessayez dans quelques instants.'
        : english
          ? (errorCodes[code as ErrorCode]?.description ?? 'The request cannot be read.')
          : (known?.message ?? 'Requête illisible.');
    renderConsolePage(
      res,
      'error',
      english ? 'Error' : 'Erreur',
      { heading: english ? 'Error' : 'Erreur', message, code, correlationId },
      status,
    );
  };
}

function clientFault(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
