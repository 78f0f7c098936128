/**
 * The SAML ACS (`POST /saml/sp/acs`): the ENT's Response finishes the login the broker started.
 *
 * | step                                      | refuses (a 4xx page; no session, nothing sent) |
 * |-------------------------------------------|-----------------------------------------------|
 * | idp-bridge verifies the Response (trust)  | unknown IdP, signature, XSW, audience, time…   |
 * | NoPassive: the ENT has no session         | not a refusal: the checked session ends, then  |
 * |                                           | a normal login (continue-after-ent)            |
 * | replay cache, then the login transaction  | see accept-ent-answer                          |
 * |   named by InResponseTo, from that ENT    |                                               |
 * | continue-after-ent: previous session, person, session, the waiting downstream |             |
 */
import { verifyEntResponse } from '../idp-bridge/index.js';
import { acceptEntResponse, brokeredLoginRetry, consumeTransaction, requireSameEnt } from './accept-ent-answer.js';
import { loginBinding } from './browser-session.js';
import { afterNoEntSession, continueAfterEnt } from './continue-after-ent.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, LoginOutcome } from './login-outcome.js';

export async function finishEntLogin(
  deps: LoginDeps,
  ctx: LoginContext,
  samlResponse: string,
  cookies: BrowserCookies,
): Promise<LoginOutcome> {
  const verified = await verifyEntResponse(deps.idps, deps.upstream, samlResponse, ctx.now);
  const binding = loginBinding(cookies);
  if (verified.kind === 'no-passive') {
    const transaction = await consumeTransaction(deps, verified.inResponseTo, binding, ctx.now, brokeredLoginRetry);
    requireSameEnt(transaction, verified.entId);
    return afterNoEntSession(deps, ctx, transaction, cookies);
  }
  const transaction = await acceptEntResponse(deps, verified, binding, ctx.now, brokeredLoginRetry);
  return continueAfterEnt(deps, ctx, verified.identity, transaction, cookies);
}
