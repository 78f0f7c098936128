/**
 * `/saml/idp/slo`, the broker as IdP of the SAML publishers (saml-profiles §4.4):
 *
 * - a publisher's LogoutResponse to the LogoutRequest the broker sent it in a front-channel logout
 *   (logout-run.ts), verified against its metadata; the frame then says done;
 * - a publisher's own LogoutRequest (SP-initiated logout, §4.4.3.1):
 *   1. federation verifies it against the SP's metadata (trust: one signature, Destination,
 *      instants); refused: a page with the code, nothing ended;
 *   2. replay: the same issuer and ID once (ERR_LOGOUT_REQUEST_REPLAYED);
 *   3. the broker session in which it got that NameID and SessionIndex; none: a LogoutResponse
 *      with status Requester, ERR_LOGOUT_SESSION_UNKNOWN logged, nothing ended;
 *   4. that session ends; its other publishers are told (back channels, then SAML through the browser);
 *   5. the ENT, when a SAML ENT declares a SingleLogoutService;
 *   6. a signed LogoutResponse (Success) back to the publisher.
 */
import {
  logoutResponseToPublisher,
  readPublisherLogoutRequest,
  readPublisherLogoutResponse,
} from '../federation/index.js';
import { fail } from '../core/fail.js';
import type { IncomingSamlMessage } from '../trust/index.js';
import { sessionCookieHash } from './browser-session.js';
import { throughEnt } from './end-broker-session.js';
import { continueWith, notifyBackChannels } from './end-sessions.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, CookieChange, LoginOutcome } from './login-outcome.js';
import { openLogoutRun } from './logout-run.js';
import type { SessionParticipant } from './ports.js';
import { replayedMessage, replayWindowMs } from './receive-ent-logout.js';

type SamlParticipant = Extract<SessionParticipant, { kind: 'saml' }>;

/** A publisher's LogoutResponse in a logout frame: verified and logged. */
export async function receivePublisherLogoutResponse(
  deps: LoginDeps,
  ctx: LoginContext,
  incoming: IncomingSamlMessage,
): Promise<void> {
  const settings = { ...deps.downstream, sloUrl: deps.logout.idpSloUrl };
  const response = await readPublisherLogoutResponse(deps.partners, settings, incoming, ctx.now);
  ctx.log.info({ event: 'logout.publisher_answered', sp: response.issuer, status: response.status });
}

export async function receivePublisherLogoutRequest(
  deps: LoginDeps,
  ctx: LoginContext,
  incoming: IncomingSamlMessage,
  cookies: BrowserCookies,
): Promise<LoginOutcome> {
  const settings = { ...deps.downstream, sloUrl: deps.logout.idpSloUrl };
  const request = await readPublisherLogoutRequest(deps.partners, settings, incoming, ctx.now);
  const until = request.notOnOrAfter ?? new Date(request.issueInstant.getTime() + replayWindowMs);
  if ((await deps.replay.remember(request.issuer, `logout ${request.id}`, until, ctx.now)) === 'replayed') {
    throw fail('ERR_LOGOUT_REQUEST_REPLAYED', replayedMessage, `issuer ${request.issuer}`);
  }
  const sessionIndex = request.sessionIndexes[0];
  const hash =
    sessionIndex === undefined || request.sessionIndexes.length > 1
      ? undefined
      : await deps.participants.sessionOfSaml(request.issuer, request.nameId.value, sessionIndex);
  const ended = hash === undefined ? undefined : await deps.sessions.get(hash);
  if (hash === undefined || ended === undefined || ended.revokedAt !== undefined) {
    ctx.log.warn({ event: 'logout.refused', code: 'ERR_LOGOUT_SESSION_UNKNOWN', sp: request.issuer });
    const refusal = logoutResponseToPublisher(deps.downstream, request, 'requester-error', ctx.now);
    return continueWith(refusal ?? { kind: 'page' }, []);
  }
  await deps.sessions.revoke(hash, ctx.now);
  ctx.log.info({ event: 'login.session_ended', reason: 'publisher-logout', sp: request.issuer });
  await notifyBackChannels(deps, ctx, [hash]);
  // The publisher that asked is answered last, not asked again (saml-profiles §4.4.3.2).
  const others = (await deps.participants.take([hash], 'saml'))
    .filter((p): p is SamlParticipant => p.kind === 'saml')
    .filter((p) => !(p.partnerId === request.issuer && p.sessionIndex === sessionIndex));
  const answer = logoutResponseToPublisher(deps.downstream, request, 'success', ctx.now) ?? { kind: 'page' as const };
  const then = await throughEnt(deps, ctx, ended, answer);
  const clear: CookieChange[] = sessionCookieHash(cookies) === hash ? [{ name: 'gar_session' }] : [];
  if (others.length === 0) return continueWith(then, clear);
  return { kind: 'redirect', location: await openLogoutRun(deps, ctx, others, then), cookies: clear };
}
