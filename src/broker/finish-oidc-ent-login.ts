/**
 * The OIDC callback (`GET /ent/oidc/callback`): an ENT that is an OpenID Provider sends the browser
 * back with `code` and `state` (or `error`).
 *
 * | step                                                     | refuses (a 4xx page; no session)               |
 * |----------------------------------------------------------|------------------------------------------------|
 * | one `state`, of the form the broker makes                | ERR_OIDC_ENT_STATE_MISMATCH                    |
 * | the browser brought its login cookie                     | ERR_LOGIN_NO_BROWSER_BINDING                   |
 * | `state` names an OIDC login transaction (RFC 6749        | ERR_OIDC_ENT_STATE_MISMATCH                    |
 * |   §10.12)                                                |                                                |
 * | that transaction: this browser's, not expired, once      | ERR_LOGIN_TRANSACTION_OTHER_BROWSER, _EXPIRED, |
 * |                                                          |   _CONSUMED                                    |
 * | idp-bridge: code + PKCE at the token endpoint, ID token  | ERR_OIDC_ENT_*                                 |
 * |   (issuer, audience, expiry, JWKS signature, allowed     |                                                |
 * |   alg, nonce), userinfo if configured                    |                                                |
 * | replay cache on the ID token                             | ERR_LOGIN_ASSERTION_REPLAYED                   |
 * | continue-after-ent: person, session, the waiting         |                                                |
 * |   downstream                                             |                                                |
 *
 * The transaction is consumed before the code is redeemed: a callback that fails burns it, so a
 * stolen or replayed callback URL can never be tried twice. The transaction and replay checks are
 * the SAML ACS's (accept-ent-answer.ts).
 */
import { isBrokerError } from '../core/broker-error.js';
import type { VerifiedOidcEntCallback } from '../idp-bridge/index.js';
import { brokeredLoginRetry, consumeTransaction, oidcStateMismatch, refuseReplayed } from './accept-ent-answer.js';
import { loginBinding } from './browser-session.js';
import { afterNoEntSession, continueAfterEnt } from './continue-after-ent.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, LoginOutcome } from './login-outcome.js';

const statePattern = /^[A-Za-z0-9_-]{16,128}$/;

export async function finishOidcEntLogin(
  deps: LoginDeps,
  ctx: LoginContext,
  callbackUrl: URL,
  cookies: BrowserCookies,
): Promise<LoginOutcome> {
  const states = callbackUrl.searchParams.getAll('state');
  const state = states[0] ?? '';
  if (deps.oidcEnts === undefined || states.length !== 1 || !statePattern.test(state)) {
    const why = deps.oidcEnts === undefined ? 'no OIDC ENT configured' : `${states.length} state(s) or an unusable one`;
    throw oidcStateMismatch(brokeredLoginRetry, `OIDC callback: ${why}`);
  }
  const namesNoLogin = (detail: string) =>
    oidcStateMismatch(brokeredLoginRetry, `OIDC callback: no login transaction has this state (${detail})`);
  const binding = loginBinding(cookies);
  const transaction = await consumeTransaction(deps, state, binding, ctx.now, brokeredLoginRetry, namesNoLogin);
  const secret = transaction.upstream.secret;
  if (secret === undefined) throw oidcStateMismatch(brokeredLoginRetry, 'OIDC callback: state names a SAML login');
  let verified: VerifiedOidcEntCallback;
  try {
    verified = await deps.oidcEnts.verify(transaction.upstream.entId, callbackUrl, secret, ctx.now);
  } catch (error) {
    // `prompt=none` answered `login_required` (OIDC Core §3.1.2.6): the ENT has no session.
    if (isBrokerError(error) && error.code === 'ERR_OIDC_ENT_NO_SESSION' && transaction.reconfirm !== undefined) {
      return afterNoEntSession(deps, ctx, transaction, cookies);
    }
    throw error;
  }
  const { identity, replayKey, usableUntil } = verified;
  await refuseReplayed(deps, identity.issuer, replayKey, usableUntil, ctx.now, brokeredLoginRetry);
  return continueAfterEnt(deps, ctx, identity, transaction, cookies);
}
