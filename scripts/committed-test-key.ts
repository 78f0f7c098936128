/**
 * A TEST-ONLY RSA key pair committed beside a fixture corpus: `<name>.key.pem` / `<name>.crt.pem`
 * in `folder`, made on the first run of a generator and reused after, so fixtures regenerate
 * with the same keys (and, with RSA PKCS#1 v1.5, the same signatures).
 */
import { createPrivateKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createCertificate, type CertificateUsage } from '../src/trust/index.js';

export interface CommittedTestKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly certificatePem: string;
}

export function committedTestKey(
  folder: URL,
  name: string,
  commonName: string,
  usage: CertificateUsage = 'saml-signing',
): CommittedTestKey {
  const keyFile = new URL(`${name}.key.pem`, folder);
  const certFile = new URL(`${name}.crt.pem`, folder);
  if (!existsSync(keyFile)) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { pem } = createCertificate({
      subject: { commonName: `${commonName} (TEST ONLY)` },
      publicKey,
      privateKey,
      usage,
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2036-01-01T00:00:00Z'),
    });
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    writeFileSync(certFile, pem);
  }
  const certificatePem = readFileSync(certFile, 'utf8');
  return {
    privateKey: createPrivateKey(readFileSync(keyFile)),
    publicKey: new X509Certificate(certificatePem).publicKey,
    certificatePem,
  };
}
