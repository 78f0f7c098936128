/**
 * An ENT's Response to the broker's ACS, made at test time: one unsigned template whose times are
 * relative to now, each value replaceable, signed with the run's keys of saml-signing.ts. Attacks
 * are plain string edits of the signed text, so each test shows what the attacker changed.
 */
import { X509Certificate, generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  createCertificate,
  envelopedSignatures,
  type IdpMetadata,
  type IdpResponseExpectations,
} from '../../src/trust/index.js';
import { encryptAssertionElement } from './idp-response-encrypt.js';
import { samlAssertion, testSigningKeys, type TestSigningKey } from './saml-signing.js';

export const idpParties = {
  idp: 'https://ent.test/idp',
  sp: 'https://broker.test/saml/sp',
  acs: 'https://broker.test/saml/sp/acs',
  requestId: '_req0123456789abcdef0123456789abcd',
} as const;

/** Every value the template holds; times in seconds relative to now. */
export interface ResponseValues {
  readonly responseIssuer: string;
  readonly assertionIssuer: string;
  readonly destination: string;
  readonly recipient: string;
  readonly audience: string;
  readonly inResponseTo: string;
  readonly nameId: string;
  readonly issuedAt: number;
  readonly notBefore: number;
  readonly notOnOrAfter: number;
  readonly confirmationNotOnOrAfter: number;
}

export const defaultValues: ResponseValues = {
  responseIssuer: idpParties.idp,
  assertionIssuer: idpParties.idp,
  destination: idpParties.acs,
  recipient: idpParties.acs,
  audience: idpParties.sp,
  inResponseTo: idpParties.requestId,
  nameId: 'user-42@ent.test',
  issuedAt: 0,
  notBefore: -60,
  notOnOrAfter: 300,
  confirmationNotOnOrAfter: 240,
};

const iso = (seconds: number): string => new Date(Date.now() + seconds * 1000).toISOString();
const attr = (name: string, value: string): string => (value === '' ? '' : ` ${name}="${value}"`);

/** The Response, unsigned, as an ENT would write it before signing. */
export function unsignedResponse(changes: Partial<ResponseValues> = {}): string {
  const v = { ...defaultValues, ...changes };
  return (
    '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"'
    + ' xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"'
    + ` ID="_resp1" Version="2.0" IssueInstant="${iso(v.issuedAt)}"`
    + `${attr('Destination', v.destination)}${attr('InResponseTo', v.inResponseTo)}>`
    + `<saml:Issuer>${v.responseIssuer}</saml:Issuer>`
    + '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'
    + `<saml:Assertion ID="_assert1" Version="2.0" IssueInstant="${iso(v.issuedAt)}">`
    + `<saml:Issuer>${v.assertionIssuer}</saml:Issuer>`
    + '<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">'
    + `${v.nameId}</saml:NameID>`
    + '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
    + `<saml:SubjectConfirmationData${attr('InResponseTo', v.inResponseTo)}`
    + ` NotOnOrAfter="${iso(v.confirmationNotOnOrAfter)}" Recipient="${v.recipient}"/>`
    + '</saml:SubjectConfirmation></saml:Subject>'
    + `<saml:Conditions NotBefore="${iso(v.notBefore)}" NotOnOrAfter="${iso(v.notOnOrAfter)}">`
    + (v.audience === ''
      ? ''
      : `<saml:AudienceRestriction><saml:Audience>${v.audience}</saml:Audience></saml:AudienceRestriction>`)
    + '</saml:Conditions>'
    + `<saml:AuthnStatement AuthnInstant="${iso(-5)}" SessionIndex="_session7">`
    + '<saml:AuthnContext><saml:AuthnContextClassRef>'
    + 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport'
    + '</saml:AuthnContextClassRef></saml:AuthnContext>'
    + '</saml:AuthnStatement>'
    + '<saml:AttributeStatement>'
    + '<saml:Attribute Name="ENTPersonJointure"><saml:AttributeValue>ENT$1234</saml:AttributeValue></saml:Attribute>'
    + '<saml:Attribute Name="ENTPersonProfils">'
    + '<saml:AttributeValue>National_ELV</saml:AttributeValue>'
    + '<saml:AttributeValue>National_ENS</saml:AttributeValue>'
    + '</saml:Attribute>'
    + '</saml:AttributeStatement>'
    + '</saml:Assertion></samlp:Response>'
  );
}

export interface BuildOptions {
  readonly sign: 'assertion' | 'response' | 'both' | 'none';
  readonly key?: TestSigningKey;
  /** Encrypt the (signed) assertion to this key before the Response is signed. */
  readonly encryptTo?: KeyObject;
  readonly values?: Partial<ResponseValues>;
}

/** The Response signed as asked: the assertion first, encrypted next, the Response last. */
export function buildIdpResponse(options: BuildOptions): string {
  const key = options.key ?? testSigningKeys().idp;
  const signing = { privateKey: key.privateKey, certificate: key.certificatePem };
  let xml = unsignedResponse(options.values);
  if (options.sign === 'assertion' || options.sign === 'both')
    xml = envelopedSignatures.sign(xml, { ...signing, element: samlAssertion });
  if (options.encryptTo !== undefined) xml = encryptAssertionElement(xml, options.encryptTo);
  if (options.sign === 'response' || options.sign === 'both')
    xml = envelopedSignatures.sign(xml, { ...signing, element: 'root' });
  return xml;
}

export const base64 = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');

export interface BrokerEncryptionKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly certificatePem: string;
}

let encryptionKey: BrokerEncryptionKey | undefined;

/** The broker's encryption key pair for the run. */
export function brokerEncryptionKey(): BrokerEncryptionKey {
  if (encryptionKey === undefined) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const now = Date.now();
    const { pem } = createCertificate({
      subject: { commonName: 'test broker encryption' },
      publicKey,
      privateKey,
      usage: 'saml-encryption',
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + 365 * 86_400_000),
    });
    encryptionKey = { privateKey, publicKey, certificatePem: pem };
  }
  return encryptionKey;
}

export function testIdpMetadata(
  certificatePems: readonly string[] = [testSigningKeys().idp.certificatePem],
  entityId: string = idpParties.idp,
): IdpMetadata {
  return {
    role: 'idp',
    entityId,
    wantAuthnRequestsSigned: true,
    signingCertificates: certificatePems.map((pem) => new X509Certificate(pem)),
    nameIdFormats: [],
    singleLogout: [],
    ignoredEndpoints: [],
    singleSignOn: [{ binding: 'HTTP-Redirect', location: 'https://ent.test/sso' }],
  };
}

export function idpExpectations(changes: Partial<IdpResponseExpectations> = {}): IdpResponseExpectations {
  return {
    idp: testIdpMetadata(),
    spEntityId: idpParties.sp,
    acsUrl: idpParties.acs,
    now: new Date(),
    skewSeconds: 60,
    requiredSignature: 'assertion',
    decryptionKeys: [brokerEncryptionKey().privateKey],
    ...changes,
  };
}
