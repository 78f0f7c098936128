/**
 * The CAS 3 server toward publishers, mounted at `/cas`:
 * `GET /cas/login`, `GET /cas/p3/serviceValidate` (and the CAS 2 path `/cas/serviceValidate`,
 * same answer), `GET /cas/logout`. The browser endpoints end on a French page when they fail
 * (never a redirect to an unregistered service); the validation endpoint always answers in the
 * CAS wire format (XML, or JSON with `format=JSON`), never a page, even for an internal failure.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { casLogin, casLogout, validateCasTicket } from '../../login-flow.js';
import type { LoginDeps } from '../../login-deps.js';
import type { LoginOutcome } from '../../login-outcome.js';
import type { Clock } from '../../../core/clock.js';
import { definedFields } from '../../../core/defined-fields.js';
import { fail } from '../../../core/fail.js';
import type { Logger } from '../../../core/logger.js';
import { renderCasServiceResponse, type CasResponseFormat, type CasValidation } from '../../../federation/index.js';
import { readBrowserCookies, writeCookies } from '../login/browser-cookies.js';
import { pageLanguage } from '../login/html.js';
import { handleLoginError } from '../login/login-error-page.js';
import { renderDiscoveryPage } from '../login/login-pages.js';
import { renderLoginOutcome } from '../login/render-outcome.js';

export interface CasRoutesDeps {
  readonly flow: LoginDeps;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function casRoutes(deps: CasRoutesDeps): Router {
  const router = express.Router();
  router.get('/login', loginHandler(deps));
  router.get(['/p3/serviceValidate', '/serviceValidate'], validateHandler(deps));
  router.get('/logout', logoutHandler(deps));
  router.all(['/login', '/p3/serviceValidate', '/serviceValidate', '/logout'], (_req, _res, next) => {
    next(fail('ERR_LOGIN_METHOD', 'Méthode non prise en charge à cette adresse.'));
  });
  router.use(handleLoginError(deps.logger));
  return router;
}

type Handler = (req: Request, res: Response, next: NextFunction) => Promise<void>;

const contextOf = (deps: CasRoutesDeps, res: Response) => ({
  now: deps.clock.now(),
  log: deps.logger.child({ correlationId: res.locals.correlationId }),
});

function loginHandler(deps: CasRoutesDeps): Handler {
  return async (req, res, next) => {
    try {
      const service = single(req.query.service);
      const outcome = await casLogin(
        deps.flow,
        contextOf(deps, res),
        {
          renew: flag(req.query.renew),
          gateway: flag(req.query.gateway),
          ...definedFields({ service, entHint: single(req.query.idENT) }),
        },
        readBrowserCookies(req),
      );
      render(req, res, outcome, service ?? '');
    } catch (error) {
      next(error);
    }
  };
}

function validateHandler(deps: CasRoutesDeps): Handler {
  return async (req, res) => {
    const format: CasResponseFormat = single(req.query.format)?.toUpperCase() === 'JSON' ? 'json' : 'xml';
    const ctx = contextOf(deps, res);
    let validation: CasValidation;
    try {
      validation = await validateCasTicket(deps.flow, ctx, {
        ...definedFields({ service: single(req.query.service), ticket: single(req.query.ticket) }),
        renew: flag(req.query.renew),
      });
    } catch (error) {
      // §2.5.3 INTERNAL_ERROR: the service's back end reads CAS, so even this failure is CAS.
      ctx.log.error({ event: 'cas.validation_failed', detail: error instanceof Error ? error.stack : String(error) });
      validation = { kind: 'failure', code: 'INTERNAL_ERROR', description: 'Erreur interne du service de connexion.' };
    }
    const response = renderCasServiceResponse(validation, format);
    res.status(200).set('Cache-Control', 'no-store').type(response.contentType).send(response.body);
  };
}

function logoutHandler(deps: CasRoutesDeps): Handler {
  return async (req, res, next) => {
    try {
      const ctx = contextOf(deps, res);
      const outcome = await casLogout(deps.flow, ctx, single(req.query.service), readBrowserCookies(req));
      renderLoginOutcome(req, res, outcome);
    } catch (error) {
      next(error);
    }
  };
}

function render(req: Request, res: Response, outcome: LoginOutcome, service: string): void {
  writeCookies(res, outcome.cookies);
  res.set('Cache-Control', 'no-store');
  if (outcome.kind === 'redirect') {
    res.redirect(302, outcome.location);
    return;
  }
  if (outcome.kind === 'discovery') {
    // Each choice comes back here with the same (already checked) service and the ENT chosen.
    const choices = outcome.ents.map((entId) => ({
      entId,
      href: `/cas/login?service=${encodeURIComponent(service)}&idENT=${encodeURIComponent(entId)}`,
    }));
    res.type('html').send(renderDiscoveryPage(pageLanguage(req.headers['accept-language'], req.query.lang), choices));
    return;
  }
  throw new Error('a CAS login never answers with a form post');
}

/** A parameter given once; a repeated one (`?service=a&service=b`) is as good as none. */
function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** §2.1.1: `renew` and `gateway` are set by any value except `false` (and an absent parameter). */
function flag(value: unknown): boolean {
  return typeof value === 'string' && value.toLowerCase() !== 'false';
}
