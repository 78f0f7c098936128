/**
 * npx tsx bench/sp-response.bench.ts — CPU per call of the downstream SAML codecs the broker runs
 * on each publisher login: buildSpResponse (signed assertion + signed response; and with the
 * assertion encrypted, AES-256-GCM + RSA-OAEP) and readSpAuthnRequest (a signed HTTP-Redirect
 * request; and a signed HTTP-POST one, verified through xml-crypto). For scale, the same
 * Response signed once through xml-crypto (envelopedSignatures.sign).
 * Options: --iterations N (default 2000).
 */
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  buildSpResponse,
  createCertificate,
  envelopedSignatures,
  readSamlMetadata,
  readSpAuthnRequest,
  renderBrokerSpMetadata,
  signRedirectQuery,
  type AssertionToSp,
  type ResponseSigningKeys,
} from '../src/trust/index.js';

const { values } = parseArgs({ options: { iterations: { type: 'string' } } });
const iterations = Number(values.iterations ?? 2000);

function key(commonName: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Date.now();
  const { pem } = createCertificate({
    subject: { commonName },
    publicKey,
    privateKey,
    usage: 'saml-signing',
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 86_400_000),
  });
  return { privateKey, certificatePem: pem };
}

const broker = key('broker');
const publisher = key('publisher');
const signed: ResponseSigningKeys = broker;
const encrypted: ResponseSigningKeys = {
  ...broker,
  encryptTo: { certificate: new X509Certificate(publisher.certificatePem), algorithm: 'aes-256-gcm' },
};
const assertion = (): AssertionToSp => ({
  idpEntityId: 'https://broker.test/idp',
  spEntityId: 'https://publisher.test/sp',
  acsUrl: 'https://publisher.test/acs',
  inResponseTo: '_req',
  nameId: `_${randomBytes(20).toString('hex')}`,
  sessionIndex: `_${randomBytes(16).toString('hex')}`,
  authnInstant: new Date(),
  now: new Date(),
  lifetimeSeconds: 300,
  skewSeconds: 60,
  attributes: [
    { name: 'IDO', values: ['a1b2c3d4e5f6'] },
    { name: 'UAI', values: ['0750001A'] },
    { name: 'GARPersonProfils', values: ['National_ELV'] },
    { name: 'DIV', values: ['3A'] },
    { name: 'PRE', values: ['Élodie'] },
    { name: 'NOM', values: ['Martin'] },
  ],
});

const sp = readSamlMetadata(
  renderBrokerSpMetadata({
    entityId: 'https://publisher.test/sp',
    acsUrl: 'https://publisher.test/acs',
    signingCertificatesPem: [publisher.certificatePem],
    encryptionCertificatesPem: [],
    requiredSignature: 'either',
  }),
  { expected: 'sp', now: new Date() },
);
const requestXml = () =>
  '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"'
  + ' xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"'
  + ` ID="_${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${new Date().toISOString()}"`
  + ' Destination="https://broker.test/sso"'
  + ' AssertionConsumerServiceURL="https://publisher.test/acs"'
  + ' ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">'
  + '<saml:Issuer>https://publisher.test/sp</saml:Issuer><samlp:NameIDPolicy AllowCreate="true"/></samlp:AuthnRequest>';
const queries = Array.from({ length: 64 }, () =>
  signRedirectQuery(requestXml(), 'relay-state', { privateKey: publisher.privateKey }),
);
const posts = Array.from({ length: 64 }, () =>
  Buffer.from(
    envelopedSignatures.sign(requestXml(), { element: 'root', privateKey: publisher.privateKey }),
    'utf8',
  ).toString('base64'),
);
const expectations = {
  findSp: async () => sp,
  ssoUrl: 'https://broker.test/sso',
  requireSigned: true,
  now: new Date(),
  skewSeconds: 60,
};

async function measure(label: string, work: (i: number) => unknown): Promise<void> {
  for (let i = 0; i < Math.min(200, iterations); i += 1) await work(i);
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i += 1) await work(i);
  const ms = Number(process.hrtime.bigint() - started) / 1e6 / iterations;
  console.log(`${label.padEnd(58)} ${ms.toFixed(3)} ms/call`);
}

const sample = buildSpResponse(assertion(), signed).replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, '');
await measure('buildSpResponse (signed assertion + response)', () => buildSpResponse(assertion(), signed));
await measure('buildSpResponse (signed + encrypted, AES-256-GCM)', () => buildSpResponse(assertion(), encrypted));
await measure('readSpAuthnRequest (HTTP-Redirect, signed)', (i) =>
  readSpAuthnRequest({ binding: 'HTTP-Redirect', rawQuery: queries[i % queries.length] ?? '' }, expectations),
);
await measure('readSpAuthnRequest (HTTP-POST, enveloped signature)', (i) =>
  readSpAuthnRequest({ binding: 'HTTP-POST', samlRequest: posts[i % posts.length] ?? '' }, expectations),
);
await measure('reference: one xml-crypto signature of the same Response', () =>
  envelopedSignatures.sign(sample, { element: 'root', privateKey: broker.privateKey }),
);
