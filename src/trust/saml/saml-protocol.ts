/**
 * The typed values of the SAML messages the broker exchanges, shared by the codecs of
 * trust/saml and the login flow. Inner code reads these, never the XML: every value here comes
 * from bytes whose signature was verified (or from the broker itself, for what it builds).
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import type { IdpMetadata, SamlBinding, SpMetadata } from '../metadata/saml-metadata.js';

// ---------------------------------------------------------------- upstream: broker (SP) ↔ ENT (IdP)

/** An AuthnRequest the broker sends to an ENT (HTTP-Redirect binding, signed by the query string). */
export interface AuthnRequestToIdp {
  /** `_` + 32 random hex (an NCName); the login transaction's key. */
  readonly id: string;
  readonly issueInstant: Date;
  /** The broker's SP entityID. */
  readonly issuer: string;
  /** The broker's ACS (`POST /saml/sp/acs`). */
  readonly acsUrl: string;
  /** The ENT's SingleSignOnService location (HTTP-Redirect). */
  readonly destination: string;
  readonly forceAuthn?: boolean;
  /** saml-core §3.4.1: the ENT must not show anything; no session answers Responder/NoPassive. */
  readonly isPassive?: boolean;
}

export interface RedirectSigningKey {
  /** Parsed once (PEM text per call is 3× slower). */
  readonly privateKey: KeyObject;
  /** Default rsa-sha256. */
  readonly algorithm?: 'rsa-sha256' | 'rsa-sha512';
}

/** Which signature the broker requires on an ENT's Response. */
export type RequiredResponseSignature = 'assertion' | 'response' | 'either' | 'both';

export interface IdpResponseExpectations {
  /** The ENT's metadata: its entityID is the only accepted Issuer, its signing keys the only trusted ones. */
  readonly idp: IdpMetadata;
  /** Our SP entityID: the only accepted Audience. */
  readonly spEntityId: string;
  /** Our ACS URL: the only accepted Destination and Recipient. */
  readonly acsUrl: string;
  readonly now: Date;
  /** Allowed clock difference on NotBefore / NotOnOrAfter / IssueInstant (default 60 s). */
  readonly skewSeconds: number;
  readonly requiredSignature: RequiredResponseSignature;
  /** The broker's encryption private keys (current first): for an EncryptedAssertion. */
  readonly decryptionKeys: readonly KeyObject[];
  /**
   * An unsolicited Response (IdP-initiated, saml-profiles §4.1.5: no InResponseTo anywhere) is
   * refused: the default, and the brokered login's rule. AcceptingIdpResponseExpectations says `accept`.
   */
  readonly unsolicited?: 'refuse';
}

/**
 * The same expectations, unsolicited Responses accepted: the console's ACS, where GAR's ENTs log
 * licence managers in by IdP-initiated SSO. Everything else is still checked, and such a Response
 * and its assertion must have been issued within `skewSeconds` + five minutes. A separate type,
 * so that only a reader that asked for it gets an answer whose `inResponseTo` may be absent.
 */
export interface AcceptingIdpResponseExpectations extends Omit<IdpResponseExpectations, 'unsolicited'> {
  readonly unsolicited: 'accept';
}

/** What an ENT said about the user, read only from signed (and decrypted) content. */
export interface VerifiedIdpAssertion {
  readonly responseId: string;
  /**
   * The AuthnRequest it answers; unsolicited responses are refused before this exists (else see
   * VerifiedAnyIdpAssertion).
   */
  readonly inResponseTo: string;
  readonly issuer: string;
  readonly assertionId: string;
  readonly issueInstant: Date;
  /** The earliest of Conditions' and SubjectConfirmationData's NotOnOrAfter. */
  readonly notOnOrAfter: Date;
  readonly nameId: { readonly value: string; readonly format?: string };
  readonly sessionIndex?: string;
  readonly authnInstant?: Date;
  /** Attribute Name → its values, in document order; empty values dropped. */
  readonly attributes: Readonly<Record<string, readonly string[]>>;
}

/** A VerifiedIdpAssertion read with `unsolicited: 'accept'`: no `inResponseTo` when the Response was unsolicited. */
export type VerifiedAnyIdpAssertion = Omit<VerifiedIdpAssertion, 'inResponseTo'> & { readonly inResponseTo?: string };

// ------------------------------------------------------------ downstream: publisher (SP) ↔ broker (IdP)

