/**
 * `/cas/logout` (CAS protocol 3.0 §2.3): ends the broker session (with the back-channel logout
 * of its CAS services), then sends the browser to `service` only when it is a registered service
 * (§2.3.1: an open redirect otherwise); without one, http shows "vous êtes déconnecté".
 */
import { endBrokerSession } from './end-broker-session.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, CookieChange } from './login-outcome.js';

export interface CasLogoutOutcome {
  /** The registered service to go back to; undefined: the logged-out page. */
  readonly location?: string;
  readonly cookies: readonly CookieChange[];
}

export async function casLogout(deps: LoginDeps, ctx: LoginContext, service: string | undefined, cookies: BrowserCookies): Promise<CasLogoutOutcome> {
  const changes = await endBrokerSession(deps, ctx, cookies);
  const registered = service === undefined || service === '' || service.length > 2048 || deps.cas === undefined
    ? undefined : await deps.cas.services.find(service);
  // Octet for octet, as at /cas/login: a near miss is an open redirect.
  return registered !== undefined && registered.serviceUrl === service ? { location: registered.serviceUrl, cookies: changes } : { cookies: changes };
}
