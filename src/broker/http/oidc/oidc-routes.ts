/**
 * The OpenID Provider of publishers under `/oidc` (gar-reference §4): oidc-provider serves the
 * protocol endpoints (discovery, authorization, token, userinfo, JWKS, logout, whose confirmation
 * also ends the broker session: end-broker-session-on-oidc-logout.ts); the broker owns
 * the one page between authorization and code, `GET /oidc/interaction/:uid`, which hands the
 * waiting request to the broker's flow and renders its outcome. Failures of that page end on the
 * same French pages as SAML logins; oidc-provider's own errors on its French error page.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Provider } from 'oidc-provider';
import { answerOidcInteraction } from '../../answer-oidc-interaction.js';
import type { LoginDeps } from '../../login-deps.js';
import type { OidcInteractionOutcome } from '../../login-outcome.js';
import type { Clock } from '../../../core/clock.js';
import { fail } from '../../../core/fail.js';
import type { Logger } from '../../../core/logger.js';
import {
  finishOidcInteraction,
  markOidcLoginRequested,
  readOidcInteraction,
  type OidcClientStore,
  type OidcPayloadStore,
  type OidcProviderSource,
} from '../../../federation/index.js';
import { readBrowserCookies, writeCookies } from '../login/browser-cookies.js';
import { endBrokerSessionOnOidcLogout } from './end-broker-session-on-oidc-logout.js';
import { pageLanguage } from '../login/html.js';
import { handleLoginError } from '../login/login-error-page.js';
import { renderDiscoveryPage } from '../login/login-pages.js';
import { definedFields } from '../../../core/defined-fields.js';

export interface OidcRoutesDeps {
  readonly flow: LoginDeps;
  readonly provider: OidcProviderSource;
  readonly clients: OidcClientStore;
  readonly payloads: OidcPayloadStore;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function oidcRoutes(deps: OidcRoutesDeps): Router {
  const router = express.Router();
  const handlers = new WeakMap<Provider, ReturnType<Provider['callback']>>();
  router.get('/oidc/interaction/:uid', (req, res, next) => {
    interaction(deps, req, res).catch(next);
  });
  router.use('/oidc', (req, res) => {
    const provider = deps.provider(deps.clock.now());
    let handler = handlers.get(provider);
    if (handler === undefined) {
      // Before callback(): Koa composes the middleware list there.
      endBrokerSessionOnOidcLogout(provider, deps);
      handler = provider.callback();
      handlers.set(provider, handler);
    }
    void handler(req, res);
  });
  router.use(handleLoginError(deps.logger));
  return router;
}

async function interaction(deps: OidcRoutesDeps, req: Request, res: Response): Promise<void> {
  const now = deps.clock.now();
  const ctx = { now, log: deps.logger.child({ correlationId: res.locals.correlationId }) };
  const provider = deps.provider(now);
  const uid = String(req.params['uid']);
  const waiting = await readOidcInteraction(provider, { req, res }, uid, now);
  const client = await deps.clients.find(waiting.clientId);
  if (client === undefined)
    throw fail(
      'ERR_OIDC_CLIENT_UNKNOWN',
      "Ce service n'est pas (ou plus) raccordé.",
      'client removed while its authorization waited',
    );
  const entHint = typeof req.query['idENT'] === 'string' ? req.query['idENT'] : undefined;
  const outcome = await answerOidcInteraction(
    deps.flow,
    ctx,
    {
      uid,
      clientId: client.clientId,
      distributorId: client.distributorId,
      ...definedFields({ idRessource: waiting.idRessource, entHint, loginNotBefore: waiting.loginNotBefore }),
    },
    readBrowserCookies(req),
  );
  // Off to the ENT (or its choice) for the fresh login prompt=login/max_age asked: the login
  // made from now on is the one that satisfies it when the browser comes back here.
  if (waiting.loginNotBefore !== undefined && outcome.kind !== 'oidc-finish')
    await markOidcLoginRequested(provider, { req, res }, now);
  await render(deps, provider, req, res, outcome);
}

async function render(
  deps: OidcRoutesDeps,
  provider: Provider,
  req: Request,
  res: Response,
  outcome: OidcInteractionOutcome,
): Promise<void> {
  writeCookies(res, outcome.cookies);
  res.set('Cache-Control', 'no-store');
  switch (outcome.kind) {
    case 'redirect':
      res.redirect(302, outcome.location);
      return;
    case 'discovery': {
      const choices = outcome.ents.map((entId) => ({
        entId,
        href: `/oidc/interaction/${encodeURIComponent(String(req.params['uid']))}?idENT=${encodeURIComponent(entId)}`,
      }));
      res
        .type('html')
        .send(renderDiscoveryPage(pageLanguage(req.headers['accept-language'], req.query['lang']), choices));
      return;
    }
    case 'oidc-finish':
      await finishOidcInteraction(provider, { req, res }, deps.payloads, outcome);
      return;
    default:
      // The OIDC step never answers with a SAML form.
      throw new Error(`unexpected outcome ${outcome.kind}`);
  }
}
