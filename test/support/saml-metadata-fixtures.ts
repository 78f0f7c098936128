/**
 * The metadata templates of test/fixtures/saml/metadata/ (see its README) filled with the run's
 * certificates: `{{SIGNING_CERT}}` is the `saml-signing.ts` IdP key's, `{{ENCRYPTION_CERT}}` an RSA
 * encryption certificate made once per run. Nothing is committed, nothing can expire.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createCertificate } from '../../src/trust/index.js';
import { testSigningKeys } from './saml-signing.js';

/** A PEM certificate's base64 body, as `ds:X509Certificate` carries it. */
export const base64Of = (pem: string): string => pem.replace(/-----[^-]+-----|\s/g, '');

let encryption: string | undefined;

/** The run's SP encryption certificate (PEM), made on first use. */
export function testEncryptionCertificatePem(): string {
  encryption ??= (() => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const now = Date.now();
    return createCertificate({
      subject: { commonName: 'test SP encryption' },
      publicKey,
      privateKey,
      usage: 'saml-encryption',
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + 365 * 86_400_000),
    }).pem;
  })();
  return encryption;
}

/** A fixture with the run's certificates in place of `{{SIGNING_CERT}}` and `{{ENCRYPTION_CERT}}`. */
export function metadataFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/saml/metadata/${name}`, import.meta.url), 'utf8')
    .replaceAll('{{SIGNING_CERT}}', base64Of(testSigningKeys().idp.certificatePem))
    .replaceAll('{{ENCRYPTION_CERT}}', base64Of(testEncryptionCertificatePem()));
}
