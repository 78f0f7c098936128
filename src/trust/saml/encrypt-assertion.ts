/**
 * XML Encryption (xmlenc-core1 §3–5) of the signed Assertion to a publisher's encryption
 * certificate: a fresh AES content key (GCM: 12-byte IV ‖ ciphertext ‖ 16-byte tag, §5.2.4; or
 * CBC: 16-byte IV ‖ ciphertext, §5.2.1) wrapped with RSA-OAEP-MGF1P (SHA-1 digest and MGF, the
 * only OAEP variant every SAML library reads; OAEP's security does not rest on SHA-1 collisions).
 * The output is written canonical, since the Response signature covers it.
 */
import { constants, createCipheriv, publicEncrypt, randomBytes, type X509Certificate } from 'node:crypto';
import { fail } from '../../core/fail.js';
import { element } from './canonical-xml.js';
import { samlUris } from './xml-text.js';
import { xencUris, type ContentAlgorithm } from './xml-encryption-uris.js';

const ds = 'http://www.w3.org/2000/09/xmldsig#';

export type AssertionEncryption = {
  readonly certificate: X509Certificate;
  readonly algorithm: 'aes-256-gcm' | 'aes-128-gcm' | 'aes-256-cbc';
};

export function encryptAssertion(assertionXml: string, to: AssertionEncryption): string {
  const publicKey = to.certificate.publicKey;
  if (publicKey.asymmetricKeyType !== 'rsa') {
    throw fail(
      'ERR_SAML_RESPONSE_BUILD',
      "La réponse au fournisseur n'a pas pu être chiffrée.",
      `encryption key is ${publicKey.asymmetricKeyType ?? 'unknown'}, not RSA`,
    );
  }
  const contentKey = randomBytes(to.algorithm === 'aes-128-gcm' ? 16 : 32);
  const cipherValue = encryptContent(Buffer.from(assertionXml, 'utf8'), contentKey, to.algorithm);
  const wrappedKey = publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    contentKey,
  );
  const encryptedKey = element(
    'xenc:EncryptedKey',
    {},
    {},
    element(
      'xenc:EncryptionMethod',
      {},
      { Algorithm: xencUris.keyTransport.rsaOaepMgf1p },
      // Inside ds:KeyInfo, which declares ds: redeclaring it here would not be canonical.
      element('ds:DigestMethod', {}, { Algorithm: xencUris.digest.sha1 }),
    ) + cipherData(wrappedKey),
  );
  const encryptedData = element(
    'xenc:EncryptedData',
    { xenc: xencUris.namespace },
    { Type: xencUris.elementType },
    element('xenc:EncryptionMethod', {}, { Algorithm: xencUris.content[to.algorithm satisfies ContentAlgorithm] })
      + element('ds:KeyInfo', { ds }, {}, encryptedKey)
      + cipherData(cipherValue),
  );
  return element('saml:EncryptedAssertion', { saml: samlUris.assertion }, {}, encryptedData);
}

function encryptContent(plaintext: Buffer, key: Buffer, algorithm: AssertionEncryption['algorithm']): Buffer {
  if (algorithm === 'aes-256-cbc') {
    const iv = randomBytes(16);
    const cipher = createCipheriv(algorithm, key, iv);
    return Buffer.concat([iv, cipher.update(plaintext), cipher.final()]);
  }
  const iv = randomBytes(12);
  const cipher = createCipheriv(algorithm, key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]);
}

const cipherData = (value: Buffer): string =>
  `<xenc:CipherData><xenc:CipherValue>${value.toString('base64')}</xenc:CipherValue></xenc:CipherData>`;
