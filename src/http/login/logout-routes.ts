/**
 * The logout endpoints: the broker's SingleLogoutService toward ENTs (`/saml/sp/slo`) and toward
 * publishers (`/saml/idp/slo`), both bindings; and the front-channel logout page with its frames
 * (`/logout/run/<id>`…). Each hands what it read to the broker and renders the LoginOutcome.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import {
  finishLogoutRun, logoutRunHop, logoutRunPage, receiveEntLogout, receiveOidcBackchannelLogout, receiveOidcFrontChannelLogout,
  receivePublisherLogout, type LoginDeps, type LoginOutcome,
} from '../../broker/index.js';
import type { Clock } from '../../core/clock.js';
import { isBrokerError } from '../../core/broker-error.js';
import { fail } from '../../core/fail.js';
import type { Logger } from '../../core/logger.js';
import type { IncomingSamlMessage } from '../../trust/index.js';
import { readBrowserCookies } from './browser-cookies.js';
import { pageLanguage } from './html.js';
import { logoutScript, renderLogoutFrameDone, renderLogoutRunPage } from './logout-pages.js';
import { renderLoginOutcome } from './render-outcome.js';

export interface LogoutRoutesDeps {
  readonly flow: LoginDeps;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function logoutRoutes(deps: LogoutRoutesDeps, router: Router): void {
  const form = express.urlencoded({ extended: false, limit: '400kb', parameterLimit: 10 });
  const context = (res: Response) => ({ now: deps.clock.now(), log: deps.logger.child({ correlationId: res.locals.correlationId }) });
  const run = (work: (req: Request, res: Response) => Promise<LoginOutcome>) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      renderLoginOutcome(req, res, await work(req, res));
    } catch (error) {
      next(error);
    }
  };
  router.get('/saml/assets/logout.js', (_req, res) => { res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').send(logoutScript); });
  const ent = run((req, res) => {
    const { incoming, message } = incomingOf(req);
    return receiveEntLogout(deps.flow, context(res), incoming, message, readBrowserCookies(req));
  });
  router.get('/saml/sp/slo', ent);
  router.post('/saml/sp/slo', form, ent);
  const publisher = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const { incoming, message } = incomingOf(req);
      await receivePublisherLogout(deps.flow, context(res), incoming, message);
      frameDone(res);
    } catch (error) {
      next(error);
    }
  };
  router.get('/saml/idp/slo', publisher);
  router.post('/saml/idp/slo', form, publisher);
  router.get('/logout/frame-done', (_req, res) => { frameDone(res); });
  // Back-Channel Logout 1.0 §2.8: 200 on success, 400 with a JSON error otherwise; never cached.
  router.post('/ent/oidc/backchannel-logout', form, async (req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      const body = (req.body ?? {}) as Record<string, unknown>;
      await receiveOidcBackchannelLogout(deps.flow, context(res), typeof body['logout_token'] === 'string' ? body['logout_token'] : undefined);
      res.status(200).end();
    } catch (error) {
      const code = isBrokerError(error) ? error.code : 'ERR_HTTP_INTERNAL';
      const status = isBrokerError(error) && error.status < 500 ? 400 : 500;
      deps.logger.warn({ event: 'logout.refused', code, correlationId: res.locals.correlationId });
      res.status(status).json({ error: status === 400 ? 'invalid_request' : 'server_error', error_description: code });
    }
  });
  router.get('/ent/oidc/frontchannel-logout', run((req, res) => receiveOidcFrontChannelLogout(deps.flow, context(res), {
    ...(typeof req.query['iss'] === 'string' ? { iss: req.query['iss'] } : {}), ...(typeof req.query['sid'] === 'string' ? { sid: req.query['sid'] } : {}),
  }, readBrowserCookies(req))));
  router.get('/logout/run/:id/done', run((req, res) => finishLogoutRun(deps.flow, context(res), String(req.params['id']))));
  router.get('/logout/run/:id/:n', run((req, res) => logoutRunHop(deps.flow, context(res), String(req.params['id']), frameNumber(req.params['n']))));
  router.get('/logout/run/:id', async (req, res, next) => {
    try {
      const page = await logoutRunPage(deps.flow, context(res), String(req.params['id']));
      res.set('Cache-Control', 'no-store');
      // Frames start at the broker and are redirected to each publisher's SLO endpoint.
      res.set('Content-Security-Policy', `default-src 'none'; script-src 'self'; style-src 'self'; frame-src 'self' ${page.origins.join(' ')}; frame-ancestors 'self'; base-uri 'none'`);
      res.type('html').send(renderLogoutRunPage(pageLanguage(req.headers['accept-language'], req.query['lang']), page));
    } catch (error) {
      next(error);
    }
  });
  router.all(['/saml/sp/slo', '/saml/idp/slo'], (_req, _res, next) => { next(fail('ERR_LOGOUT_METHOD', 'Méthode non prise en charge à cette adresse.')); });
}

/** The broker's own page inside the logout frames: this origin may frame it. */
function frameDone(res: Response): void {
  res.set('Cache-Control', 'no-store');
  res.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'self'; base-uri 'none'");
  res.removeHeader('X-Frame-Options');
  res.type('html').send(renderLogoutFrameDone());
}

function frameNumber(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : -1;
  if (n < 0) throw fail('ERR_LOGOUT_RUN_UNKNOWN', 'Cette déconnexion est terminée ou inconnue.', 'bad frame number');
  return n;
}

/** A SAML message at an SLO endpoint, undecoded: Redirect (the query as received) or POST. */
function incomingOf(req: Request): { incoming: IncomingSamlMessage; message: 'request' | 'response' } {
  if (req.method === 'GET') {
    const at = req.originalUrl.indexOf('?');
    const rawQuery = at < 0 ? '' : req.originalUrl.slice(at + 1);
    return { incoming: { binding: 'HTTP-Redirect', rawQuery }, message: /(^|&)SAMLResponse=/.test(rawQuery) ? 'response' : 'request' };
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  const field = (name: string) => (typeof body[name] === 'string' ? body[name] : undefined);
  const response = field('SAMLResponse');
  const samlMessage = response ?? field('SAMLRequest');
  if (samlMessage === undefined) throw fail('ERR_LOGOUT_METHOD', 'Message SAML absent.', 'POST without SAMLRequest or SAMLResponse');
  const relayState = field('RelayState');
  return {
    incoming: { binding: 'HTTP-POST', samlMessage, ...(relayState === undefined ? {} : { relayState }) },
    message: response === undefined ? 'request' : 'response',
  };
}
