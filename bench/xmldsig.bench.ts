/**
 * Sign and verify one typical SAML Response (the test template, assertion signed) with RSA-2048,
 * keys as parsed KeyObjects (how the broker calls) and as PEM text re-parsed on each call (what
 * to avoid). Run: npx tsx bench/xmldsig.bench.ts
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { signEnveloped, verifyEnvelopedSignature } from '../src/trust/index.js';
import { responseTemplate, samlAssertion } from '../test/support/saml-signing.js';

const rounds = 300;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
const template = responseTemplate();

function microseconds(work: () => void): number {
  for (let i = 0; i < 20; i += 1) work();
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i += 1) work();
  return Number(process.hrtime.bigint() - start) / 1000 / rounds;
}

const sign = (key: () => KeyObject): string => signEnveloped(template, { element: samlAssertion, privateKey: key() });
const signed = sign(() => privateKey);
const verify = (key: () => KeyObject): void => {
  verifyEnvelopedSignature(signed, { element: samlAssertion, trustedKeys: [key()] });
};

const rows = {
  'sign, KeyObject': microseconds(() => sign(() => privateKey)),
  'sign, PEM parsed per call': microseconds(() => sign(() => createPrivateKey(privatePem))),
  'verify, KeyObject': microseconds(() => verify(() => publicKey)),
  'verify, PEM parsed per call': microseconds(() => verify(() => createPublicKey(publicPem))),
};
console.log(`response ${Buffer.byteLength(signed)} bytes, ${rounds} rounds each`);
for (const [name, us] of Object.entries(rows)) console.log(`${name.padEnd(30)} ${us.toFixed(0).padStart(6)} µs`);
