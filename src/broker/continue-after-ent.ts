/**
 * What follows an ENT's authentication, whichever protocol the ENT spoke (SAML or OIDC):
 *
 * | step                                      | refuses (a 4xx page; no session, nothing sent) |
 * |-------------------------------------------|-----------------------------------------------|
 * | login transaction, this browser, once     | unsolicited, unknown, expired, reused, other browser |
 * | same ENT as the request                   | another ENT's identity provider               |
 * | the person is in the directory            | ERR_LOGIN_USER_UNKNOWN                         |
 * | broker session opened                     |                                               |
 * | the waiting downstream: médiacentre click → licence → resource URL; SAML request → answer at its ACS; OIDC interaction → back to it; CAS login → its ticket |
 */
import { fail } from '../core/fail.js';
import type { UpstreamIdentity } from '../core/upstream-identity.js';
import { answerServiceProvider } from './answer-service-provider.js';
import { casTicketAfterEntLogin } from './cas-login.js';
import { openSession } from './browser-session.js';
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

/** The login transaction named by the ENT's answer (InResponseTo, or OIDC `state`), consumed once by its own browser. */
export async function consumeTransaction(deps: LoginDeps, requestId: string, binding: string | undefined, now: Date): Promise<LoginTransaction> {
  if (binding === undefined) {
    throw fail('ERR_LOGIN_NO_BROWSER_BINDING', "Votre navigateur n'a pas conservé le cookie de connexion : autorisez les cookies puis recommencez.");
  }
  const outcome = await deps.transactions.consume(requestId, binding, now);
  if ('refused' in outcome) {
    const [code, message] = refusals[outcome.refused];
    throw fail(code, message, `request id ${requestId.slice(0, 12)}…`);
  }
  return outcome;
}

export async function continueAfterEnt(
  deps: LoginDeps, ctx: LoginContext, identity: UpstreamIdentity, transaction: LoginTransaction, cookies: BrowserCookies,
): Promise<LoginOutcome> {
  if (transaction.upstream.entId !== identity.entId) {
    throw fail('ERR_LOGIN_IDP_MISMATCH', "La réponse ne vient pas de l'ENT sollicité.", `expected ${transaction.upstream.entId}, got ${identity.entId}`);
  }
  const person = { entId: identity.entId, personId: identity.entUserId };
  if ((await deps.people.establishmentsOf(person.entId, person.personId)).length === 0) throw unknownUser(person);
  const downstream = transaction.downstream;
  const uai = downstream?.kind === 'mediacentre' ? downstream.uai : undefined;
  const { session, cookie } = await openSession(deps, identity, uai, ctx.now);
  ctx.log.info({ event: 'login.ent_authenticated', entId: identity.entId, issuer: identity.issuer, downstream: downstream?.kind ?? 'none' });
  switch (downstream?.kind) {
    case 'mediacentre': {
      const resource = await deps.resources.findResource(downstream.idRessource);
      if (resource === undefined) throw fail('ERR_LOGIN_RESOURCE_UNKNOWN', 'Cette ressource est inconnue du service.');
      return enterResource(deps, ctx, person, downstream.uai, resource, [cookie]);
    }
    case 'service-provider': {
      const outcome = await answerServiceProvider(deps, ctx, session, downstream, cookies);
      return { ...outcome, cookies: [cookie, ...outcome.cookies] };
    }
    // OIDC goes back to its interaction, which now finds the broker session.
    case 'oidc-interaction':
      return { kind: 'redirect', location: `/oidc/interaction/${encodeURIComponent(downstream.uid)}`, cookies: [cookie] };
    // CAS gets its ticket now, marked as issued from this ENT login (`renew`, CAS 3.0 §2.5.1).
    case 'cas': {
      const outcome = await casTicketAfterEntLogin(deps, ctx, session, downstream.service, cookies);
      return { ...outcome, cookies: [cookie, ...outcome.cookies] };
    }
    default:
      throw fail('ERR_LOGIN_TRANSACTION_UNKNOWN', 'Connexion sans destination.', 'transaction without downstream');
  }
}
