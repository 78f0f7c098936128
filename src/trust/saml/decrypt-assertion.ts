/**
 * Decrypts an ENT's EncryptedAssertion (saml-core §2.3.4, xmlenc-core1 §4.2) with the broker's
 * encryption private keys (current first, then those still published during a rotation). The
 * content key comes from an EncryptedKey in the EncryptedData's KeyInfo or beside the
 * EncryptedData (saml-core §2.2.4 allows both); each is tried with each of our keys.
 *
 * What this does not do is trust the result: the caller parses it like any untrusted XML and
 * verifies its signature (or relies on the Response signature that covered the ciphertext).
 */
import { createDecipheriv, type KeyObject } from 'node:crypto';
import { fail } from '../../core/fail.js';
import { childElements } from '../metadata/child-elements.js';
import { readCipherValue } from './read-cipher-value.js';
import { readKeyTransport, unwrapContentKey, type KeyTransport } from './unwrap-content-key.js';
import { xencUris, type ContentAlgorithm } from './xml-encryption-uris.js';

const xmldsigNs = 'http://www.w3.org/2000/09/xmldsig#';

/** One recipient key is usual; a few allow a rotation; more is a cost an attacker would choose. */
const maxEncryptedKeys = 4;

const keyBytes: Record<ContentAlgorithm, number> = {
  'aes-128-cbc': 16,
  'aes-256-cbc': 32,
  'aes-128-gcm': 16,
  'aes-256-gcm': 32,
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

const unreadable = (detail: string): Error =>
  fail('ERR_SAML_RESPONSE_DECRYPTION', "L'assertion chiffrée de l'ENT est illisible.", detail);

/**
 * The decrypted text of the assertion. Throws ERR_SAML_RESPONSE_ENCRYPTION_ALGORITHM or
 * ERR_SAML_RESPONSE_DECRYPTION (malformed, or no key of ours decrypts it).
 */
export function decryptAssertion(encrypted: Element, privateKeys: readonly KeyObject[]): string {
  const [data, ...others] = childElements(encrypted, xencUris.namespace, 'EncryptedData');
  if (data === undefined || others.length > 0)
    throw unreadable(`${others.length + (data === undefined ? 0 : 1)} EncryptedData`);
  const type = data.getAttribute('Type');
  if (type !== null && type !== '' && type !== xencUris.elementType) throw unreadable(`EncryptedData Type ${type}`);
  const algorithm = contentAlgorithm(data);
  const ciphertext = readCipherValue(data);
  const transports = encryptedKeys(encrypted, data).map(readKeyTransport);
  for (const transport of transports) {
    for (const privateKey of privateKeys) {
      const plaintext = tryDecrypt(transport, privateKey, algorithm, ciphertext);
      if (plaintext !== undefined) return plaintext;
    }
  }
  throw unreadable(`none of ${privateKeys.length} decryption keys opens any of ${transports.length} EncryptedKey`);
}

function contentAlgorithm(data: Element): ContentAlgorithm {
  const [method] = childElements(data, xencUris.namespace, 'EncryptionMethod');
  const uri = method?.getAttribute('Algorithm') ?? '';
  const algorithm = (Object.keys(xencUris.content) as ContentAlgorithm[]).find(
    (name) => xencUris.content[name] === uri,
  );
  if (algorithm === undefined) {
    throw fail(
      'ERR_SAML_RESPONSE_ENCRYPTION_ALGORITHM',
      "Algorithme de chiffrement de l'assertion refusé.",
      `content ${uri || '(none)'}`,
    );
  }
  return algorithm;
}

function encryptedKeys(encrypted: Element, data: Element): Element[] {
  const keyInfos = childElements(data, xmldsigNs, 'KeyInfo');
  const found = [
    ...keyInfos.flatMap((keyInfo) => childElements(keyInfo, xencUris.namespace, 'EncryptedKey')),
    ...childElements(encrypted, xencUris.namespace, 'EncryptedKey'),
  ];
  if (found.length === 0 || found.length > maxEncryptedKeys) throw unreadable(`${found.length} EncryptedKey elements`);
  return found;
}

/** The UTF-8 plaintext, or undefined when this key does not fit (wrong key, bad tag, bad padding). */
function tryDecrypt(
  transport: KeyTransport,
  privateKey: KeyObject,
  algorithm: ContentAlgorithm,
  ciphertext: Buffer,
): string | undefined {
  try {
    const key = unwrapContentKey(transport, privateKey);
    if (key.length !== keyBytes[algorithm]) return undefined;
    return utf8.decode(
      algorithm.endsWith('gcm') ? openGcm(algorithm, key, ciphertext) : openCbc(algorithm, key, ciphertext),
    );
  } catch {
    return undefined;
  }
}

/** xmlenc-core1 §5.2.4: IV (96 bits) ‖ ciphertext ‖ tag (128 bits). */
function openGcm(algorithm: ContentAlgorithm, key: Buffer, octets: Buffer): Buffer {
  if (octets.length < 12 + 16) throw new Error('GCM value too short');
  const decipher = createDecipheriv(algorithm as 'aes-128-gcm', key, octets.subarray(0, 12), { authTagLength: 16 });
  decipher.setAuthTag(octets.subarray(octets.length - 16));
  return Buffer.concat([decipher.update(octets.subarray(12, octets.length - 16)), decipher.final()]);
}

/**
 * xmlenc-core1 §5.2.1: IV (128 bits) ‖ ciphertext. Its padding is not PKCS#7: only the last byte
 * (the pad length) is defined, so node's automatic padding check is off and the pad stripped here.
 */
function openCbc(algorithm: ContentAlgorithm, key: Buffer, octets: Buffer): Buffer {
  if (octets.length < 32 || octets.length % 16 !== 0) throw new Error('CBC value not whole blocks');
  const decipher = createDecipheriv(algorithm, key, octets.subarray(0, 16)).setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(octets.subarray(16)), decipher.final()]);
  const pad = padded[padded.length - 1] as number;
  if (pad < 1 || pad > 16) throw new Error('CBC padding');
  return padded.subarray(0, padded.length - pad);
}
