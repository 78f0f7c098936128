/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2–§3) ends the broker session of
 * the browser too: oidc-provider's own session is only a shell around it (the broker session is
 * the session, see oidc-provider-configuration.ts), and the CAS services that got a ticket of it
 * get their back-channel logout (endBrokerSession).
 *
 * A middleware on the provider, run after its `end_session_confirm` action: only once that
 * action has checked the form's xsrf value against the provider's session and answered its 303
 * with `logout` set (the user pressed "Se déconnecter", or had no provider session and the
 * provider confirmed by itself). "Rester connecté" (no `logout`) ends one client's grant only,
 * and the broker session with it stays.
 */
import type { Request, Response } from 'express';
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import { endBrokerSession } from '../../login-flow.js';
import type { LoginDeps } from '../../login-deps.js';
import type { Clock } from '../../../core/clock.js';
import type { Logger } from '../../../core/logger.js';
import { readBrowserCookies, writeCookies } from '../login/browser-cookies.js';
import { renderErrorPage } from '../login/login-pages.js';

export interface OidcLogoutDeps {
  readonly flow: LoginDeps;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function endBrokerSessionOnOidcLogout(provider: Provider, deps: OidcLogoutDeps): void {
  provider.use(async (koa, next) => {
    await next();
    const ctx = koa as KoaContextWithOIDC;
    // ctx.oidc is absent on paths no route matched.
    const oidc = ctx.oidc as KoaContextWithOIDC['oidc'] | undefined;
    if (oidc?.route !== 'end_session_confirm' || ctx.status !== 303 || !oidc.params?.['logout']) return;
    // The provider's app runs under the express router: its req and res are express's.
    const req = ctx.req as Request;
    const res = ctx.res as Response;
    const correlationId = typeof res.locals?.['correlationId'] === 'string' ? res.locals['correlationId'] : 'inconnu';
    try {
      // The SAML publishers of the session are told through the browser before it goes where the provider sent it.
      const location = String(ctx.response.get('Location'));
      const then = location === '' ? { kind: 'page' as const } : { kind: 'redirect' as const, location };
      const outcome = await endBrokerSession(
        deps.flow,
        { now: deps.clock.now(), log: deps.logger.child({ correlationId }) },
        readBrowserCookies(req),
        then,
      );
      writeCookies(res, outcome.cookies);
      if (outcome.kind === 'redirect') ctx.set('Location', outcome.location);
    } catch (error) {
      // The provider's session is gone but the broker's is not: say so rather than redirect.
      deps.logger.error({ event: 'oidc.logout_failed', correlationId, detail: String(error) });
      ctx.status = 500;
      ctx.type = 'html';
      ctx.body = renderErrorPage({
        lang: 'fr',
        status: 500,
        code: 'ERR_HTTP_INTERNAL',
        correlationId,
        message: "La déconnexion n'a pas pu aboutir : réessayez.",
      });
    }
  });
}
