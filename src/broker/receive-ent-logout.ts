/**
 * `/saml/sp/slo`: an ENT's Single Logout (saml-profiles §4.4.4), the broker as its SP.
 *
 * | step                                                   | on failure                                  |
 * |--------------------------------------------------------|---------------------------------------------|
 * | idp-bridge verifies the LogoutRequest (trust): schema, one signature by the issuing ENT's metadata key over the exact bytes, Destination, IssueInstant, NotOnOrAfter, NameID | a 4xx page with the code; nothing ended |
 * | replay: the same issuer and ID once                    | ERR_LOGOUT_REQUEST_REPLAYED page; nothing ended |
 * | the broker sessions of that ENT opened from the ENT session named (NameID, SessionIndex) end | none: LogoutResponse Requester, ERR_LOGOUT_SESSION_UNKNOWN logged |
 * | their publishers are told (end-sessions): back channels now, SAML ones through this browser |   |
 * | a signed LogoutResponse back to the ENT's SLO endpoint |                                             |
 *
 * A LogoutResponse arriving here answers a LogoutRequest the broker sent the ENT (a logout that
 * started at the broker or a publisher): verified, then the logged-out page.
 */
import { fail } from '../core/fail.js';
import {
  entLogoutResponse, readEntLogoutRequest, readEntLogoutResponse, type EntLogoutSettings,
} from '../idp-bridge/index.js';
import type { IncomingSamlMessage } from '../trust/index.js';
import { sessionCookieHash } from './browser-session.js';
import { continueWith, endSessions } from './end-sessions.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, CookieChange, LoginOutcome } from './login-outcome.js';
import type { LogoutContinuation } from './ports.js';

/** The longest a LogoutRequest can be accepted after its IssueInstant: its replay entry lives this long. */
const replayWindowMs = (300 + 2 * 180) * 1000;

export async function receiveEntLogout(
  deps: LoginDeps, ctx: LoginContext, incoming: IncomingSamlMessage, message: 'request' | 'response', cookies: BrowserCookies,
): Promise<LoginOutcome> {
  const settings = entLogoutSettings(deps);
  if (message === 'response') {
    const response = await readEntLogoutResponse(deps.idps, settings, incoming, ctx.now);
    ctx.log.info({ event: 'logout.ent_answered', issuer: response.issuer, status: response.status });
    return { kind: 'logged-out', cookies: [] };
  }
  const answered = await readEntLogoutRequest(deps.idps, settings, incoming, ctx.now);
  const { request } = answered;
  const until = request.notOnOrAfter ?? new Date(request.issueInstant.getTime() + replayWindowMs);
  if (await deps.replay.remember(request.issuer, `logout ${request.id}`, until, ctx.now) === 'replayed') {
    throw fail('ERR_LOGOUT_REQUEST_REPLAYED', 'Cette demande de déconnexion a déjà été traitée.', `issuer ${request.issuer}`);
  }
  const ended = await deps.sessions.revokeOfEntSession(answered.entId, { nameId: request.nameId.value, sessionIndexes: request.sessionIndexes }, ctx.now);
  if (ended.length === 0) {
    ctx.log.warn({ event: 'logout.refused', code: 'ERR_LOGOUT_SESSION_UNKNOWN', entId: answered.entId, sessionIndexes: request.sessionIndexes.length });
    return continueWith(toContinuation(await entLogoutResponse(deps.idps, settings, answered, 'requester-error', ctx.now)), []);
  }
  ctx.log.info({ event: 'login.session_ended', reason: 'ent-logout', entId: answered.entId, sessions: ended.length });
  const hashes = ended.map((s) => s.idHash);
  const own = sessionCookieHash(cookies);
  const clear: CookieChange[] = own !== undefined && hashes.includes(own) ? [{ name: 'gar_session' }] : [];
  const then = toContinuation(await entLogoutResponse(deps.idps, settings, answered, 'success', ctx.now));
  return endSessions(deps, ctx, hashes, then, clear);
}

export function entLogoutSettings(deps: LoginDeps): EntLogoutSettings {
  return {
    spEntityId: deps.upstream.spEntityId, sloUrl: deps.logout.spSloUrl, skewSeconds: deps.upstream.skewSeconds, signing: deps.logout.signing,
  };
}

function toContinuation(delivery: LogoutContinuation | undefined): LogoutContinuation {
  return delivery ?? { kind: 'page' };
}
