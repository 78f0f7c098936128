/**
 * Decides whether a TLS client certificate authenticates a partner on the web services
 * (gar-reference §5: distributors authenticate with a TLS client certificate).
 *
 * Deny by default: a certificate passes only when its fingerprint is registered for a partner of
 * the expected kind, not revoked, and inside both its own validity and the registered one; an
 * issued certificate must also chain to the partner CA. Each step below is one check.
 *
 * Proof of possession is not checked here: the TLS handshake already made the client sign with
 * the private key of the certificate it presented (CertificateVerify), so the certificate in
 * hand is the caller's own. This runs after the handshake, on the peer certificate's DER.
 */
import { X509Certificate } from 'node:crypto';
import { fail } from '../../core/fail.js';
import type { PartnerCertificateRecord, PartnerCertificateStore, PartnerKind } from '../ports.js';
import { describeCertificate, type CertificateDescription } from './describe-certificate.js';

export interface AuthenticatedPartner {
  readonly partnerKind: PartnerKind;
  readonly partnerId: string;
  readonly fingerprint: string;
}

export interface AuthenticatePartnerOptions {
  readonly now: Date;
  /** The broker's partner CA; without it no issued certificate is accepted. */
  readonly partnerCa?: X509Certificate;
  readonly expectedKind: PartnerKind;
}

export async function authenticatePartnerCertificate(
  raw: Buffer | string | undefined,
  registry: PartnerCertificateStore,
  options: AuthenticatePartnerOptions,
): Promise<AuthenticatedPartner> {
  const certificate = parsePeerCertificate(raw);
  const description = describeCertificate(certificate);
  const record = await registry.findCertificate(description.fingerprint);
  // Pinning by fingerprint: any CA, even a public one, can sign a certificate with any subject,
  // so only the exact certificate the operator registered or issued identifies a partner.
  if (record === undefined || record.partnerKind !== options.expectedKind) {
    throw unknown(`fingerprint ${description.fingerprint} not registered for a ${options.expectedKind}`);
  }
  // The operator's revocation is the only way to cut a leaked key before it expires.
  if (record.revokedAt !== null) {
    throw fail(
      'ERR_WS_CLIENT_CERT_REVOKED',
      'Certificat client révoqué.',
      `fingerprint ${record.fingerprint} revoked at ${record.revokedAt}`,
    );
  }
  checkValidity(description, record, options.now);
  if (record.origin === 'issued') checkIssuedByPartnerCa(certificate, options.partnerCa);
  return { partnerKind: record.partnerKind, partnerId: record.partnerId, fingerprint: record.fingerprint };
}

function parsePeerCertificate(raw: Buffer | string | undefined): X509Certificate {
  // Node's getPeerCertificate() gives `{}` (raw undefined) when the client sent no certificate;
  // the listener asks for one but does not reject at the handshake, so this answers 401 instead.
  if (raw === undefined || raw.length === 0) throw fail('ERR_WS_CLIENT_CERT_MISSING', 'Certificat client TLS requis.');
  try {
    return new X509Certificate(raw);
  } catch (error) {
    throw fail('ERR_WS_CLIENT_CERT_INVALID', 'Certificat client TLS illisible.', String(error));
  }
}

/**
 * The listener does not reject expired certificates at the handshake (rejectUnauthorized is off so
 * that self-signed registered certificates get through), so validity is checked here; the
 * registered dates also bound a fingerprint-only registration, whose certificate the broker never saw.
 */
function checkValidity(certificate: CertificateDescription, record: PartnerCertificateRecord, now: Date): void {
  const from = Math.max(certificate.notBefore.getTime(), Date.parse(record.notBefore));
  const until = Math.min(certificate.notAfter.getTime(), Date.parse(record.notAfter));
  // An unreadable stored date gives NaN, which makes every comparison false: deny.
  if (!(now.getTime() >= from && now.getTime() <= until)) {
    throw fail(
      'ERR_WS_CLIENT_CERT_EXPIRED',
      'Certificat client hors de sa période de validité.',
      `fingerprint ${record.fingerprint} valid ${new Date(from).toISOString()}..${new Date(until).toISOString()}`,
    );
  }
}

/**
 * An `issued` record claims the broker's CA signed this certificate: verify it, so a record
 * written by mistake (or by a tampered store) cannot make a foreign certificate pass as issued.
 */
function checkIssuedByPartnerCa(certificate: X509Certificate, partnerCa: X509Certificate | undefined): void {
  if (partnerCa === undefined || !certificate.checkIssued(partnerCa) || !certificate.verify(partnerCa.publicKey)) {
    throw unknown(`issued certificate ${certificate.serialNumber} does not chain to the partner CA`);
  }
}

function unknown(detail: string): Error {
  return fail('ERR_WS_CLIENT_CERT_UNKNOWN', 'Certificat client inconnu.', detail);
}
