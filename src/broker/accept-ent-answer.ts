/**
 * The checks an ENT's verified answer passes before its identity is used, whichever of the
 * broker's SPs received it: the brokered login's ACS and OIDC callback, and the console's ACS
 * (which imports them from the broker's index). Only the words of the refusal pages differ
 * (`LoginRetry`: who asked the ENT, and where to start again).
 *
 * | check                                                    | refuses (a 4xx page; no session) |
 * |----------------------------------------------------------|----------------------------------|
 * | replay cache: issuer + assertion ID (or OIDC code), kept | ERR_LOGIN_ASSERTION_REPLAYED     |
 * |   until the answer could no longer be accepted           |                                  |
 * |   (saml-profiles §4.1.4.5)                               |                                  |
 * | the login transaction it answers (InResponseTo, OIDC     | ERR_LOGIN_NO_BROWSER_BINDING,    |
 * |   `state`): opened by this browser, not expired, used    |   ERR_LOGIN_TRANSACTION_*        |
 * |   once (saml-profiles §4.1.4.3); an OIDC `state` that    |   (ERR_OIDC_ENT_STATE_MISMATCH   |
 * |   names no transaction is a state mismatch               |   for the OIDC callback)         |
 * | the ENT that answered is the one the transaction asked   | ERR_LOGIN_IDP_MISMATCH           |
 */
import type { BrokerError } from '../core/broker-error.js';
import { fail } from '../core/fail.js';
import type { VerifiedAnyEntResponse, VerifiedEntResponse } from '../idp-bridge/index.js';
import type { LoginTransaction, LoginTransactionStore, ReplayCache } from './ports.js';

export interface EntAnswerStores {
  readonly transactions: LoginTransactionStore;
  readonly replay: ReplayCache;
}

/** The French words of the refusals: who asked the ENT ("ce service"), and how to start again. */
export interface LoginRetry {
  readonly asker: string;
  readonly again: string;
}

export const brokeredLoginRetry: LoginRetry = { asker: 'ce service', again: 'recommencez depuis le médiacentre.' };

/**
 * A verified SAML Response: remembered once, then the transaction it answers consumed. An
 * unsolicited Response (the console's ACS only) answers no transaction: undefined.
 */
export async function acceptEntResponse(
  stores: EntAnswerStores,
  verified: VerifiedEntResponse,
  binding: string | undefined,
  now: Date,
  retry: LoginRetry,
): Promise<LoginTransaction>;
export async function acceptEntResponse(
  stores: EntAnswerStores,
  verified: VerifiedAnyEntResponse,
  binding: string | undefined,
  now: Date,
  retry: LoginRetry,
): Promise<LoginTransaction | undefined>;
export async function acceptEntResponse(
  stores: EntAnswerStores,
  verified: VerifiedAnyEntResponse,
  binding: string | undefined,
  now: Date,
  retry: LoginRetry,
): Promise<LoginTransaction | undefined> {
  const { identity, inResponseTo } = verified;
  await refuseReplayed(stores, identity.issuer, verified.assertionId, verified.usableUntil, now, retry);
  if (inResponseTo === undefined) return undefined;
  const transaction = await consumeTransaction(stores, inResponseTo, binding, now, retry);
  requireSameEnt(transaction, identity.entId);
  return transaction;
}

/** Remembers the answer `key` of `issuer` until `usableUntil`; throws when it was accepted before. */
export async function refuseReplayed(
  stores: EntAnswerStores,
  issuer: string,
  key: string,
  usableUntil: Date,
  now: Date,
  retry: LoginRetry,
): Promise<void> {
  if ((await stores.replay.remember(issuer, key, usableUntil, now)) === 'replayed') {
    throw fail('ERR_LOGIN_ASSERTION_REPLAYED', `Cette réponse de connexion a déjà été utilisée : ${retry.again}`);
  }
}

/**
 * The login transaction named by the ENT's answer (InResponseTo, or OIDC `state`), consumed once by
 * the browser that opened it. `binding` is the digest of that browser's binding cookie, if it brought one.
 * `unknown` is the refusal of a request id that names no transaction (the OIDC callback has its own).
 */
export async function consumeTransaction(
  stores: EntAnswerStores,
  requestId: string,
  binding: string | undefined,
  now: Date,
  retry: LoginRetry,
  unknown: (detail: string) => BrokerError = (detail) => unknownTransaction(retry, detail),
): Promise<LoginTransaction> {
  const detail = `request id ${requestId.slice(0, 12)}…`;
  if (binding === undefined) {
    throw fail(
      'ERR_LOGIN_NO_BROWSER_BINDING',
      "Votre navigateur n'a pas conservé le cookie de connexion : autorisez les cookies puis recommencez.",
      detail,
    );
  }
  const outcome = await stores.transactions.consume(requestId, binding, now);
  if (!('refused' in outcome)) return outcome;
  switch (outcome.refused) {
    case 'unknown':
      throw unknown(detail);
    case 'expired':
      throw fail('ERR_LOGIN_TRANSACTION_EXPIRED', `La connexion a expiré : ${retry.again}`, detail);
    case 'consumed':
      throw fail('ERR_LOGIN_TRANSACTION_CONSUMED', `Cette connexion est déjà terminée : ${retry.again}`, detail);
    case 'other-browser': {
      const message = 'Cette connexion a été commencée dans un autre navigateur.';
      throw fail('ERR_LOGIN_TRANSACTION_OTHER_BROWSER', message, detail);
    }
  }
}

/** An answer to no login transaction this SP can finish. */
function unknownTransaction(retry: LoginRetry, detail: string): BrokerError {
  const message = `Cette connexion n'a pas été demandée par ${retry.asker} : ${retry.again}`;
  return fail('ERR_LOGIN_TRANSACTION_UNKNOWN', message, detail);
}

/**
 * An OIDC callback whose `state` is missing, repeated, or names no OIDC login the broker started
 * (RFC 6749 §10.12): the answer is not for this browser's login.
 */
export function oidcStateMismatch(retry: LoginRetry, detail: string): BrokerError {
  const message = `La réponse de l'ENT ne correspond à aucune connexion en cours dans ce navigateur : ${retry.again}`;
  return fail('ERR_OIDC_ENT_STATE_MISMATCH', message, detail);
}

/** The ENT project whose IdP (or provider) answered must be the one the transaction sent the browser to. */
export function requireSameEnt(transaction: LoginTransaction, entId: string): void {
  if (transaction.upstream.entId !== entId) {
    const message = "La réponse ne vient pas de l'ENT sollicité.";
    throw fail('ERR_LOGIN_IDP_MISMATCH', message, `expected ${transaction.upstream.entId}, got ${entId}`);
  }
}
