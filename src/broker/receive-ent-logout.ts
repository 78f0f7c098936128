/**
 * `/saml/sp/slo`: an ENT's Single Logout (saml-profiles §4.4.4), the broker as its SP.
 *
 * 1. idp-bridge verifies the LogoutRequest (trust): schema, one signature by the issuing ENT's
 *    metadata key over the exact bytes, Destination, IssueInstant, NotOnOrAfter, NameID.
 *    Refused: a 4xx page with the code; nothing ended.
 * 2. Replay: the same issuer and ID once. Refused: ERR_LOGOUT_REQUEST_REPLAYED; nothing ended.
 * 3. The broker sessions of that ENT opened from the ENT session named (NameID, SessionIndex) end.
 *    None: a LogoutResponse with status Requester, ERR_LOGOUT_SESSION_UNKNOWN logged.
 * 4. Their publishers are told (end-sessions): back channels now, SAML ones through this browser.
 * 5. A signed LogoutResponse back to the ENT's SLO endpoint.
 *
 * A LogoutResponse arriving here answers a LogoutRequest the broker sent the ENT (a logout that
 * started at the broker or a publisher): verified, then the logged-out page.
 */
import { fail } from '../core/fail.js';
import {
  entLogoutResponse,
  readEntLogoutRequest,
  readEntLogoutResponse,
  type EntLogoutSettings,
} from '../idp-bridge/index.js';
import type { IncomingSamlMessage } from '../trust/index.js';
import { sessionCookieHash } from './browser-session.js';
import { continueWith, endSessions } from './end-sessions.js';
import { finishLogoutRun } from './logout-run.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, CookieChange, LoginOutcome } from './login-outcome.js';

export const replayedMessage = 'Cette demande de déconnexion a déjà été traitée.';

/** The longest a LogoutRequest can be accepted after its IssueInstant: its replay entry lives this long. */
export const replayWindowMs = (300 + 2 * 180) * 1000;

export async function receiveEntLogout(
  deps: LoginDeps,
  ctx: LoginContext,
  incoming: IncomingSamlMessage,
  message: 'request' | 'response',
  cookies: BrowserCookies,
): Promise<LoginOutcome> {
  const settings = entLogoutSettings(deps);
  if (message === 'response') {
    const response = await readEntLogoutResponse(deps.idps, settings, incoming, ctx.now);
    ctx.log.info({ event: 'logout.ent_answered', issuer: response.issuer, status: response.status });
    // Its RelayState names where the logout was heading (end-broker-session); else the logged-out page.
    return response.relayState === undefined
      ? { kind: 'logged-out', cookies: [] }
      : finishLogoutRun(deps, ctx, response.relayState);
  }
  const answered = await readEntLogoutRequest(deps.idps, settings, incoming, ctx.now);
  const { request } = answered;
  const until = request.notOnOrAfter ?? new Date(request.issueInstant.getTime() + replayWindowMs);
  if ((await deps.replay.remember(request.issuer, `logout ${request.id}`, until, ctx.now)) === 'replayed') {
    throw fail('ERR_LOGOUT_REQUEST_REPLAYED', replayedMessage, `issuer ${request.issuer}`);
  }
  const named = { nameId: request.nameId.value, sessionIndexes: request.sessionIndexes };
  const ended = await deps.sessions.revokeOfEntSession(answered.entId, named, ctx.now);
  if (ended.length === 0) {
    ctx.log.warn({
      event: 'logout.refused',
      code: 'ERR_LOGOUT_SESSION_UNKNOWN',
      entId: answered.entId,
      sessionIndexes: named.sessionIndexes.length,
    });
    const refusal = await entLogoutResponse(deps.idps, settings, answered, 'requester-error', ctx.now);
    return continueWith(refusal ?? { kind: 'page' }, []);
  }
  ctx.log.info({ event: 'login.session_ended', reason: 'ent-logout', entId: answered.entId, sessions: ended.length });
  const hashes = ended.map((s) => s.idHash);
  const own = sessionCookieHash(cookies);
  const clear: CookieChange[] = own !== undefined && hashes.includes(own) ? [{ name: 'gar_session' }] : [];
  const then = await entLogoutResponse(deps.idps, settings, answered, 'success', ctx.now);
  return endSessions(deps, ctx, hashes, then ?? { kind: 'page' }, clear);
}

export function entLogoutSettings(deps: LoginDeps): EntLogoutSettings {
  return {
    spEntityId: deps.upstream.spEntityId,
    sloUrl: deps.logout.spSloUrl,
    skewSeconds: deps.upstream.skewSeconds,
    signing: deps.logout.signing,
  };
}
