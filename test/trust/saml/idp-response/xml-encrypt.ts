/**
 * Test-only XML Encryption of an assertion (xmlenc-core1), written from the specification with
 * node:crypto, for the fixture generator and the algorithm tests. It is not the broker's code
 * (which only decrypts), and samlify's @authenio/xml-encryption checks it from outside in the
 * interop test. `oaep-sha256-mgf1sha1` encodes EME-OAEP by hand (RFC 8017 §7.1.1): node's
 * `oaepHash` cannot use two different digests.
 */
import { constants, createCipheriv, createHash, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { xencUris, type ContentAlgorithm } from '../../../../src/trust/saml/xml-encryption-uris.js';

export type KeyTransportChoice = 'mgf1p' | 'oaep-sha1' | 'oaep-sha256' | 'oaep-sha256-mgf1sha1' | 'rsa-1_5';

export interface EncryptAssertionOptions {
  readonly content: ContentAlgorithm;
  readonly transport: KeyTransportChoice;
  /** Where the EncryptedKey goes (saml-core §2.2.4 allows both); default inside EncryptedData's KeyInfo. */
  readonly keyPlacement?: 'key-info' | 'sibling';
}

const keyBytes: Record<ContentAlgorithm, number> = {
  'aes-128-cbc': 16,
  'aes-256-cbc': 32,
  'aes-128-gcm': 16,
  'aes-256-gcm': 32,
};

function encryptContent(algorithm: ContentAlgorithm, key: Buffer, plaintext: Buffer): Buffer {
  if (algorithm.endsWith('gcm')) {
    const iv = randomBytes(12);
    const cipher = createCipheriv(algorithm as 'aes-128-gcm', key, iv, { authTagLength: 16 });
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]);
  }
  const iv = randomBytes(16);
  const cipher = createCipheriv(algorithm, key, iv);
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final()]);
}

function mgf1(seed: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 20 < length; i += 1) {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(i);
    blocks.push(createHash('sha1').update(seed).update(counter).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** EME-OAEP with a SHA-256 label hash and MGF1-SHA-1, then raw RSA. */
function oaepSha256Mgf1Sha1(publicKey: KeyObject, message: Buffer): Buffer {
  const k = ((publicKey.asymmetricKeyDetails?.modulusLength ?? 2048) + 7) >> 3;
  const lHash = createHash('sha256').digest();
  const db = Buffer.concat([lHash, Buffer.alloc(k - message.length - 2 * 32 - 2), Buffer.from([1]), message]);
  const seed = randomBytes(32);
  const dbMask = mgf1(seed, db.length);
  const maskedDb = Buffer.from(db.map((b, i) => b ^ (dbMask[i] as number)));
  const seedMask = mgf1(maskedDb, 32);
  const maskedSeed = Buffer.from(seed.map((b, i) => b ^ (seedMask[i] as number)));
  return publicEncrypt(
    { key: publicKey, padding: constants.RSA_NO_PADDING },
    Buffer.concat([Buffer.from([0]), maskedSeed, maskedDb]),
  );
}

function wrapKey(
  transport: KeyTransportChoice,
  publicKey: KeyObject,
  key: Buffer,
): { method: string; wrapped: Buffer } {
  const digest = (uri: string): string =>
    `<ds:DigestMethod xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Algorithm="${uri}"/>`;
  const oaep = (hash: 'sha1' | 'sha256'): Buffer =>
    publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, key);
  switch (transport) {
    case 'mgf1p':
      return {
        method:
          `<xenc:EncryptionMethod Algorithm="${xencUris.keyTransport.rsaOaepMgf1p}">`
          + `${digest(xencUris.digest.sha1)}</xenc:EncryptionMethod>`,
        wrapped: oaep('sha1'),
      };
    case 'oaep-sha1':
      return { method: `<xenc:EncryptionMethod Algorithm="${xencUris.keyTransport.rsaOaep}"/>`, wrapped: oaep('sha1') };
    case 'oaep-sha256':
      return {
        method:
          `<xenc:EncryptionMethod Algorithm="${xencUris.keyTransport.rsaOaep}">${digest(xencUris.digest.sha256)}`
          + `<xenc11:MGF xmlns:xenc11="${xencUris.namespace11}" Algorithm="${xencUris.mgf.sha256}"/>`
          + '</xenc:EncryptionMethod>',
        wrapped: oaep('sha256'),
      };
    case 'oaep-sha256-mgf1sha1':
      return {
        method:
          `<xenc:EncryptionMethod Algorithm="${xencUris.keyTransport.rsaOaep}">`
          + `${digest(xencUris.digest.sha256)}</xenc:EncryptionMethod>`,
        wrapped: oaepSha256Mgf1Sha1(publicKey, key),
      };
    // Refused by the broker; the wrapped key is OAEP anyway (node no longer decrypts PKCS#1 v1.5).
    case 'rsa-1_5':
      return {
        method: '<xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-1_5"/>',
        wrapped: oaep('sha1'),
      };
  }
}

/** `<saml:EncryptedAssertion>` holding `assertionXml` (a standalone Assertion) encrypted to `recipient`. */
export function encryptAssertion(assertionXml: string, recipient: KeyObject, options: EncryptAssertionOptions): string {
  const key = randomBytes(keyBytes[options.content]);
  const ciphertext = encryptContent(options.content, key, Buffer.from(assertionXml, 'utf8'));
  const { method, wrapped } = wrapKey(options.transport, recipient, key);
  const encryptedKey =
    `<xenc:EncryptedKey xmlns:xenc="${xencUris.namespace}">${method}`
    + `<xenc:CipherData><xenc:CipherValue>${wrapped.toString('base64')}</xenc:CipherValue></xenc:CipherData>`
    + '</xenc:EncryptedKey>';
  const sibling = options.keyPlacement === 'sibling';
  const data =
    `<xenc:EncryptedData xmlns:xenc="${xencUris.namespace}" Type="${xencUris.elementType}">`
    + `<xenc:EncryptionMethod Algorithm="${xencUris.content[options.content]}"/>`
    + (sibling ? '' : `<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">${encryptedKey}</ds:KeyInfo>`)
    + `<xenc:CipherData><xenc:CipherValue>${ciphertext.toString('base64')}</xenc:CipherValue></xenc:CipherData>`
    + '</xenc:EncryptedData>';
  return (
    '<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">'
    + `${data}${sibling ? encryptedKey : ''}</saml:EncryptedAssertion>`
  );
}
