/**
 * The OIDC callback (`GET /ent/oidc/callback`): an ENT that is an OpenID Provider sends the browser
 * back with `code` and `state` (or `error`).
 *
 * | step                                                     | refuses (a 4xx page; no session)               |
 * |----------------------------------------------------------|------------------------------------------------|
 * | `state` names a login transaction of this browser, once  | bad or replayed state: ERR_LOGIN_TRANSACTION_* |
 * | the transaction was an OIDC one                          | ERR_LOGIN_TRANSACTION_UNKNOWN                  |
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
import { brokeredLoginRetry, consumeTransaction, refuseReplayed, unknownTransaction } from './accept-ent-answer.js';
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
  const state = callbackUrl.searchParams.get('state') ?? '';
  if (deps.oidcEnts === undefined || !statePattern.test(state)) {
    throw unknownTransaction(brokeredLoginRetry, 'OIDC callback without a usable state');
  }
  const transaction = await consumeTransaction(deps, state, loginBinding(cookies), ctx.now, brokeredLoginRetry);
  const secret = transaction.upstream.secret;
  if (secret === undefined) throw unknownTransaction(brokeredLoginRetry, 'state names a SAML login');
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
