import { createHash, type X509Certificate } from 'node:crypto';
import { fail } from '../../core/fail.js';

/** SHA-256 of the DER certificate, lowercase hex without separators: the registry's key. */
export function certificateFingerprint(certificate: X509Certificate): string {
  return createHash('sha256').update(certificate.raw).digest('hex');
}

/**
 * Accepts a SHA-256 fingerprint as operators copy it: `AB:CD:…` (openssl, browsers) or plain
 * hex of any case. Anything else is refused rather than guessed, since it pins a partner.
 */
export function normaliseFingerprint(text: string): string {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed) || /^[0-9a-f]{2}(:[0-9a-f]{2}){31}$/i.test(trimmed))
    return trimmed.replaceAll(':', '').toLowerCase();
  throw fail(
    'ERR_PKI_FINGERPRINT_INVALID',
    'Empreinte de certificat invalide : 64 chiffres hexadécimaux (SHA-256) attendus.',
  );
}
