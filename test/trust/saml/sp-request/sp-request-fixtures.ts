/**
 * A publisher SP built on @node-saml/node-saml (another library than the broker's), its metadata
 * read by the broker's own reader, and helpers to ask readSpAuthnRequest about its requests.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { peerKey, type PeerKey } from '../../../support/saml-flow-peers.js';
import { SAML } from '@node-saml/node-saml';
import {
  readSamlMetadata,
  readSpAuthnRequest,
  type IncomingAuthnRequest,
  type SpMetadata,
} from '../../../../src/trust/index.js';

export const ssoUrl = 'https://broker.test/saml/idp/sso';

export interface TestKey extends PeerKey {
  readonly privateKey: KeyObject;
}

/** The flow tests' peer key, with its private key parsed once. */
export function testKey(commonName: string): TestKey {
  const key = peerKey(commonName);
  return { ...key, privateKey: createPrivateKey(key.keyPem) };
}

export const spKey = testKey('publisher-sp');
export const attackerKey = testKey('attacker');
export const spEntityId = 'https://publisher.test/sp';
export const acsUrl = 'https://publisher.test/acs';

export function publisherSp(
  options: {
    signed?: boolean;
    binding?: 'HTTP-POST' | 'HTTP-Redirect';
    key?: TestKey;
    sha1?: boolean;
    entryPoint?: string;
    deflatePost?: boolean;
  } = {},
): SAML {
  const key = options.key ?? spKey;
  return new SAML({
    callbackUrl: acsUrl,
    entryPoint: options.entryPoint ?? ssoUrl,
    issuer: spEntityId,
    idpCert: spKey.certPem,
    audience: spEntityId,
    ...(options.signed === false ? {} : { privateKey: key.keyPem, publicCert: key.certPem }),
    signatureAlgorithm: options.sha1 === true ? 'sha1' : 'sha256',
    digestAlgorithm: 'sha256',
    authnRequestBinding: options.binding ?? 'HTTP-Redirect',
    disableRequestedAuthnContext: true,
    // saml-bindings §3.5.4: POST carries base64 of the XML; node-saml deflates it unless told not to.
    skipRequestCompression: options.binding === 'HTTP-POST' && options.deflatePost !== true,
    identifierFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  });
}

export const spMetadata: SpMetadata = readSamlMetadata(
  publisherSp().generateServiceProviderMetadata(null, spKey.certPem),
  { expected: 'sp', now: new Date() },
);

export async function redirectQuery(sp: SAML, relayState = 'rs-1'): Promise<string> {
  const url = new URL(await sp.getAuthorizeUrlAsync(relayState, undefined, {}));
  return url.search.slice(1);
}

/** The SAMLRequest (base64) and RelayState of node-saml's auto-submitting form. */
export async function postForm(sp: SAML, relayState = 'rs-1'): Promise<{ samlRequest: string; relayState: string }> {
  const html = await sp.getAuthorizeFormAsync(relayState, undefined, {});
  const field = (name: string) => {
    const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
    if (match?.[1] === undefined) throw new Error(`no ${name} in form`);
    return match[1]
      .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
      .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  };
  return { samlRequest: field('SAMLRequest'), relayState: field('RelayState') };
}

export interface ReadOptions {
  requireSigned?: boolean;
  now?: Date;
  metadata?: SpMetadata;
}

export function read(input: IncomingAuthnRequest, options: ReadOptions = {}) {
  const metadata = options.metadata ?? spMetadata;
  return readSpAuthnRequest(input, {
    findSp: async (entityId) => (entityId === metadata.entityId ? metadata : undefined),
    ssoUrl,
    requireSigned: options.requireSigned ?? true,
    now: options.now ?? new Date(),
    skewSeconds: 60,
  });
}

export const decodePost = (samlRequest: string): string => Buffer.from(samlRequest, 'base64').toString('utf8');
export const encodePost = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');
