/**
 * The pieces scripts/make-sso-fixtures.ts builds publisher AuthnRequests from: the committed
 * TEST-ONLY keys of test/fixtures/saml/sso/ (made on the first run, reused after), a request
 * template at the fixed instant, and the two ways a publisher signs one: the HTTP-Redirect query
 * signature (written out octet by octet here, not with the broker's signRedirectQuery, so the
 * fixtures do not share the code they test) and an enveloped signature for HTTP-POST.
 */
import { sign, X509Certificate } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';
import { signEnveloped } from '../src/trust/index.js';
import { committedTestKey, type CommittedTestKey } from './committed-test-key.js';
import { ssoFixtureFolder, ssoFixtureInstant, ssoParties } from '../test/trust/saml/sp-request/sso-fixture-parties.js';

export type TestKey = CommittedTestKey;

/** The committed pair `<name>.*.pem` of the SSO fixture folder. */
export const fixtureKey = (name: string, commonName: string): TestKey =>
  committedTestKey(ssoFixtureFolder, name, commonName);

export const uris = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  sigAlg: {
    'rsa-sha256': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    'rsa-sha512': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
    'rsa-sha1': 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  },
} as const;

/** One AuthnRequest; `null` leaves the attribute out. Instants are minutes from the fixture instant. */
export interface RequestShape {
  readonly id: string;
  readonly issuer: string;
  readonly issuedMinutes: number;
  readonly version: string;
  readonly destination: string | null;
  readonly acsUrl: string | null;
  readonly acsIndex: number | null;
  readonly protocolBinding: string | null;
  /** Written as samlp:Extensions content when not empty. */
  readonly extensions: string;
}

export const validRequest: RequestShape = {
  id: ssoParties.requestId,
  issuer: ssoParties.sp,
  issuedMinutes: 0,
  version: '2.0',
  destination: ssoParties.sso,
  acsUrl: ssoParties.acs,
  acsIndex: null,
  protocolBinding: uris.post,
  extensions: '',
};

export const request = (changes: Partial<RequestShape>): RequestShape => ({ ...validRequest, ...changes });

const instant = (minutes: number): string =>
  new Date(ssoFixtureInstant.getTime() + minutes * 60_000).toISOString().replace('.000Z', 'Z');

/** The XML of `shape`, one child per line, as publisher libraries commonly write it. */
export function requestXml(shape: RequestShape): string {
  const attributes: ReadonlyArray<[string, string | number | null]> = [
    ['ID', shape.id],
    ['Version', shape.version],
    ['IssueInstant', instant(shape.issuedMinutes)],
    ['Destination', shape.destination],
    ['AssertionConsumerServiceURL', shape.acsUrl],
    ['AssertionConsumerServiceIndex', shape.acsIndex],
    ['ProtocolBinding', shape.protocolBinding],
  ];
  const written = attributes
    .filter(([, value]) => value !== null)
    .map(([name, value]) => ` ${name}="${String(value)}"`)
    .join('');
  const extensions = shape.extensions === '' ? '' : `\n  <samlp:Extensions>${shape.extensions}</samlp:Extensions>`;
  return (
    `<samlp:AuthnRequest xmlns:samlp="${uris.protocol}" xmlns:saml="${uris.assertion}"${written}>`
    + `\n  <saml:Issuer>${shape.issuer}</saml:Issuer>${extensions}`
    + `\n  <samlp:NameIDPolicy Format="${uris.transient}" AllowCreate="true"/>\n</samlp:AuthnRequest>`
  );
}

export interface RedirectOptions {
  readonly key?: TestKey;
  readonly relayState?: string | null;
  readonly sigAlg?: keyof typeof uris.sigAlg;
  readonly unsigned?: boolean;
  /** Percent-escapes in lower case (`%2f`): legal, and signed as sent, so the verifier must not re-encode. */
  readonly lowerCaseEscapes?: boolean;
}

/**
 * saml-bindings §3.4.4.1: DEFLATE, base64, URL-encode; the signature covers
 * `SAMLRequest=…&RelayState=…&SigAlg=…` exactly as sent.
 */
export function redirectQuery(xml: string, key: TestKey, options: RedirectOptions = {}): string {
  const encodeValue = (value: string): string => {
    const escaped = encodeURIComponent(value);
    return options.lowerCaseEscapes === true ? escaped.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()) : escaped;
  };
  const relayState = options.relayState === undefined ? ssoParties.relayState : options.relayState;
  let octets = `SAMLRequest=${encodeValue(deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64'))}`;
  if (relayState !== null) octets += `&RelayState=${encodeValue(relayState)}`;
  if (options.unsigned === true) return octets;
  const sigAlg = options.sigAlg ?? 'rsa-sha256';
  octets += `&SigAlg=${encodeValue(uris.sigAlg[sigAlg])}`;
  const signature = sign(sigAlg.slice(4), Buffer.from(octets, 'utf8'), (options.key ?? key).privateKey);
  return `${octets}&Signature=${encodeValue(signature.toString('base64'))}`;
}

/** The enveloped signature of the root, right after its Issuer (saml-core §5.4.1), through xml-crypto. */
export const signedPost = (xml: string, key: TestKey): string =>
  signEnveloped(xml, { element: 'root', privateKey: key.privateKey, certificate: key.certificatePem });

/**
 * An RSA-SHA1 / SHA-1 enveloped signature, which signEnveloped refuses to make: xml-crypto directly
 * (test tooling only).
 */
export function sha1SignedPost(xml: string, key: TestKey): string {
  const signed = new SignedXml({
    privateKey: key.privateKey,
    signatureAlgorithm: uris.sigAlg['rsa-sha1'],
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signed.addReference({
    xpath: `//*[@ID='${ssoParties.requestId}']`,
    digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
  });
  signed.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: "//*[local-name()='Issuer']", action: 'after' },
  });
  return signed.getSignedXml();
}

export const signatureOf = (xml: string): string => /<ds:Signature[\s\S]*?<\/ds:Signature>/.exec(xml)?.[0] ?? '';

/** The publisher's metadata as the broker registered it: signed requests, a POST ACS (default) and a Redirect one. */
export function spMetadataXml(key: TestKey): string {
  const der = new X509Certificate(key.certificatePem).raw.toString('base64');
  const namespaces = 'xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"';
  const signing = 'AuthnRequestsSigned="true" WantAssertionsSigned="true"';
  const keyInfo = `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${der}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor ${namespaces} entityID="${ssoParties.sp}">
  <md:SPSSODescriptor protocolSupportEnumeration="${uris.protocol}" ${signing}>
    <md:KeyDescriptor use="signing">${keyInfo}</md:KeyDescriptor>
    <md:NameIDFormat>${uris.transient}</md:NameIDFormat>
    <md:AssertionConsumerService Binding="${uris.post}" Location="${ssoParties.acs}" index="0" isDefault="true"/>
    <md:AssertionConsumerService Binding="${uris.redirect}" Location="${ssoParties.acsRedirect}" index="1"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
`;
}
