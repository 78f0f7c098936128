/**
 * What trust needs from storage: the certificates that authenticate partners on the web
 * services. src/store implements it; trust never imports the store.
 */

/** Distributors call the subscription services; ENT projects call the médiacentre service. */
export type PartnerKind = 'distributor' | 'ent';

export interface PartnerCertificateRecord {
  /** SHA-256 of the DER certificate, lowercase hex without separators. */
  readonly fingerprint: string;
  readonly partnerKind: PartnerKind;
  readonly partnerId: string;
  /** `registered`: sent by the partner (or only its fingerprint); `issued`: by the broker's partner CA. */
  readonly origin: 'registered' | 'issued';
  readonly subject: string;
  readonly serial: string;
  /** ISO-8601 UTC. A fingerprint-only registration carries the validity the operator stated. */
  readonly notBefore: string;
  readonly notAfter: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface PartnerCertificateStore {
  /** Registers the partner (a distributor row for distributors) if new, and the certificate; audited as `actor`. */
  addCertificate(record: PartnerCertificateRecord, partnerName: string, actor: string): Promise<void>;
  findCertificate(fingerprint: string): Promise<PartnerCertificateRecord | undefined>;
  listCertificates(partner?: {
    readonly kind: PartnerKind;
    readonly id: string;
  }): Promise<readonly PartnerCertificateRecord[]>;
  /** Revokes it from `at` on; audited as `actor`. False when unknown or already revoked. */
  revokeCertificate(fingerprint: string, at: Date, actor: string): Promise<boolean>;
}
