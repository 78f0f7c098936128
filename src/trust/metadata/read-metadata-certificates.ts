/**
 * The certificates of a role descriptor's KeyDescriptors (saml-metadata-2.0-os §2.4.1.1): `use`
 * is `signing`, `encryption`, or absent, meaning both. Every certificate must parse: a partner
 * whose metadata holds one unreadable key is refused whole, never loaded with the keys that did
 * parse (a partner is never half-loaded), since the missing one may be the one it signs with.
 */
import { X509Certificate } from 'node:crypto';
import { fail } from '../../core/fail.js';
import { attributeValue } from './attribute-value.js';
import { childElements } from './child-elements.js';
import { samlMetadataUris } from './saml-metadata.js';

export interface MetadataCertificates {
  readonly signing: readonly X509Certificate[];
  readonly encryption: readonly X509Certificate[];
}

const ds = samlMetadataUris.xmldsig;

/**
 * Throws ERR_METADATA_CERTIFICATE for an unknown `use`, a KeyDescriptor without exactly one
 * certificate, or one that does not parse.
 */
export function readMetadataCertificates(role: Element): MetadataCertificates {
  const signing: X509Certificate[] = [];
  const encryption: X509Certificate[] = [];
  for (const descriptor of childElements(role, samlMetadataUris.metadata, 'KeyDescriptor')) {
    const use = attributeValue(descriptor, 'use');
    if (use !== null && use !== 'signing' && use !== 'encryption') {
      throw fail(
        'ERR_METADATA_CERTIFICATE',
        'usage de clé inconnu dans les métadonnées',
        `KeyDescriptor use=${JSON.stringify(use.slice(0, 40))}`,
      );
    }
    const certificate = soleCertificate(descriptor);
    if (use !== 'encryption') signing.push(certificate);
    if (use !== 'signing') encryption.push(certificate);
  }
  return { signing, encryption };
}

/**
 * Exactly one ds:X509Certificate under ds:KeyInfo/ds:X509Data: a chain there would add its CA
 * as a signing key, and a KeyDescriptor with only a KeyName or KeyValue names a key the broker
 * cannot pin, so both are refused rather than silently skipped.
 */
function soleCertificate(descriptor: Element): X509Certificate {
  const found = childElements(descriptor, ds, 'KeyInfo')
    .flatMap((keyInfo) => childElements(keyInfo, ds, 'X509Data'))
    .flatMap((data) => childElements(data, ds, 'X509Certificate'));
  const [element, ...others] = found;
  if (element === undefined || others.length > 0) {
    throw fail(
      'ERR_METADATA_CERTIFICATE',
      'clé des métadonnées illisible',
      `KeyDescriptor with ${found.length} X509Certificate`,
    );
  }
  return parseCertificate(element.textContent ?? '');
}

function parseCertificate(text: string): X509Certificate {
  const base64 = text.replace(/\s+/g, '');
  // Buffer.from skips characters outside the alphabet: check first, so garbage is not half-read.
  if (base64 === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    throw fail('ERR_METADATA_CERTIFICATE', 'certificat des métadonnées illisible', 'X509Certificate is not base64');
  }
  try {
    return new X509Certificate(Buffer.from(base64, 'base64'));
  } catch (error) {
    throw fail(
      'ERR_METADATA_CERTIFICATE',
      'certificat des métadonnées illisible',
      `X509Certificate does not parse: ${String(error).slice(0, 120)}`,
    );
  }
}
