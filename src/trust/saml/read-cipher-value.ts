/** The octets of an xenc CipherData/CipherValue (xmlenc-core1 §3.3); CipherReference is not supported. */
import { fail } from '../../core/fail.js';
import { childElements } from '../metadata/child-elements.js';
import { xencUris } from './xml-encryption-uris.js';

/** Throws ERR_SAML_RESPONSE_DECRYPTION when `parent` has no single CipherData/CipherValue of base64. */
export function readCipherValue(parent: Element): Buffer {
  const [data, ...moreData] = childElements(parent, xencUris.namespace, 'CipherData');
  const [value, ...moreValues] = data === undefined ? [] : childElements(data, xencUris.namespace, 'CipherValue');
  const compact = (value?.textContent ?? '').replace(/\s+/g, '');
  if (
    value === undefined
    || moreData.length + moreValues.length > 0
    || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)
    || compact.length % 4 !== 0
  ) {
    throw fail(
      'ERR_SAML_RESPONSE_DECRYPTION',
      "L'assertion chiffrée de l'ENT est illisible.",
      `${parent.localName}: no single base64 CipherValue`,
    );
  }
  return Buffer.from(compact, 'base64');
}
