/**
 * Signed SAML made at test time from the unsigned template of test/fixtures/saml/signatures/
 * (see its README): keys are generated once per run, never committed. Attacks are derived from
 * the signed text by plain string edits, so each test shows exactly what the attacker changed.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createCertificate, signEnveloped, type SignatureAlgorithmName } from '../../src/trust/index.js';

export const samlAssertion = { localName: 'Assertion', namespace: 'urn:oasis:names:tc:SAML:2.0:assertion' } as const;

export interface TestSigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly certificatePem: string;
}

export interface TestSigningKeys {
  readonly idp: TestSigningKey;
  readonly attacker: TestSigningKey;
  readonly ec: TestSigningKey;
}

function signingKey(type: 'rsa' | 'ec', commonName: string): TestSigningKey {
  const { privateKey, publicKey } =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const now = Date.now();
  const { pem } = createCertificate({
    subject: { commonName },
    publicKey,
    privateKey,
    usage: 'saml-signing',
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 365 * 86_400_000),
  });
  return { privateKey, publicKey, certificatePem: pem };
}

let keys: TestSigningKeys | undefined;

/** The run's keys, made on first use (RSA-2048 generation costs ~100 ms each). */
export function testSigningKeys(): TestSigningKeys {
  keys ??= {
    idp: signingKey('rsa', 'test ENT IdP'),
    attacker: signingKey('rsa', 'attacker'),
    ec: signingKey('ec', 'test ENT IdP (EC)'),
  };
  return keys;
}

/** The template with its placeholders filled: valid now for five minutes. */
export function responseTemplate(nameId = 'alice@good.example'): string {
  const now = Date.now();
  const iso = (ms: number): string => new Date(ms).toISOString();
  return readFileSync(new URL('../fixtures/saml/signatures/response.unsigned.xml', import.meta.url), 'utf8')
    .replaceAll('{{NOW}}', iso(now))
    .replaceAll('{{BEFORE}}', iso(now - 60_000))
    .replaceAll('{{LATER}}', iso(now + 300_000))
    .replaceAll('{{NAME_ID}}', nameId);
}

export interface SignResponseOptions {
  readonly sign: 'assertion' | 'response' | 'both';
  readonly key?: TestSigningKey;
  readonly algorithm?: SignatureAlgorithmName;
  /** Write the key's certificate into KeyInfo. */
  readonly withCertificate?: boolean;
  readonly nameId?: string;
}

/** Signs the template: the assertion first when both, as an IdP must (the response covers it). */
export function signedResponse(options: SignResponseOptions): string {
  const key = options.key ?? testSigningKeys().idp;
  const common = {
    privateKey: key.privateKey,
    algorithm: options.algorithm ?? 'rsa-sha256',
    ...(options.withCertificate === true ? { certificate: key.certificatePem } : {}),
  };
  let xml = responseTemplate(options.nameId);
  if (options.sign !== 'response') xml = signEnveloped(xml, { ...common, element: samlAssertion });
  if (options.sign !== 'assertion') xml = signEnveloped(xml, { ...common, element: 'root' });
  return xml;
}

const signaturePattern = /<ds:Signature[\s\S]*?<\/ds:Signature>/;

/** The first ds:Signature element of `xml` (the assertion's when only it is signed). */
export function firstSignature(xml: string): string {
  const found = signaturePattern.exec(xml);
  if (found === null) throw new Error('no ds:Signature in fixture');
  return found[0];
}

/** `xml` without its first ds:Signature. */
export function withoutFirstSignature(xml: string): string {
  return xml.replace(signaturePattern, '');
}

/** Inserts `fragment` right after the first `</saml:Issuer>` at or after `from`. */
export function insertAfterIssuer(xml: string, fragment: string, from = 0): string {
  const at = xml.indexOf('</saml:Issuer>', from) + '</saml:Issuer>'.length;
  return xml.slice(0, at) + fragment + xml.slice(at);
}
