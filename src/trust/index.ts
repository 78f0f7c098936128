/**
 * The trust module's public face: the only code that parses untrusted XML (and, later, verifies
 * signatures and handles keys). Other modules import from here, never from its files.
 */
export {
  readXmlRecords,
  readXmlRecordBatches,
  defaultXmlRecordLimits,
  type XmlNode,
  type XmlRootEvent,
  type XmlRecordEvent,
  type XmlStreamEvent,
  type XmlRecordLimits,
} from './xml-record-stream.js';
export {
  readSmallXmlDocument,
  defaultSmallXmlLimits,
  type SmallXmlLimits,
} from './read-small-xml-document.js';
export type { PartnerKind, PartnerCertificateRecord, PartnerCertificateStore } from './ports.js';
export {
  createCertificate,
  type CreateCertificateOptions,
  type CreatedCertificate,
  type CertificateSubject,
  type CertificateUsage,
} from './pki/create-certificate.js';
export { certificateFingerprint, normaliseFingerprint } from './pki/certificate-fingerprint.js';
export { describeCertificate, certificateValidity, type CertificateDescription } from './pki/describe-certificate.js';
export {
  loadOrCreatePartnerCa,
  issuePartnerCertificate,
  type PartnerCa,
  type IssuedPartnerCertificate,
} from './pki/partner-ca.js';
export { loadOrCreateServerCertificate, type ServerCertificate } from './pki/server-certificate.js';
export {
  authenticatePartnerCertificate,
  type AuthenticatedPartner,
  type AuthenticatePartnerOptions,
} from './pki/authenticate-partner-certificate.js';
export {
  loadOrCreateKeyring,
  rotateBrokerKey,
  activeKey,
  publishedKeys,
  type BrokerKey,
  type BrokerKeyring,
  type KeyUse,
} from './keyring/broker-keyring.js';
export { signingJwks, type SigningJwk } from './keyring/signing-jwks.js';
export {
  createSamlSchemaValidator,
  defaultSamlSchemaMaxBytes,
  type SamlSchemaValidator,
  type SamlSchemaValidatorOptions,
} from './saml/saml-schema-validator.js';
export {
  createSamlifySchemaValidator,
  samlifyValidationSuccess,
  type SamlifySchemaValidator,
} from './saml/samlify-schema-validator.js';
export { envelopedSignatures, type EnvelopedSignatures } from './xmldsig/enveloped-signatures.js';
export {
  verifyEnvelopedSignature,
  type VerifyEnvelopedOptions,
  type VerifiedElement,
  type SignedElementSelector,
} from './xmldsig/verify-enveloped-signature.js';
export { signEnveloped, type SignEnvelopedOptions } from './xmldsig/sign-enveloped.js';
export { parseXmlSafely, defaultMaxSignedXmlBytes } from './xmldsig/parse-xml-safely.js';
export { allSignatureAlgorithms, type SignatureAlgorithmName } from './xmldsig/xmldsig-uris.js';
export {
  readSamlMetadata,
  defaultMaxMetadataBytes,
  type ReadSamlMetadataOptions,
} from './metadata/read-saml-metadata.js';
export {
  samlMetadataUris,
  type IdpMetadata,
  type SpMetadata,
  type SamlBinding,
  type SamlEndpoint,
  type SamlLogoutEndpoint,
  type AssertionConsumerEndpoint,
  type IgnoredEndpoint,
} from './metadata/saml-metadata.js';
export {
  peekSamlIssuer,
  decodeSamlBase64,
  receiveSamlMessage,
  type ReceivedSamlMessage,
} from './saml/peek-saml-issuer.js';
export { createSealer, type Sealer } from './seal/sealed-value.js';
export type {
  AuthnRequestToIdp,
  RedirectSigningKey,
  RequiredResponseSignature,
  IdpResponseExpectations,
  AcceptingIdpResponseExpectations,
  VerifiedIdpAssertion,
  VerifiedAnyIdpAssertion,
  IncomingAuthnRequest,
  SpRequestExpectations,
  VerifiedSpRequest,
  AssertionAttribute,
  AssertionToSp,
  ResponseSigningKeys,
  ErrorToSp,
  BrokerSpMetadataInput,
  BrokerIdpMetadataInput,
} from './saml/saml-protocol.js';
export { buildRedirectAuthnRequest } from './saml/build-idp-authn-request.js';
export {
  signRedirectQuery,
  verifyRedirectQuery,
  parseRedirectQuery,
  encodeRedirectMessage,
  defaultMaxRedirectMessageBytes,
  type RedirectQuery,
  type VerifiedRedirectQuery,
} from './saml/redirect-binding.js';
export { readSpAuthnRequest, maxRelayStateBytes } from './saml/read-sp-authn-request.js';
export { buildSpResponse, buildSpErrorResponse } from './saml/build-sp-response.js';
export { readIdpResponse, maxIdpResponseBytes } from './saml/read-idp-response.js';
export { readNoPassiveResponse, type NoPassiveAnswer } from './saml/read-no-passive-response.js';
export { renderBrokerSpMetadata, renderBrokerIdpMetadata } from './saml/render-broker-metadata.js';
export type {
  IncomingSamlMessage,
  LogoutMessageExpectations,
  VerifiedLogoutRequest,
  VerifiedLogoutResponse,
  LogoutRequestToPartner,
  LogoutResponseToPartner,
  LogoutOutcome,
  OutgoingLogoutMessage,
  LogoutDelivery,
} from './saml/saml-logout-protocol.js';
export { readLogoutRequest } from './saml/read-logout-request.js';
export { readLogoutResponse } from './saml/read-logout-response.js';
export { buildLogoutRequest } from './saml/build-logout-request.js';
export { buildLogoutResponse } from './saml/build-logout-response.js';
export { logoutEndpointFor, type ChosenLogoutEndpoint } from './saml/logout-endpoint-for.js';
export { logoutMessageTo, type LogoutSigningKey } from './saml/logout-message-to.js';
export { hashPassword, verifyPassword } from './secrets/hash-password.js';
export { newTotpSecret, totpCode, totpUri, verifyTotp } from './secrets/totp.js';
