import { X509Certificate } from 'node:crypto';
import { fail } from '../../core/fail.js';
import { certificateFingerprint } from './certificate-fingerprint.js';

/** What the registry keeps of a certificate; it never keeps keys. */
export interface CertificateDescription {
  readonly fingerprint: string;
  /** One line: `O=…, CN=…`. */
  readonly subject: string;
  /** Uppercase hex, as OpenSSL prints it. */
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/**
 * Reads a PEM or DER certificate handed to the broker (a partner's file) into the registry's
 * terms. A text that is not a certificate is refused with a coded error.
 */
export function describeCertificate(input: X509Certificate | string | Buffer): CertificateDescription {
  const certificate = input instanceof X509Certificate ? input : parseCertificate(input);
  return {
    fingerprint: certificateFingerprint(certificate),
    subject: certificate.subject.split('\n').join(', '),
    serial: certificate.serialNumber.toUpperCase(),
    ...certificateValidity(certificate),
  };
}

/** Node 20 gives the validity only as OpenSSL text (`Jan  1 00:00:00 2050 GMT`), which Date reads. */
export function certificateValidity(certificate: X509Certificate): {
  readonly notBefore: Date;
  readonly notAfter: Date;
} {
  return { notBefore: new Date(certificate.validFrom), notAfter: new Date(certificate.validTo) };
}

function parseCertificate(input: string | Buffer): X509Certificate {
  try {
    return new X509Certificate(input);
  } catch (error) {
    throw fail('ERR_PKI_CERTIFICATE_INVALID', "Le fichier n'est pas un certificat X.509 (PEM ou DER).", String(error));
  }
}
