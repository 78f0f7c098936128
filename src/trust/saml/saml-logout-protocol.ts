/**
 * The typed values of SAML Single Logout (saml-core §3.7, saml-profiles §4.4), on both of the
 * broker's sides: toward the ENTs (the broker is their SP) and toward the publishers (the broker
 * is their IdP). What the readers return comes only from bytes whose signature was verified with
 * the partner's metadata keys; what the builders take comes from the broker itself.
 */
import type { IdpMetadata, SamlBinding, SpMetadata } from '../metadata/saml-metadata.js';

/** What reached a SingleLogoutService endpoint, undecoded. */
export type IncomingSamlMessage =
  /** `rawQuery`: the query string exactly as received (the signature covers its octets, saml-bindings §3.4.4.1). */
  | { readonly binding: 'HTTP-Redirect'; readonly rawQuery: string }
  /** `samlMessage`: the SAMLRequest or SAMLResponse form field (base64 of the XML, saml-bindings §3.5.4). */
  | { readonly binding: 'HTTP-POST'; readonly samlMessage: string; readonly relayState?: string };

export interface LogoutMessageExpectations {
  /** The registered partner of this entityID (ENT IdP or publisher SP metadata), or undefined (refused). */
  readonly findPartner: (entityId: string) => Promise<IdpMetadata | SpMetadata | undefined>;
  /**
   * Our SLO endpoint URL: Destination is required on a signed message (saml-bindings §3.4.5.2,
   * §3.5.5.2) and must equal it.
   */
  readonly destination: string;
  readonly now: Date;
  readonly skewSeconds: number;
}

/** A partner's LogoutRequest (saml-core §3.7.1), signature verified, fresh, addressed to us. */
export interface VerifiedLogoutRequest {
  readonly id: string;
  readonly issuer: string;
  readonly issueInstant: Date;
  readonly binding: SamlBinding;
  readonly notOnOrAfter?: Date;
  /** The principal to log out, as the partner names it (a clear NameID: EncryptedID and BaseID are refused). */
  readonly nameId: { readonly value: string; readonly format?: string };
  /** The sessions to end, in document order; empty means every session of that NameID (saml-core §3.7.3.1). */
  readonly sessionIndexes: readonly string[];
  /** RelayState as received, to send back unchanged with the LogoutResponse (at most 80 bytes). */
  readonly relayState?: string;
  readonly partner: IdpMetadata | SpMetadata;
}

/** A partner's LogoutResponse (saml-core §3.7.2), signature verified, fresh, addressed to us. */
export interface VerifiedLogoutResponse {
  readonly id: string;
  readonly issuer: string;
  /** The ID of the LogoutRequest it answers: the caller checks it is one it sent to this partner. */
  readonly inResponseTo: string;
  readonly binding: SamlBinding;
  /** Top-level StatusCode URI, and the second-level one when present. */
  readonly status: string;
  readonly subStatus?: string;
  readonly relayState?: string;
  readonly partner: IdpMetadata | SpMetadata;
}

/** A LogoutRequest the broker sends a partner (saml-profiles §4.4.4.1). */
export interface LogoutRequestToPartner {
  /** An NCName the caller keeps, to match the partner's LogoutResponse InResponseTo. */
  readonly id: string;
  /** The broker's entityID on this side (its SP entityID toward an ENT, its IdP entityID toward a publisher). */
  readonly issuer: string;
  /** The partner's SingleLogoutService location, as logoutEndpointFor chose it. */
  readonly destination: string;
  readonly now: Date;
  /** The NameID exactly as the session knows it (saml-profiles §4.4.4.1: it must match the assertion's). */
  readonly nameId: string;
  readonly nameIdFormat?: string;
  /** The NameID's SPNameQualifier, when the assertion carried one (the broker's own assertions do). */
  readonly spNameQualifier?: string;
  readonly sessionIndex?: string;
  /** NotOnOrAfter = now + this, when set. */
  readonly notOnOrAfterSeconds?: number;
}

/**
 * How the broker answers a LogoutRequest (saml-core §3.7.3.2): `success` when its session (and
 * every participant's) ended; `partial` when its own ended but a participant could not be
 * logged out (top-level Success, second-level PartialLogout); `requester-error` when the request
 * was not acceptable (top-level Requester).
 */
export type LogoutOutcome = 'success' | 'partial' | 'requester-error';

/** A LogoutResponse the broker sends a partner (saml-core §3.7.2). */
export interface LogoutResponseToPartner {
  readonly id: string;
  readonly issuer: string;
  /** The partner's SingleLogoutService response location, as logoutEndpointFor chose it. */
  readonly destination: string;
  readonly now: Date;
  readonly inResponseTo: string;
  readonly status: LogoutOutcome;
}

/** A logout message the broker built, to send with logoutMessageTo. */
export interface OutgoingLogoutMessage {
  /** From buildLogoutRequest or buildLogoutResponse (unsigned). */
  readonly xml: string;
  readonly kind: 'request' | 'response';
  readonly relayState?: string;
}

/** Where the browser takes an outgoing logout message: a signed Redirect URL, or a form to post. */
export type LogoutDelivery =
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'post'; readonly action: string; readonly fields: Readonly<Record<string, string>> };
