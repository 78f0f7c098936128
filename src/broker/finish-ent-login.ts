/**
 * The SAML ACS (`POST /saml/sp/acs`): the ENT's Response finishes the login the broker started.
 *
 * | step                                      | refuses (a 4xx page; no session, nothing sent) |
 * |-------------------------------------------|-----------------------------------------------|
 * | idp-bridge verifies the Response (trust)  | unknown IdP, signature, XSW, audience, time…   |
 * | NoPassive: the ENT has no session         | not a refusal: the checked session ends, then  |
 * |                                           | a normal login (continue-after-ent)            |
 * | replay cache                              | an assertion accepted before                   |
 * | login transaction named by InResponseTo   | see continue-after-ent                         |
 * | continue-after-ent: previous session, person, session, the waiting downstream |             |
 */
import { fail } from '../core/fail.js';
import { verifyEntResponse } from '../idp-bridge/index.js';
import { loginBinding } from './browser-session.js';
import { afterNoEntSession, consumeTransaction, continueAfterEnt, idpMismatch } from './continue-after-ent.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, LoginOutcome } from './login-outcome.js';

export async function finishEntLogin(deps: LoginDeps, ctx: LoginContext, samlResponse: string, cookies: BrowserCookies): Promise<LoginOutcome> {
  const verified = await verifyEntResponse(deps.idps, deps.upstream, samlResponse, ctx.now);
  if (verified.kind === 'no-passive') {
    const transaction = await consumeTransaction(deps, verified.inResponseTo, loginBinding(cookies), ctx.now);
    if (transaction.upstream.entId !== verified.entId) throw idpMismatch(transaction.upstream.entId, verified.entId);
    return afterNoEntSession(deps, ctx, transaction, cookies);
  }
  const { identity } = verified;
  if (await deps.replay.remember(identity.issuer, verified.assertionId, verified.usableUntil, ctx.now) === 'replayed') {
    throw fail('ERR_LOGIN_ASSERTION_REPLAYED', 'Cette réponse de connexion a déjà été utilisée : recommencez depuis le médiacentre.');
  }
  const transaction = await consumeTransaction(deps, verified.inResponseTo, loginBinding(cookies), ctx.now);
  return continueAfterEnt(deps, ctx, identity, transaction, cookies);
}
