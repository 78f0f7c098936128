/**
 * `/cas/logout` (CAS protocol 3.0 §2.3): ends the broker session (with the logout of every
 * publisher that received something in it, end-sessions.ts), then sends the browser to `service`
 * only when it is a registered service (§2.3.1: an open redirect otherwise); without one, the
 * logged-out page.
 */
import { endBrokerSession } from './end-broker-session.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, LoginOutcome } from './login-outcome.js';

export async function casLogout(
  deps: LoginDeps,
  ctx: LoginContext,
  service: string | undefined,
  cookies: BrowserCookies,
): Promise<LoginOutcome> {
  const registered =
    service === undefined || service === '' || service.length > 2048 || deps.cas === undefined
      ? undefined
      : await deps.cas.services.find(service);
  // Octet for octet, as at /cas/login: a near miss is an open redirect.
  const then =
    registered !== undefined && registered.serviceUrl === service
      ? { kind: 'redirect' as const, location: registered.serviceUrl }
      : { kind: 'page' as const };
  return endBrokerSession(deps, ctx, cookies, then);
}
