/**
 * The pieces make-logout-fixtures.ts builds partners' logout messages from: the committed
 * TEST-ONLY keys of test/fixtures/saml/logout/, a message template at the fixed instant written
 * the way partner libraries write them (one child per line, a default-free samlp/saml prefix
 * pair), and the two ways a partner signs one: the HTTP-Redirect query signature (written out
 * octet by octet here, not with the broker's signRedirectQuery, so the fixtures do not share
 * the code they test) and an enveloped signature for HTTP-POST.
 */
import { sign, X509Certificate } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';
import { committedTestKey, type CommittedTestKey } from '../../../../scripts/committed-test-key.js';
import { signEnveloped } from '../../../../src/trust/index.js';
import { logoutFixtureFolder, logoutFixtureInstant, logoutParties, logoutUris } from './logout-fixture-parties.js';

export type TestKey = CommittedTestKey;

/** The committed pair `<name>.*.pem` of the logout fixture folder (made on the first run). */
export const fixtureKey = (name: string, commonName: string): TestKey =>
  committedTestKey(logoutFixtureFolder, name, commonName);

/** Minutes from the fixture instant, as SAML writes instants. */
export const instant = (minutes: number): string =>
  new Date(logoutFixtureInstant.getTime() + minutes * 60_000).toISOString().replace('.000Z', 'Z');

/** One logout message; `null` leaves the attribute or element out. */
export interface LogoutShape {
  readonly kind: 'LogoutRequest' | 'LogoutResponse';
  readonly id: string;
  readonly version: string;
  readonly issueInstant: string;
  readonly destination: string | null;
  readonly issuer: string | null;
  readonly issuerFormat: string | null;
  /** Written as samlp:Extensions content when not empty. */
  readonly extensions: string;
  /** LogoutRequest: NotOnOrAfter, the identifier element (NameID, EncryptedID…) as XML, SessionIndexes. */
  readonly notOnOrAfter: string | null;
  readonly identifier: string;
  readonly sessionIndexes: readonly string[];
  /** LogoutResponse: InResponseTo and the StatusCode URIs (top level first). */
  readonly inResponseTo: string | null;
  readonly status: readonly string[];
}

const nameId = (format: string, value: string, spNameQualifier?: string): string => {
  const qualifier = spNameQualifier === undefined ? '' : ` SPNameQualifier="${spNameQualifier}"`;
  return `<saml:NameID Format="${format}"${qualifier}>${value}</saml:NameID>`;
};

const common = {
  version: '2.0',
  issueInstant: instant(0),
  issuerFormat: null,
  extensions: '',
  notOnOrAfter: null,
  identifier: '',
  sessionIndexes: [],
  inResponseTo: null,
  status: [],
} as const;

/** The ENT logs the user out of the broker (saml-profiles §4.4.3.3): NameID as the ENT issued it, both sessions. */
export const entRequest: LogoutShape = {
  ...common,
  kind: 'LogoutRequest',
  id: logoutParties.requestId,
  destination: logoutParties.brokerSpSlo,
  issuer: logoutParties.ent,
  identifier: nameId(logoutUris.persistent, logoutParties.entNameId),
  sessionIndexes: logoutParties.sessionIndexes,
};

/** A publisher asks the broker to end the single logon session (saml-profiles §4.4.3.1), with a NotOnOrAfter. */
export const publisherRequest: LogoutShape = {
  ...common,
  kind: 'LogoutRequest',
  id: logoutParties.requestId,
  destination: logoutParties.brokerIdpSlo,
  issuer: logoutParties.publisher,
  notOnOrAfter: instant(5),
  identifier: nameId(logoutUris.transient, logoutParties.publisherNameId, logoutParties.publisher),
  sessionIndexes: [logoutParties.sessionIndexes[0]],
};

/** A publisher answers the broker's LogoutRequest: logged out. */
export const publisherResponse: LogoutShape = {
  ...common,
  kind: 'LogoutResponse',
  id: logoutParties.responseId,
  destination: logoutParties.brokerIdpSlo,
  issuer: logoutParties.publisher,
  inResponseTo: logoutParties.brokerRequestId,
  status: [`${logoutUris.status}Success`],
};

/** The ENT answers the broker's LogoutRequest: its own session ended, another participant's did not. */
export const entResponse: LogoutShape = {
  ...publisherResponse,
  destination: logoutParties.brokerSpSlo,
  issuer: logoutParties.ent,
  status: [`${logoutUris.status}Success`, `${logoutUris.status}PartialLogout`],
};

export const shape = (base: LogoutShape, changes: Partial<LogoutShape>): LogoutShape => ({ ...base, ...changes });

