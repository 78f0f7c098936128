/**
 * Logout of this browser's broker session (CAS `/cas/logout`, OIDC RP-initiated logout): the
 * session ends now; its publishers are told (end-sessions.ts), the SAML ones through the browser
 * before it goes to the ENT's own SingleLogoutService (when its metadata declares one) and then
 * on to `then`.
 */
import { sessionCookieHash } from './browser-session.js';
import { entLogoutRequest } from '../idp-bridge/index.js';
import { endSessions } from './end-sessions.js';
import { entLogoutSettings } from './receive-ent-logout.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, CookieChange, LoginOutcome } from './login-outcome.js';
import { newRunId, openReturn } from './logout-run.js';
import type { BrokerSession, LogoutContinuation } from './ports.js';

/** Returns the answer: `then`, or the SAML publishers' logout first; either clears the session cookie. */
export async function endBrokerSession(
  deps: LoginDeps,
  ctx: LoginContext,
  cookies: BrowserCookies,
  then: LogoutContinuation = { kind: 'page' },
): Promise<LoginOutcome> {
  const clear: CookieChange[] = [
    { name: 'gar_session' },
    ...(cookies.intent === undefined ? [] : [{ name: 'gar_intent' as const }]),
  ];
  const idHash = sessionCookieHash(cookies);
  if (idHash === undefined) return endSessions(deps, ctx, [], then, clear);
  const ended = await deps.sessions.get(idHash);
  await deps.sessions.revoke(idHash, ctx.now);
  ctx.log.info({ event: 'login.session_ended', reason: 'logout' });
  const live = ended !== undefined && ended.revokedAt === undefined;
  return endSessions(deps, ctx, [idHash], live ? await throughEnt(deps, ctx, ended, then) : then, clear);
}

/**
 * The logout ends at the ENT too (saml-profiles §4.4.3.1), when its metadata declares a
 * SingleLogoutService: a signed LogoutRequest whose RelayState names where the browser goes once
 * the ENT's LogoutResponse is back at /saml/sp/slo (kept as a logout run without publishers).
 */
export async function throughEnt(
  deps: LoginDeps,
  ctx: LoginContext,
  ended: BrokerSession,
  then: LogoutContinuation,
): Promise<LogoutContinuation> {
  const relayState = newRunId();
  const settings = entLogoutSettings(deps);
  const request = await entLogoutRequest(deps.idps, settings, ended.entId, ended.entSession, ctx.now, relayState);
  if (request === undefined) return then;
  await openReturn(deps, ctx, relayState, then);
  return request;
}
