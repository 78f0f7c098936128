/**
 * An ENT that is an OpenID Provider ends its session:
 *
 * - Back-Channel Logout 1.0 (`POST /ent/oidc/backchannel-logout`, no browser): the logout token
 *   verified by idp-bridge, its `jti` accepted once, the broker sessions opened from that ENT
 *   session (`sid`, else its user) end; CAS and OIDC publishers are told now. SAML publishers need
 *   a browser: they are told by the next front-channel logout of this browser, or not at all.
 * - Front-Channel Logout 1.0 (`GET /ent/oidc/frontchannel-logout?iss&sid`, in a frame of the ENT's
 *   page): the sessions of that `sid` end, or, without `sid`, this browser's own session of that ENT;
 *   CAS and OIDC publishers are told now, SAML ones at this browser's next login.
 */
import { fail } from '../core/fail.js';
import { currentSession } from './browser-session.js';
import { notifyBackChannels } from './end-sessions.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, LoginOutcome } from './login-outcome.js';
import type { BrokerSession, EntSessionMatch } from './ports.js';
import { replayedMessage } from './receive-ent-logout.js';

export async function receiveOidcBackchannelLogout(
  deps: LoginDeps,
  ctx: LoginContext,
  logoutToken: string | undefined,
): Promise<number> {
  const oidc = requireOidcEnts(deps);
  const token = await oidc.verifyLogoutToken(logoutToken ?? '', ctx.now);
  if ((await deps.replay.remember(token.issuer, `logout ${token.jti}`, token.usableUntil, ctx.now)) === 'replayed') {
    throw fail('ERR_LOGOUT_REQUEST_REPLAYED', replayedMessage, `issuer ${token.issuer}`);
  }
  // §2.4: `sid` names one ENT session; `sub` alone, every session of that user (when it is the user id).
  const match =
    token.sid !== undefined
      ? { sid: token.sid }
      : token.entUserId !== undefined
        ? { personId: token.entUserId }
        : undefined;
  if (match === undefined) {
    throw fail('ERR_LOGOUT_SESSION_UNKNOWN', 'Aucune session ne correspond.', 'the token names no usable sid or user');
  }
  const ended = await revokeInEach(deps, ctx, token.entIds, match);
  if (ended.length === 0) {
    ctx.log.warn({ event: 'logout.refused', code: 'ERR_LOGOUT_SESSION_UNKNOWN', issuer: token.issuer });
    return 0;
  }
  ctx.log.info({ event: 'login.session_ended', reason: 'ent-backchannel-logout', sessions: ended.length });
  await notifyBackChannels(
    deps,
    ctx,
    ended.map((s) => s.idHash),
  );
  return ended.length;
}

export async function receiveOidcFrontChannelLogout(
  deps: LoginDeps,
  ctx: LoginContext,
  query: { readonly iss?: string; readonly sid?: string },
  cookies: BrowserCookies,
): Promise<{ readonly outcome: LoginOutcome; readonly issuer: string }> {
  const named = await requireOidcEnts(deps).readFrontChannel(query);
  let hashes: string[];
  if (named.sid !== undefined) {
    hashes = (await revokeInEach(deps, ctx, named.entIds, { sid: named.sid })).map((s) => s.idHash);
  } else {
    const own = await currentSession(deps, cookies, ctx.now);
    hashes = own !== undefined && named.entIds.includes(own.entId) ? [own.idHash] : [];
    for (const hash of hashes) await deps.sessions.revoke(hash, ctx.now);
  }
  ctx.log.info({ event: 'login.session_ended', reason: 'ent-frontchannel-logout', sessions: hashes.length });
  await notifyBackChannels(deps, ctx, hashes);
  // Only the logged-out page in the ENT's frame: SAML publishers are told at this browser's next
  // login (continue-after-ent), not through frames nested in the ENT's page. The session cookie is
  // kept for that: it names a revoked session, which nothing accepts any more.
  return { outcome: { kind: 'logged-out', cookies: [] }, issuer: named.issuer };
}

/** Several ENT projects may share one provider: the logout applies to each of them. */
async function revokeInEach(
  deps: LoginDeps,
  ctx: LoginContext,
  entIds: readonly string[],
  match: EntSessionMatch,
): Promise<readonly BrokerSession[]> {
  return (await Promise.all(entIds.map((entId) => deps.sessions.revokeOfEntSession(entId, match, ctx.now)))).flat();
}

function requireOidcEnts(deps: LoginDeps): NonNullable<LoginDeps['oidcEnts']> {
  if (deps.oidcEnts === undefined) {
    throw fail('ERR_LOGOUT_METHOD', 'Aucun ENT OpenID Connect n’est raccordé.', 'no OIDC ENT logins composed');
  }
  return deps.oidcEnts;
}
