/**
 * The console's ACS (`POST /console/saml/acs`): the ENT's Response logs a licence manager in.
 *
 * | step                                                        | refuses (a 4xx page; no session)                    |
 * |-------------------------------------------------------------|-----------------------------------------------------|
 * | trust verifies it: signature, issuer, audience = the console | ERR_LOGIN_IDP_UNKNOWN, ERR_SAML_*, ERR_XMLDSIG_*    |
 * |   SP, destination/recipient = its ACS, times; unsolicited    |   (ERR_SAML_RESPONSE_STALE: unsolicited, not recent) |
 * |   accepted but recent                                        |                                                     |
 * | replay cache: issuer + assertion ID, until NotOnOrAfter      | ERR_LOGIN_ASSERTION_REPLAYED                        |
 * | solicited: the console transaction of this browser, once,   | ERR_LOGIN_NO_BROWSER_BINDING, ERR_LOGIN_TRANSACTION_*|
 * |   from the ENT it was sent to                                 |   ERR_LOGIN_IDP_MISMATCH                            |
 * | a live licence manager of the IdP's own ENT project, with at | ERR_CONSOLE_NOT_A_MANAGER                           |
 * |   least one live establishment (GAR-ENT-RespAff)             |                                                     |
 * The caller then opens the console session.
 */
import { cookieDigest } from '../../../broker/index.js';
import { fail } from '../../../core/fail.js';
import type { ConsoleSubject } from '../../../console/index.js';
import type { ManagerLoginDeps } from './manager-login-deps.js';
import { verifyConsoleResponse } from './verify-console-response.js';

const again = 'recommencez depuis la page de connexion de la console ou depuis votre ENT.';
const refusals = {
  unknown: ['ERR_LOGIN_TRANSACTION_UNKNOWN', `Cette connexion n'a pas été demandée par la console : ${again}`],
  expired: ['ERR_LOGIN_TRANSACTION_EXPIRED', `La connexion a expiré : ${again}`],
  consumed: ['ERR_LOGIN_TRANSACTION_CONSUMED', `Cette connexion est déjà terminée : ${again}`],
  'other-browser': ['ERR_LOGIN_TRANSACTION_OTHER_BROWSER', 'Cette connexion a été commencée dans un autre navigateur.'],
} as const;

export type ManagerSubject = Extract<ConsoleSubject, { kind: 'manager' }>;

/** `binding` is the browser's `gar_console_login` value, if it brought one. */
export async function finishManagerLogin(deps: ManagerLoginDeps, samlResponse: string, binding: string | undefined, now: Date): Promise<ManagerSubject> {
  const verified = await verifyConsoleResponse(deps.idps, deps.sp, samlResponse, now);
  // saml-profiles §4.1.4.5: a bearer assertion is used once. Kept until it could no longer be accepted.
  if (await deps.replay.remember(verified.issuer, verified.assertionId, verified.usableUntil, now) === 'replayed') {
    throw fail('ERR_LOGIN_ASSERTION_REPLAYED', `Cette réponse de connexion a déjà été utilisée : ${again}`);
  }
  if (verified.inResponseTo !== undefined) await consumeTransaction(deps, verified.inResponseTo, verified.entId, binding, now);
  // The person is looked up in the ENT project of the IdP that signed, never another: an ENT
  // vouches only for its own users (gar-reference §2 C).
  const scope = await deps.managers.managerScope(verified.entId, verified.personId);
  if (scope === undefined || scope.establishments.length === 0) {
    throw fail('ERR_CONSOLE_NOT_A_MANAGER', "Votre ENT vous a bien identifié, mais vous n'êtes responsable d'affectation d'aucun établissement : la console ne vous est pas ouverte.", `entId=${verified.entId}`);
  }
  return { kind: 'manager', entId: verified.entId, personId: verified.personId };
}

/**
 * saml-profiles §4.1.4.3: a Response that names an AuthnRequest must answer one the console sent,
 * from this browser (its binding cookie), not yet answered, not expired, and to this ENT.
 */
async function consumeTransaction(deps: ManagerLoginDeps, requestId: string, entId: string, binding: string | undefined, now: Date): Promise<void> {
  if (binding === undefined) {
    throw fail('ERR_LOGIN_NO_BROWSER_BINDING', "Votre navigateur n'a pas conservé le cookie de connexion : autorisez les cookies puis recommencez.", `InResponseTo ${requestId}`);
  }
  const outcome = await deps.transactions.consume(requestId, cookieDigest(binding), now);
  if ('refused' in outcome) {
    const [code, message] = refusals[outcome.refused];
    throw fail(code, message, `InResponseTo ${requestId}`);
  }
  if (outcome.upstream.entId !== entId) {
    throw fail('ERR_LOGIN_IDP_MISMATCH', "La réponse ne vient pas de l'ENT sollicité.", `expected ${outcome.upstream.entId}, got ${entId}`);
  }
}
