/**
 * Logout of this browser's broker session (CAS `/cas/logout`, OIDC RP-initiated logout): the
 * session ends now; its publishers are told (end-sessions.ts), the SAML ones through the browser
 * before it goes on to `then`, or, when `then` is only the logged-out page, to the ENT's own
 * SingleLogoutService with a signed LogoutRequest (when its metadata declares one).
 */
import { sessionCookieHash } from './browser-session.js';
import { entLogoutRequest } from '../idp-bridge/index.js';
import { endSessions } from './end-sessions.js';
import { entLogoutSettings } from './receive-ent-logout.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, CookieChange, LoginOutcome } from './login-outcome.js';
import type { LogoutContinuation } from './ports.js';

/** Returns the answer: `then`, or the SAML publishers' logout first; either clears the session cookie. */
export async function endBrokerSession(
  deps: LoginDeps, ctx: LoginContext, cookies: BrowserCookies, then: LogoutContinuation = { kind: 'page' },
): Promise<LoginOutcome> {
  const clear: CookieChange[] = [{ name: 'gar_session' }, ...(cookies.intent === undefined ? [] : [{ name: 'gar_intent' as const }])];
  const idHash = sessionCookieHash(cookies);
  if (idHash === undefined) return endSessions(deps, ctx, [], then, clear);
  const ended = await deps.sessions.get(idHash);
  await deps.sessions.revoke(idHash, ctx.now);
  ctx.log.info({ event: 'login.session_ended', reason: 'logout' });
  // Without a place of its own to go back to, the logout ends at the ENT too (saml-profiles §4.4.3.1),
  // whose LogoutResponse comes back to /saml/sp/slo and shows the logged-out page.
  const atEnt = then.kind === 'page' && ended !== undefined && ended.revokedAt === undefined
    ? await entLogoutRequest(deps.idps, entLogoutSettings(deps), ended.entId, ended.entSession, ctx.now) : undefined;
  return endSessions(deps, ctx, [idHash], atEnt ?? then, clear);
}