/** The XML of `s`, one child per line, as partner libraries commonly write it. */
export function logoutXml(s: LogoutShape): string {
  const attributes: ReadonlyArray<[string, string | null]> = [
    ['ID', s.id],
    ['Version', s.version],
    ['IssueInstant', s.issueInstant],
    ['Destination', s.destination],
    ['NotOnOrAfter', s.notOnOrAfter],
    ['InResponseTo', s.inResponseTo],
  ];
  const written = attributes
    .filter(([, value]) => value !== null)
    .map(([name, value]) => ` ${name}="${value ?? ''}"`)
    .join('');
  const format = s.issuerFormat === null ? '' : ` Format="${s.issuerFormat}"`;
  const sessionIndexes = s.sessionIndexes.map((index) => `<samlp:SessionIndex>${index}</samlp:SessionIndex>`);
  const body =
    s.kind === 'LogoutRequest'
      ? [...(s.identifier === '' ? [] : [s.identifier]), ...sessionIndexes]
      : [`<samlp:Status>${statusXml(s.status)}</samlp:Status>`];
  const children = [
    ...(s.issuer === null ? [] : [`<saml:Issuer${format}>${s.issuer}</saml:Issuer>`]),
    ...(s.extensions === '' ? [] : [`<samlp:Extensions>${s.extensions}</samlp:Extensions>`]),
    ...body,
  ];
  return (
    `<samlp:${s.kind} xmlns:samlp="${logoutUris.protocol}" xmlns:saml="${logoutUris.assertion}"${written}>`
    + children.map((child) => `\n  ${child}`).join('')
    + `\n</samlp:${s.kind}>`
  );
}

function statusXml(codes: readonly string[]): string {
  const [first, ...rest] = codes;
  return first === undefined ? '' : `<samlp:StatusCode Value="${first}">${statusXml(rest)}</samlp:StatusCode>`;
}

export const sigAlgs = {
  'rsa-sha256': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'rsa-sha512': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  'rsa-sha1': 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
} as const;

export interface RedirectOptions {
  readonly parameter?: 'SAMLRequest' | 'SAMLResponse';
  readonly relayState?: string | null;
  readonly sigAlg?: keyof typeof sigAlgs;
  readonly unsigned?: boolean;
}

/**
 * saml-bindings §3.4.4.1: DEFLATE, base64, URL-encode; the signature covers
 * `SAMLRequest=…&RelayState=…&SigAlg=…` (or SAMLResponse) exactly as sent.
 */
export function redirectQuery(xml: string, key: TestKey, options: RedirectOptions = {}): string {
  const parameter = options.parameter ?? (xml.startsWith('<samlp:LogoutResponse') ? 'SAMLResponse' : 'SAMLRequest');
  const relayState = options.relayState === undefined ? logoutParties.relayState : options.relayState;
  let octets = `${parameter}=${encodeURIComponent(deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64'))}`;
  if (relayState !== null) octets += `&RelayState=${encodeURIComponent(relayState)}`;
  if (options.unsigned === true) return octets;
  const sigAlg = options.sigAlg ?? 'rsa-sha256';
  octets += `&SigAlg=${encodeURIComponent(sigAlgs[sigAlg])}`;
  const signature = sign(sigAlg.slice(4), Buffer.from(octets, 'utf8'), key.privateKey);
  return `${octets}&Signature=${encodeURIComponent(signature.toString('base64'))}`;
}

/** The enveloped signature of the root, right after its Issuer (saml-core §5.4.1), through xml-crypto. */
export const signedPost = (xml: string, key: TestKey): string =>
  signEnveloped(xml, { element: 'root', privateKey: key.privateKey, certificate: key.certificatePem });

/** An RSA-SHA1 / SHA-1 enveloped signature, which signEnveloped refuses to make: xml-crypto directly (tests only). */
export function sha1SignedPost(xml: string, id: string, key: TestKey): string {
  const signed = new SignedXml({
    privateKey: key.privateKey,
    signatureAlgorithm: sigAlgs['rsa-sha1'],
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signed.addReference({
    xpath: `//*[@ID='${id}']`,
    digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
  });
  const location = { reference: "//*[local-name()='Issuer']", action: 'after' } as const;
  signed.computeSignature(xml, { prefix: 'ds', location });
  return signed.getSignedXml();
}

export const signatureOf = (xml: string): string => /<ds:Signature[\s\S]*?<\/ds:Signature>/.exec(xml)?.[0] ?? '';

const der = (key: TestKey): string => new X509Certificate(key.certificatePem).raw.toString('base64');
const keyDescriptor = (key: TestKey): string =>
  '<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>'
  + `<ds:X509Certificate>${der(key)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
const sloServices = (location: string): string =>
  [logoutUris.redirect, logoutUris.post]
    .map((binding) => `\n    <md:SingleLogoutService Binding="${binding}" Location="${location}"/>`)
    .join('');

function entityDescriptor(entityId: string, role: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"
    entityID="${entityId}">
  ${role}
</md:EntityDescriptor>
`;
}

/** The ENT's metadata as the broker registered it: a signing key, SingleLogoutService by both bindings. */
export function entMetadataXml(key: TestKey): string {
  return entityDescriptor(
    logoutParties.ent,
    `<md:IDPSSODescriptor protocolSupportEnumeration="${logoutUris.protocol}">
    ${keyDescriptor(key)}${sloServices(logoutParties.entSlo)}
    <md:SingleSignOnService Binding="${logoutUris.redirect}" Location="https://ent.test/sso"/>
  </md:IDPSSODescriptor>`,
  );
}

/** The publisher's metadata as the broker registered it: a signing key, SingleLogoutService by both bindings. */
export function publisherMetadataXml(key: TestKey): string {
  const acs =
    `<md:AssertionConsumerService Binding="${logoutUris.post}" Location="${logoutParties.publisherAcs}"`
    + ' index="0"/>';
  return entityDescriptor(
    logoutParties.publisher,
    `<md:SPSSODescriptor protocolSupportEnumeration="${logoutUris.protocol}" AuthnRequestsSigned="true">
    ${keyDescriptor(key)}${sloServices(logoutParties.publisherSlo)}
    ${acs}
  </md:SPSSODescriptor>`,
  );
}
