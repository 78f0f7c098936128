/**
 * Key transport of an EncryptedAssertion (xmlenc-core1 §5.5.2): the content key, encrypted to the
 * broker's public encryption key with RSA-OAEP, is recovered with one of the broker's private keys.
 * The algorithm is read (and refused when unknown) before any private-key operation.
 */
import { constants, privateDecrypt, type KeyObject } from 'node:crypto';
import { fail } from '../../core/fail.js';
import { childElements } from '../metadata/child-elements.js';
import { decodeOaep } from './decode-oaep.js';
import { readCipherValue } from './read-cipher-value.js';
import { xencUris, type OaepHash } from './xml-encryption-uris.js';

const xmldsigNs = 'http://www.w3.org/2000/09/xmldsig#';

/** An EncryptedKey read: how it was wrapped, and the wrapped octets. */
export interface KeyTransport {
  readonly digest: OaepHash;
  readonly mgf: OaepHash;
  readonly label: Buffer;
  readonly wrapped: Buffer;
}

/** The hash a DigestMethod or MGF names; absent → SHA-1 (the default of both, xmlenc-core1 §5.5.2). */
function hashNamed(element: Element | undefined, table: Record<OaepHash, string>): OaepHash | undefined {
  if (element === undefined) return 'sha1';
  const uri = element.getAttribute('Algorithm') ?? '';
  return (Object.keys(table) as OaepHash[]).find((name) => table[name] === uri);
}

/** Throws ERR_SAML_RESPONSE_ENCRYPTION_ALGORITHM (not RSA-OAEP as listed) or ERR_SAML_RESPONSE_DECRYPTION. */
export function readKeyTransport(encryptedKey: Element): KeyTransport {
  const [method] = childElements(encryptedKey, xencUris.namespace, 'EncryptionMethod');
  const uri = method?.getAttribute('Algorithm') ?? '';
  const digestMethod = method === undefined ? undefined : childElements(method, xmldsigNs, 'DigestMethod')[0];
  const mgfElement = method === undefined ? undefined : childElements(method, xencUris.namespace11, 'MGF')[0];
  const digest = hashNamed(digestMethod, xencUris.digest);
  // rsa-oaep-mgf1p fixes MGF1-SHA-1 and has no MGF element; xmlenc11 rsa-oaep may name one.
  const mgf =
    uri === xencUris.keyTransport.rsaOaep
      ? hashNamed(mgfElement, xencUris.mgf)
      : uri === xencUris.keyTransport.rsaOaepMgf1p && mgfElement === undefined
        ? 'sha1'
        : undefined;
  if (digest === undefined || mgf === undefined) {
    throw fail(
      'ERR_SAML_RESPONSE_ENCRYPTION_ALGORITHM',
      "Algorithme de chiffrement de l'assertion refusé.",
      `key transport ${uri || '(none)'} digest ${digestMethod?.getAttribute('Algorithm') ?? '(default)'} `
        + `mgf ${mgfElement?.getAttribute('Algorithm') ?? '(default)'}`,
    );
  }
  return { digest, mgf, label: oaepLabel(method as Element), wrapped: readCipherValue(encryptedKey) };
}

/** xenc:OAEPparams, base64 (usually absent: an empty label). */
function oaepLabel(method: Element): Buffer {
  const [params] = childElements(method, xencUris.namespace, 'OAEPparams');
  return params === undefined ? Buffer.alloc(0) : Buffer.from((params.textContent ?? '').replace(/\s+/g, ''), 'base64');
}

/** The content key, or a plain Error when `privateKey` is not the one it was wrapped for. */
export function unwrapContentKey(transport: KeyTransport, privateKey: KeyObject): Buffer {
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('not an RSA key');
  if (transport.digest === transport.mgf) {
    return privateDecrypt(
      {
        key: privateKey,
        padding: constants.RSA_PKCS1_OAEP_PADDING,
        oaepHash: transport.digest,
        oaepLabel: transport.label,
      },
      transport.wrapped,
    );
  }
  const encoded = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, transport.wrapped);
  return decodeOaep(encoded, transport.digest, transport.mgf, transport.label);
}
