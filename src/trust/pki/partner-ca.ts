/**
 * The broker's own partner CA: it issues client certificates to partners that have none
 * (`gar-broker partner issue-cert`). It is made on first use; its key never leaves the files.
 */
import { generateKeyPairSync, type KeyObject, type X509Certificate } from 'node:crypto';
import { fail } from '../../core/fail.js';
import { certificateFingerprint } from './certificate-fingerprint.js';
import { createCertificate } from './create-certificate.js';
import { certificateValidity } from './describe-certificate.js';
import { loadOrCreatePemPair, type PemPairFiles } from './load-or-create-pem-pair.js';

export interface PartnerCa {
  readonly certificate: X509Certificate;
  readonly privateKey: KeyObject;
  readonly certificatePem: string;
}

export interface IssuedPartnerCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly fingerprint: string;
}

const caYears = 10;

export function loadOrCreatePartnerCa(files: PemPairFiles, now: Date): PartnerCa {
  const pair = loadOrCreatePemPair(files, () => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const notAfter = new Date(now);
    notAfter.setUTCFullYear(notAfter.getUTCFullYear() + caYears);
    const { pem } = createCertificate({
      subject: { commonName: 'gar-broker partner CA', organizationName: 'gar-broker' },
      publicKey: keys.publicKey,
      privateKey: keys.privateKey,
      notBefore: now,
      notAfter,
      usage: 'ca',
    });
    return { certPem: pem, keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  });
  // Certificates signed by a non-CA certificate fail every chain check (RFC 5280 §4.2.1.9).
  if (!pair.certificate.ca) {
    throw fail(
      'ERR_PKI_FILE_INVALID',
      "Le certificat de l'autorité des partenaires n'est pas une autorité (CA).",
      files.certFile,
    );
  }
  return { certificate: pair.certificate, privateKey: pair.privateKey, certificatePem: pair.certPem };
}

/**
 * A client certificate for one partner, on a new P-256 key made here: subject CN = partner id,
 * O = partner name. It ends at the latest when the CA does, since it is worthless afterwards.
 */
export function issuePartnerCertificate(
  ca: PartnerCa,
  request: { readonly partnerId: string; readonly partnerName: string; readonly days: number; readonly now: Date },
): IssuedPartnerCertificate {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const wanted = request.now.getTime() + request.days * 86_400_000;
  const notAfter = new Date(Math.min(wanted, certificateValidity(ca.certificate).notAfter.getTime()));
  const { pem, certificate } = createCertificate({
    subject: { commonName: request.partnerId, organizationName: request.partnerName },
    issuer: { certificate: ca.certificate, privateKey: ca.privateKey },
    publicKey: keys.publicKey,
    notBefore: request.now,
    notAfter,
    usage: 'client',
  });
  return {
    certificatePem: pem,
    privateKeyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    fingerprint: certificateFingerprint(certificate),
  };
}
