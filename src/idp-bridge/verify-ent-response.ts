/**
 * Upstream, step 2 (the ACS): the ENT's Response, verified by trust against the metadata of the
 * IdP it claims to come from, becomes an UpstreamIdentity. The claimed issuer only chooses whose
 * keys verify; an unknown one is refused before any other work. What the caller still checks with
 * its store (replay, the login transaction, same ENT) uses the returned fields. The same for the
 * brokered login's ACS and the console's: only the SP settings (entityID, ACS) and `options` differ.
 *
 * The answer to a passive request when the ENT has no session (Responder/NoPassive) is not an
 * error here: it comes back as `no-passive`, with the request it answers.
 */
import { isBrokerError } from '../core/broker-error.js';
import { fail } from '../core/fail.js';
import type { UpstreamIdentity } from '../core/upstream-identity.js';
import {
  maxIdpResponseBytes,
  peekSamlIssuer,
  readIdpResponse,
  readNoPassiveResponse,
  receiveSamlMessage,
  type IdpResponseExpectations,
  type ReceivedSamlMessage,
  type VerifiedAnyIdpAssertion,
} from '../trust/index.js';
import type { EntIdentityProviders, EntIdp } from './ports.js';
import type { UpstreamSettings } from './upstream-settings.js';
import { definedFields } from '../core/defined-fields.js';

export interface VerifiedEntResponse {
  readonly kind: 'authenticated';
  readonly identity: UpstreamIdentity;
  /** The AuthnRequest answered (never absent: unsolicited Responses are refused by trust). */
  readonly inResponseTo: string;
  readonly assertionId: string;
  /** Until when the assertion could be accepted: its replay-cache entry lives this long. */
  readonly usableUntil: Date;
}

/** A VerifiedEntResponse read with `unsolicited: 'accept'`: no `inResponseTo` when the ENT sent it unasked. */
export type VerifiedAnyEntResponse = Omit<VerifiedEntResponse, 'inResponseTo'> & { readonly inResponseTo?: string };

/** A passive request answered "no session" by the ENT project `entId`. */
export interface EntHasNoSession {
  readonly kind: 'no-passive';
  readonly entId: string;
  readonly inResponseTo: string;
}

export interface EntResponseOptions {
  /**
   * `accept`, for the console's ACS only: an unsolicited Response (IdP-initiated SSO, saml-profiles
   * §4.1.5), which is how GAR's ENTs log licence managers in, is verified like any other and must be
   * recent (trust). That SP sends no passive request, so a NoPassive answer stays trust's refusal.
   */
  readonly unsolicited: 'accept';
}

export async function verifyEntResponse(
  idps: EntIdentityProviders,
  settings: UpstreamSettings,
  samlResponse: string,
  now: Date,
): Promise<VerifiedEntResponse | EntHasNoSession>;
export async function verifyEntResponse(
  idps: EntIdentityProviders,
  settings: UpstreamSettings,
  samlResponse: string,
  now: Date,
  options: EntResponseOptions,
): Promise<VerifiedAnyEntResponse>;
export async function verifyEntResponse(
  idps: EntIdentityProviders,
  settings: UpstreamSettings,
  samlResponse: string,
  now: Date,
  options?: EntResponseOptions,
): Promise<VerifiedAnyEntResponse | EntHasNoSession> {
  const message = receiveSamlMessage(samlResponse, maxIdpResponseBytes);
  const idp = await claimedIdp(idps, message, now);
  const expectations: IdpResponseExpectations = {
    idp: idp.metadata,
    spEntityId: settings.spEntityId,
    acsUrl: settings.acsUrl,
    now,
    skewSeconds: settings.skewSeconds,
    requiredSignature: settings.requiredSignature,
    decryptionKeys: settings.decryptionKeys(now),
  };
  if (options?.unsolicited === 'accept') {
    return authenticated(idp, readIdpResponse(message, { ...expectations, unsolicited: 'accept' }), settings);
  }
  try {
    return authenticated(idp, readIdpResponse(message, expectations), settings);
  } catch (error) {
    return noSessionAnswer(error, message, idp);
  }
}

function authenticated(
  idp: EntIdp,
  assertion: VerifiedAnyIdpAssertion,
  settings: UpstreamSettings,
): VerifiedAnyEntResponse {
  return {
    kind: 'authenticated',
    identity: identityOf(idp, assertion, settings.userIdAttribute),
    ...definedFields({ inResponseTo: assertion.inResponseTo }),
    assertionId: assertion.assertionId,
    usableUntil: new Date(assertion.notOnOrAfter.getTime() + settings.skewSeconds * 1000),
  };
}

/** Trust's NoPassive refusal, from the IdP that was asked, as the answer it is; any other error thrown again. */
function noSessionAnswer(error: unknown, message: ReceivedSamlMessage, idp: EntIdp): EntHasNoSession {
  const answer =
    isBrokerError(error) && error.code === 'ERR_SAML_RESPONSE_NO_PASSIVE' ? readNoPassiveResponse(message) : undefined;
  if (answer === undefined || answer.issuer !== idp.metadata.entityId) throw error;
  return { kind: 'no-passive', entId: idp.entId, inResponseTo: answer.inResponseTo };
}

async function claimedIdp(idps: EntIdentityProviders, message: ReceivedSamlMessage, now: Date): Promise<EntIdp> {
  const issuer = peekSamlIssuer(message, maxIdpResponseBytes);
  const idp = issuer === undefined ? undefined : await idps.byEntityId(issuer, now);
  if (idp === undefined) {
    const detail = `issuer ${issuer ?? '(none)'}`;
    throw fail('ERR_LOGIN_IDP_UNKNOWN', "Réponse d'un fournisseur d'identité inconnu.", detail);
  }
  return idp;
}

/**
 * The configured attribute's first non-blank value, else the NameID; and the ENT session the
 * assertion names (NameID, SessionIndex), which the ENT's LogoutRequest will name again.
 */
function identityOf(idp: EntIdp, assertion: VerifiedAnyIdpAssertion, userIdAttribute: string): UpstreamIdentity {
  const fromAttribute = assertion.attributes[userIdAttribute]?.find((v) => v.trim() !== '');
  return {
    entId: idp.entId,
    entUserId: (fromAttribute ?? assertion.nameId.value).trim(),
    issuer: assertion.issuer,
    authnInstant: assertion.authnInstant ?? assertion.issueInstant,
    entSession: {
      nameId: assertion.nameId.value,
      ...definedFields({ nameIdFormat: assertion.nameId.format, sessionIndex: assertion.sessionIndex }),
    },
  };
}
