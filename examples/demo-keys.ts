/**
 * The demo partners' own SAML keys (the demo ENT's signing key, the demo publisher's signing and
 * encryption keys): made at first start under `var/demo/keys/`, read back afterwards so that the
 * metadata registered in the broker stays the same from one start to the next. Never committed
 * (var/ is ignored); a half-present pair is made again, as demo keys protect nothing.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCertificate, type CertificateUsage } from '../src/trust/index.js';

export interface DemoKeyPair {
  readonly keyPem: string;
  readonly certPem: string;
}

const tenYears = 10 * 365 * 86_400_000;

export function loadOrCreateDemoKey(
  dir: string,
  name: string,
  commonName: string,
  usage: CertificateUsage,
): DemoKeyPair {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.crt`);
  if (existsSync(keyFile) && existsSync(certFile)) {
    return { keyPem: readFileSync(keyFile, 'utf8'), certPem: readFileSync(certFile, 'utf8') };
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Date.now();
  const { pem } = createCertificate({
    subject: { commonName, organizationName: 'Démonstration gar-broker' },
    publicKey,
    privateKey,
    usage,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + tenYears),
  });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, keyPem, { mode: 0o600 });
  writeFileSync(certFile, pem);
  return { keyPem, certPem: pem };
}

/** The three key pairs of the demo federation. */
export function demoKeys(dataDir: string) {
  const dir = join(dataDir, 'keys');
  return {
    entSigning: loadOrCreateDemoKey(dir, 'ent-signing', 'ENT de démonstration', 'saml-signing'),
    publisherSigning: loadOrCreateDemoKey(dir, 'publisher-signing', 'Éditeur de démonstration', 'saml-signing'),
    publisherEncryption: loadOrCreateDemoKey(
      dir,
      'publisher-encryption',
      'Éditeur de démonstration (chiffrement)',
      'saml-encryption',
    ),
  };
}
