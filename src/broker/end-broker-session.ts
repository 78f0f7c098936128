/**
 * Logout of this browser's broker session (CAS `/cas/logout`, OIDC RP-initiated logout): the
 * session ends now; its publishers are told (end-sessions.ts), the SAML ones through the browser
 * before it goes on to `then`.
 */
import { sessionCookieHash } from './browser-session.js';
import { endSessions } from './end-sessions.js';
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
  await deps.sessions.revoke(idHash, ctx.now);
  ctx.log.info({ event: 'login.session_ended', reason: 'logout' });
  return endSessions(deps, ctx, [idHash], then, clear);
}