/** An AuthnRequest as it reached `/saml/idp/sso`, undecoded. */
export type IncomingAuthnRequest =
  /** `rawQuery`: the query string exactly as received (the signature covers its octets). */
  | { readonly binding: 'HTTP-Redirect'; readonly rawQuery: string }
  | { readonly binding: 'HTTP-POST'; readonly samlRequest: string; readonly relayState?: string };

export interface SpRequestExpectations {
  /** The registered SP of this entityID, or undefined (unknown SP → refused). */
  readonly findSp: (entityId: string) => Promise<SpMetadata | undefined>;
  /** Our IdP SSO URL: a Destination, when present, must be it. */
  readonly ssoUrl: string;
  /** Require a valid signature even when the SP's metadata does not announce signed requests (GAR: true). */
  readonly requireSigned: boolean;
  readonly now: Date;
  readonly skewSeconds: number;
}

/** A publisher's AuthnRequest whose issuer is registered, signature verified and ACS resolved from metadata. */
export interface VerifiedSpRequest {
  readonly id: string;
  readonly issuer: string;
  readonly issueInstant: Date;
  readonly binding: SamlBinding;
  /** Resolved in the SP's metadata (HTTP-POST only): the only place an answer may go. */
  readonly acsUrl: string;
  readonly forceAuthn: boolean;
  readonly isPassive: boolean;
  /** RelayState as received, to send back unchanged (at most 80 bytes, SAML bindings §3.4.3). */
  readonly relayState?: string;
  readonly sp: SpMetadata;
}

/** One attribute of the assertion to a publisher: GAR name (IDO, UAI, …), values as strings. */
export interface AssertionAttribute {
  readonly name: string;
  readonly values: readonly string[];
}

export interface AssertionToSp {
  readonly idpEntityId: string;
  readonly spEntityId: string;
  readonly acsUrl: string;
  /** Absent for an IdP-initiated answer (the médiacentre flow without a request). */
  readonly inResponseTo?: string;
  /** Transient NameID value (random, made by the caller). */
  readonly nameId: string;
  readonly sessionIndex: string;
  readonly authnInstant: Date;
  readonly now: Date;
  /** NotOnOrAfter = now + this (default 300 s); NotBefore = now − skew. */
  readonly lifetimeSeconds: number;
  readonly skewSeconds: number;
  readonly attributes: readonly AssertionAttribute[];
}

export interface ResponseSigningKeys {
  readonly privateKey: KeyObject;
  readonly certificatePem: string;
  /** When set, the assertion is encrypted to this certificate's key. */
  readonly encryptTo?: {
    readonly certificate: X509Certificate;
    readonly algorithm: 'aes-256-gcm' | 'aes-128-gcm' | 'aes-256-cbc';
  };
}

/** A SAML status the broker answers a verified ACS with when it cannot authenticate. */
export interface ErrorToSp {
  readonly idpEntityId: string;
  readonly acsUrl: string;
  readonly inResponseTo?: string;
  readonly now: Date;
  /** Second-level status code URI (RequestDenied, NoPassive, AuthnFailed…), under Responder. */
  readonly subStatus: string;
  /** Short English message, no personal data. */
  readonly message?: string;
}

/** The broker's own metadata documents. */
export interface BrokerSpMetadataInput {
  readonly entityId: string;
  readonly acsUrl: string;
  readonly signingCertificatesPem: readonly string[];
  readonly encryptionCertificatesPem: readonly string[];
  /** The broker's SP SingleLogoutService (HTTP-Redirect and HTTP-POST), announced when set. */
  readonly sloUrl?: string;
  /**
   * The signature the broker requires on the ENTs' Responses (`login.responseSignature`): the
   * metadata says WantAssertionsSigned="true" only when it requires the assertion's.
   */
  readonly requiredSignature: RequiredResponseSignature;
}

export interface BrokerIdpMetadataInput {
  readonly entityId: string;
  readonly ssoUrl: string;
  readonly signingCertificatesPem: readonly string[];
  readonly wantAuthnRequestsSigned: boolean;
  /** GAR attribute names announced as saml:Attribute in the IdP descriptor. */
  readonly attributeNames: readonly string[];
  /** The broker's IdP SingleLogoutService (HTTP-Redirect and HTTP-POST), announced when set. */
  readonly sloUrl?: string;
}
