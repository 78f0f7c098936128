/**
 * The ACS (`POST /saml/sp/acs`): the ENT's answer finishes the login the broker started.
 *
 * | step                                      | refuses (a 4xx page; no session, nothing sent) |
 * |-------------------------------------------|-----------------------------------------------|
 * | idp-bridge verifies the Response (trust)  | unknown IdP, signature, XSW, audience, time…   |
 * | replay cache                              | an assertion accepted before                   |
 * | login transaction, this browser, once     | unsolicited, unknown, expired, reused, other browser |
 * | same ENT as the request                   | another ENT's IdP                              |
 * | the person is in the directory            | ERR_LOGIN_USER_UNKNOWN                         |
 * | broker session opened                     |                                                |
 * | médiacentre click → licence → resource URL; publisher request → answer at its ACS |     |
 */
import { fail } from '../core/fail.js';
import { verifyEntResponse } from '../idp-bridge/index.js';
import { answerServiceProvider } from './answer-service-provider.js';
import { loginBinding, openSession } from './browser-session.js';
import { unknownUser } from './decide-access.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, LoginOutcome } from './login-outcome.js';
import { enterResource } from './open-from-mediacentre.js';
import type { LoginTransaction } from './ports.js';

const refusals = {
  unknown: ['ERR_LOGIN_TRANSACTION_UNKNOWN', "Cette connexion n'a pas été demandée par ce service : recommencez depuis le médiacentre."],
  expired: ['ERR_LOGIN_TRANSACTION_EXPIRED', 'La connexion a expiré : recommencez depuis le médiacentre.'],
  consumed: ['ERR_LOGIN_TRANSACTION_CONSUMED', 'Cette connexion est déjà terminée : recommencez depuis le médiacentre.'],
  'other-browser': ['ERR_LOGIN_TRANSACTION_OTHER_BROWSER', 'Cette connexion a été commencée dans un autre navigateur.'],
} as const;

export async function finishEntLogin(deps: LoginDeps, ctx: LoginContext, samlResponse: string, cookies: BrowserCookies): Promise<LoginOutcome> {
  const verified = await verifyEntResponse(deps.idps, deps.upstream, samlResponse, ctx.now);
  const { identity } = verified;
  if (await deps.replay.remember(identity.issuer, verified.assertionId, verified.usableUntil, ctx.now) === 'replayed') {
    throw fail('ERR_LOGIN_ASSERTION_REPLAYED', 'Cette réponse de connexion a déjà été utilisée : recommencez depuis le médiacentre.');
  }
  const transaction = await consume(deps, verified.inResponseTo, loginBinding(cookies), ctx.now);
  if (transaction.upstream.entId !== identity.entId) {
    throw fail('ERR_LOGIN_IDP_MISMATCH', "La réponse ne vient pas de l'ENT sollicité.", `expected ${transaction.upstream.entId}, got ${identity.entId}`);
  }
  const person = { entId: identity.entId, personId: identity.entUserId };
  if ((await deps.people.establishmentsOf(person.entId, person.personId)).length === 0) throw unknownUser(person);
  const downstream = transaction.downstream;
  const uai = downstream?.kind === 'mediacentre' ? downstream.uai : undefined;
  const { session, cookie } = await openSession(deps, identity, uai, ctx.now);
  ctx.log.info({ event: 'login.ent_authenticated', entId: identity.entId, issuer: identity.issuer, downstream: downstream?.kind ?? 'none' });
  if (downstream?.kind === 'mediacentre') {
    const resource = await deps.resources.findResource(downstream.idRessource);
    if (resource === undefined) throw fail('ERR_LOGIN_RESOURCE_UNKNOWN', 'Cette ressource est inconnue du service.');
    return enterResource(deps, ctx, person, downstream.uai, resource, [cookie]);
  }
  if (downstream?.kind === 'service-provider') {
    const outcome = await answerServiceProvider(deps, ctx, session, downstream, cookies);
    return { ...outcome, cookies: [cookie, ...outcome.cookies] };
  }
  // OIDC and CAS go back to their own entry, which now finds the broker session (and, for CAS,
  // without `renew`: the ENT login just made is the fresh one it asked for).
  if (downstream?.kind === 'oidc-interaction') return { kind: 'redirect', location: `/oidc/interaction/${encodeURIComponent(downstream.uid)}`, cookies: [cookie] };
  if (downstream?.kind === 'cas') return { kind: 'redirect', location: `/cas/login?service=${encodeURIComponent(downstream.service)}`, cookies: [cookie] };
  throw fail('ERR_LOGIN_TRANSACTION_UNKNOWN', 'Connexion sans destination.', 'transaction without downstream');
}

async function consume(deps: LoginDeps, requestId: string, binding: string | undefined, now: Date): Promise<LoginTransaction> {
  if (binding === undefined) {
    throw fail('ERR_LOGIN_NO_BROWSER_BINDING', "Votre navigateur n'a pas conservé le cookie de connexion : autorisez les cookies puis recommencez.");
  }
  const outcome = await deps.transactions.consume(requestId, binding, now);
  if ('refused' in outcome) {
    const [code, message] = refusals[outcome.refused];
    throw fail(code, message, `InResponseTo ${requestId}`);
  }
  return outcome;
}
