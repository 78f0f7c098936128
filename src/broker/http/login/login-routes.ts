/**
 * The login endpoints, at the exact paths partners and tools rely on:
 * `GET /saml/sp/metadata`, `POST /saml/sp/acs`, `GET /saml/idp/metadata`, `GET|POST /saml/idp/sso`,
 * `GET /domaineGar`, and `GET /ent/oidc/callback` for ENTs that are OpenID Providers. Each hands
 * what it read to the broker's flow and renders the LoginOutcome; every failure ends on a French
 * page with a correlation id (never a protocol message to an address that metadata did not vouch
 * for).
 */
import express, { type Request, type Response, type Router } from 'express';
import { finishEntLogin, finishOidcEntLogin, handlePublisherRequest, openFromMediacentre } from '../../login-flow.js';
import type { LoginDeps } from '../../login-deps.js';
import type { LoginOutcome } from '../../login-outcome.js';
import type { Clock } from '../../../core/clock.js';
import { fail } from '../../../core/fail.js';
import type { Logger } from '../../../core/logger.js';
import type { IncomingAuthnRequest } from '../../../trust/index.js';
import { readBrowserCookies } from './browser-cookies.js';
import { loginCss } from './html.js';
import { handleLoginError } from './login-error-page.js';
import { logoutRoutes } from './logout-routes.js';
import { renderLoginOutcome } from './render-outcome.js';
import { answerOutcome, stepContext } from './answer-outcome.js';
import { autoPostScript, type DiscoveryChoice } from './login-pages.js';
import { definedFields } from '../../../core/defined-fields.js';

export interface LoginRoutesDeps {
  readonly flow: LoginDeps;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The broker's metadata documents, rendered for `now` (published keys change on rotation). */
  readonly metadata: { readonly sp: (now: Date) => string; readonly idp: (now: Date) => string };
  /** The broker's redirect URI at OIDC ENTs (`<publicUrl>/ent/oidc/callback`), known once listening. */
  readonly oidcRedirectUri: () => string;
}

/** base64 of a 256 KiB message, with room for RelayState and the field names. */
const bodyLimit = '400kb';

export function loginRoutes(deps: LoginRoutesDeps): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: bodyLimit, parameterLimit: 10 });
  const context = (res: Response) => stepContext(deps.clock, deps.logger, res);
  const run = (work: (req: Request, res: Response) => Promise<LoginOutcome>) =>
    answerOutcome(deps.clock, deps.logger, work, render);

  router.get('/saml/assets/post.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').send(autoPostScript);
  });
  router.get('/saml/assets/login.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=3600').send(loginCss);
  });
  router.get('/saml/sp/metadata', (_req, res) => {
    res.type('application/samlmetadata+xml').send(deps.metadata.sp(deps.clock.now()));
  });
  router.get('/saml/idp/metadata', (_req, res) => {
    res.type('application/samlmetadata+xml').send(deps.metadata.idp(deps.clock.now()));
  });
  router.get(
    '/domaineGar',
    run((req, res) =>
      openFromMediacentre(
        deps.flow,
        context(res),
        {
          ...stringParam('idENT', req.query.idENT),
          ...stringParam('idEtab', req.query.idEtab),
          ...stringParam('idRessource', req.query.idRessource),
        },
        readBrowserCookies(req),
      ),
    ),
  );
  router.post(
    '/saml/sp/acs',
    form,
    run((req, res) =>
      finishEntLogin(deps.flow, context(res), bodyField(req, 'SAMLResponse') ?? '', readBrowserCookies(req)),
    ),
  );
  router.get(
    '/ent/oidc/callback',
    run((req, res) => {
      // The registered redirect URI with the query as received: what the token request must name,
      // whatever host or proxy the request came through.
      const url = new URL(deps.oidcRedirectUri());
      url.search = rawQueryOf(req);
      return finishOidcEntLogin(deps.flow, context(res), url, readBrowserCookies(req));
    }),
  );
  router.get(
    '/saml/idp/sso',
    run((req, res) => {
      res.locals.incoming = { binding: 'HTTP-Redirect', rawQuery: rawQueryOf(req) } satisfies IncomingAuthnRequest;
      return handlePublisherRequest(
        deps.flow,
        context(res),
        res.locals.incoming,
        firstString(req.query.idENT),
        readBrowserCookies(req),
      );
    }),
  );
  router.post(
    '/saml/idp/sso',
    form,
    run((req, res) => {
      const relayState = bodyField(req, 'RelayState');
      res.locals.incoming = {
        binding: 'HTTP-POST',
        samlRequest: bodyField(req, 'SAMLRequest') ?? '',
        ...definedFields({ relayState }),
      } satisfies IncomingAuthnRequest;
      return handlePublisherRequest(
        deps.flow,
        context(res),
        res.locals.incoming,
        bodyField(req, 'idENT'),
        readBrowserCookies(req),
      );
    }),
  );
  logoutRoutes({ flow: deps.flow, clock: deps.clock, logger: deps.logger }, router);
  router.all(['/saml/sp/acs', '/saml/idp/sso', '/domaineGar', '/ent/oidc/callback'], (_req, _res, next) => {
    next(methodNotAllowed());
  });
  router.use(handleLoginError(deps.logger));
  return router;
}

function render(req: Request, res: Response, outcome: LoginOutcome): void {
  renderLoginOutcome(req, res, outcome, (ents) => {
    const incoming = res.locals.incoming as IncomingAuthnRequest;
    return ents.map(
      (entId): DiscoveryChoice =>
        incoming.binding === 'HTTP-Redirect'
          ? { entId, href: `/saml/idp/sso?${incoming.rawQuery}&idENT=${encodeURIComponent(entId)}` }
          : {
              entId,
              fields: { SAMLRequest: incoming.samlRequest, ...relayStateField(incoming.relayState), idENT: entId },
            },
    );
  });
}

function relayStateField(relayState: string | undefined): { RelayState?: string } {
  return relayState === undefined ? {} : { RelayState: relayState };
}

declare module 'express-serve-static-core' {
  interface Locals {
    incoming?: IncomingAuthnRequest;
  }
}

/** The query string exactly as the browser sent it: the Redirect binding's signature covers its octets. */
function rawQueryOf(req: Request): string {
  const at = req.originalUrl.indexOf('?');
  return at < 0 ? '' : req.originalUrl.slice(at + 1);
}

function firstString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function stringParam<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === 'string' ? ({ [key]: value } as Record<K, string>) : {};
}

function bodyField(req: Request, name: string): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const value = body?.[name];
  return typeof value === 'string' ? value : undefined;
}

function methodNotAllowed(): Error {
  return fail('ERR_LOGIN_METHOD', 'Méthode non prise en charge à cette adresse.');
}
