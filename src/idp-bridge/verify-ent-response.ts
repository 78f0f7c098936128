/**
 * Upstream, step 2 (the ACS): the ENT's Response, verified by trust against the metadata of the
 * IdP it claims to come from, becomes an UpstreamIdentity. The claimed issuer only chooses whose
 * keys verify; an unknown one is refused before any other work. What the broker still checks with
 * its store (replay, the login transaction, same ENT) uses the returned fields.
 *
 * The answer to a passive request when the ENT has no session (Responder/NoPassive) is not an
 * error here: it comes back as `no-passive`, with the request it answers.
 */
import { isBrokerError } from '../core/broker-error.js';
import { fail } from '../core/fail.js';
import type { UpstreamIdentity } from '../core/upstream-identity.js';
import {
  maxIdpResponseBytes, peekSamlIssuer, readIdpResponse, readNoPassiveResponse, receiveSamlMessage,
  type ReceivedSamlMessage,
  type VerifiedIdpAssertion,
} from '../trust/index.js';
import type { EntIdentityProviders, EntIdp } from './ports.js';
import type { UpstreamSettings } from './upstream-settings.js';

export interface VerifiedEntResponse {
  readonly kind: 'authenticated';
  readonly identity: UpstreamIdentity;
  /** The AuthnRequest answered (never absent: unsolicited Responses are refused by trust). */
  readonly inResponseTo: string;
  readonly assertionId: string;
  /** Until when the assertion could be accepted: its replay-cache entry lives this long. */
  readonly usableUntil: Date;
}

/** A passive request answered "no session" by the ENT project `entId`. */
export interface EntHasNoSession {
  readonly kind: 'no-passive';
  readonly entId: string;
  readonly inResponseTo: string;
}

export async function verifyEntResponse(
  idps: EntIdentityProviders, settings: UpstreamSettings, samlResponse: string, now: Date,
): Promise<VerifiedEntResponse | EntHasNoSession> {
  const message = receiveSamlMessage(samlResponse, maxIdpResponseBytes);
  const idp = await claimedIdp(idps, message, now);
  let assertion: VerifiedIdpAssertion;
  try {
    assertion = readIdpResponse(message, {
      idp: idp.metadata, spEntityId: settings.spEntityId, acsUrl: settings.acsUrl, now,
      skewSeconds: settings.skewSeconds, requiredSignature: settings.requiredSignature,
      decryptionKeys: settings.decryptionKeys(now),
    });
  } catch (error) {
    const answer = isBrokerError(error) && error.code === 'ERR_SAML_RESPONSE_NO_PASSIVE'
      ? readNoPassiveResponse(message)
      : undefined;
    if (answer === undefined || answer.issuer !== idp.metadata.entityId) throw error;
    return { kind: 'no-passive', entId: idp.entId, inResponseTo: answer.inResponseTo };
  }
  return {
    kind: 'authenticated',
    identity: identityOf(idp, assertion, settings.userIdAttribute),
    inResponseTo: assertion.inResponseTo,
    assertionId: assertion.assertionId,
    usableUntil: new Date(assertion.notOnOrAfter.getTime() + settings.skewSeconds * 1000),
  };
}

async function claimedIdp(idps: EntIdentityProviders, message: ReceivedSamlMessage, now: Date): Promise<EntIdp> {
  const issuer = peekSamlIssuer(message, maxIdpResponseBytes);
  const idp = issuer === undefined ? undefined : await idps.byEntityId(issuer, now);
  if (idp === undefined) throw fail('ERR_LOGIN_IDP_UNKNOWN', "Réponse d'un fournisseur d'identité inconnu.", `issuer ${issuer ?? '(none)'}`);
  return idp;
}

/**
 * The configured attribute's first non-blank value, else the NameID; and the ENT session the
 * assertion names (NameID, SessionIndex), which the ENT's LogoutRequest will name again.
 */
function identityOf(idp: EntIdp, assertion: VerifiedIdpAssertion, userIdAttribute: string): UpstreamIdentity {
  const fromAttribute = assertion.attributes[userIdAttribute]?.find((v) => v.trim() !== '');
  return {
    entId: idp.entId,
    entUserId: (fromAttribute ?? assertion.nameId.value).trim(),
    issuer: assertion.issuer,
    authnInstant: assertion.authnInstant ?? assertion.issueInstant,
    entSession: {
      nameId: assertion.nameId.value,
      ...(assertion.nameId.format === undefined ? {} : { nameIdFormat: assertion.nameId.format }),
      ...(assertion.sessionIndex === undefined ? {} : { sessionIndex: assertion.sessionIndex }),
    },
  };
}
