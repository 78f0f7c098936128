/**
 * The typed values a partner's SAML metadata becomes (saml-metadata-2.0-os): what the broker
 * needs of an ENT's identity provider and of a publisher's service provider, and nothing else.
 * Inner code reads these, never the XML (architecture habit 2).
 */
import type { X509Certificate } from 'node:crypto';

/** The two bindings the broker speaks (saml-bindings-2.0-os §3.4, §3.5); others are ignored. */
export type SamlBinding = 'HTTP-Redirect' | 'HTTP-POST';

export interface SamlEndpoint {
  readonly binding: SamlBinding;
  readonly location: string;
}

export interface SamlLogoutEndpoint extends SamlEndpoint {
  /** Where responses go when it differs from `location` (metadata §2.2.2). */
  readonly responseLocation?: string;
}

export interface AssertionConsumerEndpoint extends SamlEndpoint {
  readonly index: number;
  readonly isDefault: boolean;
}

/** An endpoint left out because its binding is not one the broker speaks: for the load report. */
export interface IgnoredEndpoint {
  readonly element: string;
  readonly binding: string;
}

interface CommonMetadata {
  readonly entityId: string;
  /** The earliest `validUntil` of the entity and its role descriptor, when either has one. */
  readonly validUntil?: Date;
  /**
   * The shortest `cacheDuration` (metadata §2.3.2) of the entity and its role descriptor, in
   * milliseconds: the document should be fetched again after this long.
   */
  readonly cacheDurationMs?: number;
  /** Parsed once; `publicKey` gives the KeyObject the signature checks take. */
  readonly signingCertificates: readonly X509Certificate[];
  readonly nameIdFormats: readonly string[];
  readonly singleLogout: readonly SamlLogoutEndpoint[];
  readonly ignoredEndpoints: readonly IgnoredEndpoint[];
}

export interface IdpMetadata extends CommonMetadata {
  readonly role: 'idp';
  readonly wantAuthnRequestsSigned: boolean;
  readonly singleSignOn: readonly SamlEndpoint[];
}

export interface SpMetadata extends CommonMetadata {
  readonly role: 'sp';
  readonly encryptionCertificates: readonly X509Certificate[];
  readonly authnRequestsSigned: boolean;
  readonly wantAssertionsSigned: boolean;
  readonly assertionConsumers: readonly AssertionConsumerEndpoint[];
}

export const samlMetadataUris = {
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  xmldsig: 'http://www.w3.org/2000/09/xmldsig#',
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  bindings: {
    'HTTP-Redirect': 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
    'HTTP-POST': 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
  },
} as const satisfies { bindings: Record<SamlBinding, string> } & Record<string, unknown>;
