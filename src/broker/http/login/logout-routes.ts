/**
 * The logout endpoints: the broker's SingleLogoutService toward ENTs (`/saml/sp/slo`) and toward
 * publishers (`/saml/idp/slo`), both bindings; an OIDC ENT's back-channel and front-channel
 * logout; and the front-channel logout page with its frames (`/logout/run/<id>`…). Each hands what
 * it read to the broker and renders its answer.
 */
import express, { type Request, type Response, type Router } from 'express';
import { finishLogoutRun, logoutRunHop, logoutRunPage } from '../../logout-run.js';
import { receiveEntLogout } from '../../receive-ent-logout.js';
import { receiveOidcBackchannelLogout, receiveOidcFrontChannelLogout } from '../../receive-oidc-ent-logout.js';
import { receivePublisherLogoutRequest, receivePublisherLogoutResponse } from '../../receive-publisher-logout.js';
import type { LoginDeps } from '../../login-deps.js';
import { isBrokerError } from '../../../core/broker-error.js';
import type { Clock } from '../../../core/clock.js';
import { fail } from '../../../core/fail.js';
import type { Logger } from '../../../core/logger.js';
import type { IncomingSamlMessage } from '../../../trust/index.js';
import { answerOutcome, stepContext } from './answer-outcome.js';
import { readBrowserCookies } from './browser-cookies.js';
import { pageLanguage } from './html.js';
import { logoutScript, renderLogoutRunPage } from './logout-pages.js';
import { definedFields } from '../../../core/defined-fields.js';

export interface LogoutRoutesDeps {
  readonly flow: LoginDeps;
  readonly clock: Clock;
  readonly logger: Logger;
}

const cacheForAnHour = 'public, max-age=3600';

export function logoutRoutes(deps: LogoutRoutesDeps, router: Router): void {
  const form = express.urlencoded({ extended: false, limit: '400kb', parameterLimit: 10 });
  const answer = (step: Parameters<typeof answerOutcome>[2]) => answerOutcome(deps.clock, deps.logger, step);
  router.get('/saml/assets/logout.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', cacheForAnHour).send(logoutScript);
  });
  const ent = answer((req, _res, ctx) => {
    const { incoming, message } = incomingOf(req);
    return receiveEntLogout(deps.flow, ctx, incoming, message, readBrowserCookies(req));
  });
  router.get('/saml/sp/slo', ent);
  router.post('/saml/sp/slo', form, ent);
  // A publisher's LogoutResponse ends its logout frame; its own LogoutRequest starts a logout.
  const publisher = answer(async (req, _res, ctx) => {
    const { incoming, message } = incomingOf(req);
    if (message === 'request') return receivePublisherLogoutRequest(deps.flow, ctx, incoming, readBrowserCookies(req));
    await receivePublisherLogoutResponse(deps.flow, ctx, incoming);
    return { kind: 'logout-frame-done', cookies: [] };
  });
  router.get('/saml/idp/slo', publisher);
  router.post('/saml/idp/slo', form, publisher);
  router.post('/ent/oidc/backchannel-logout', form, (req, res) => {
    void backchannel(deps, req, res);
  });
  router.get(
    '/ent/oidc/frontchannel-logout',
    answer(async (req, res, ctx) => {
      const query = { ...single('iss', req.query['iss']), ...single('sid', req.query['sid']) };
      const { outcome, issuer } = await receiveOidcFrontChannelLogout(deps.flow, ctx, query, readBrowserCookies(req));
      // Front-Channel Logout 1.0 §2: the ENT shows this page in a frame of its own page.
      const ent = new URL(issuer).origin;
      res.set('Content-Security-Policy', `default-src 'none'; style-src 'self'; frame-ancestors 'self' ${ent}`);
      res.removeHeader('X-Frame-Options');
      return outcome;
    }),
  );
  router.get(
    '/logout/run/:id/done',
    answer((req, _res, ctx) => {
      return finishLogoutRun(deps.flow, ctx, String(req.params['id']));
    }),
  );
  router.get(
    '/logout/run/:id/:n',
    answer((req, _res, ctx) => {
      return logoutRunHop(deps.flow, ctx, String(req.params['id']), frameNumber(req.params['n']));
    }),
  );
  router.get('/logout/run/:id', async (req, res, next) => {
    try {
      const page = await logoutRunPage(deps.flow, stepContext(deps.clock, deps.logger, res), String(req.params['id']));
      res.set('Cache-Control', 'no-store');
      // Frames start at the broker and are redirected to each publisher's SLO endpoint.
      res.set(
        'Content-Security-Policy',
        "default-src 'none'; script-src 'self'; style-src 'self'; "
          + `frame-src 'self' ${page.origins.join(' ')}; frame-ancestors 'self'; base-uri 'none'`,
      );
      res.type('html').send(renderLogoutRunPage(pageLanguage(req.headers['accept-language'], req.query['lang']), page));
    } catch (error) {
      next(error);
    }
  });
  router.all(['/saml/sp/slo', '/saml/idp/slo'], (_req, _res, next) => {
    next(fail('ERR_LOGOUT_METHOD', 'Méthode non prise en charge à cette adresse.'));
  });
}

/** Back-Channel Logout 1.0 §2.8: 200 on success, 400 with a JSON error otherwise; never cached. */
async function backchannel(deps: LogoutRoutesDeps, req: Request, res: Response): Promise<void> {
  res.set('Cache-Control', 'no-store');
  try {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const token = typeof body['logout_token'] === 'string' ? body['logout_token'] : undefined;
    await receiveOidcBackchannelLogout(deps.flow, stepContext(deps.clock, deps.logger, res), token);
    res.status(200).end();
  } catch (error) {
    const code = isBrokerError(error) ? error.code : 'ERR_HTTP_INTERNAL';
    const status = isBrokerError(error) && error.status < 500 ? 400 : 500;
    deps.logger.warn({ event: 'logout.refused', code, correlationId: res.locals.correlationId });
    res.status(status).json({ error: status === 400 ? 'invalid_request' : 'server_error', error_description: code });
  }
}

function frameNumber(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : -1;
  if (n < 0) throw fail('ERR_LOGOUT_RUN_UNKNOWN', 'Cette déconnexion est terminée ou inconnue.', 'bad frame number');
  return n;
}

function single<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === 'string' ? ({ [key]: value } as Record<K, string>) : {};
}

/** A SAML message at an SLO endpoint, undecoded: Redirect (the query as received) or POST. */
function incomingOf(req: Request): { incoming: IncomingSamlMessage; message: 'request' | 'response' } {
  if (req.method === 'GET') {
    const at = req.originalUrl.indexOf('?');
    const rawQuery = at < 0 ? '' : req.originalUrl.slice(at + 1);
    const message = /(^|&)SAMLResponse=/.test(rawQuery) ? 'response' : 'request';
    return { incoming: { binding: 'HTTP-Redirect', rawQuery }, message };
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  const field = (name: string) => (typeof body[name] === 'string' ? body[name] : undefined);
  const response = field('SAMLResponse');
  const samlMessage = response ?? field('SAMLRequest');
  if (samlMessage === undefined) {
    throw fail('ERR_LOGOUT_METHOD', 'Message SAML absent.', 'POST without SAMLRequest or SAMLResponse');
  }
  const relayState = field('RelayState');
  return {
    incoming: { binding: 'HTTP-POST', samlMessage, ...definedFields({ relayState }) },
    message: response === undefined ? 'request' : 'response',
  };
}
