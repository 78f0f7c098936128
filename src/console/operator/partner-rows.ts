/**
 * How a partner's SAML metadata and certificates show on the operator's pages: where the metadata
 * came from and until when it is valid; each certificate's fingerprint, validity and state.
 */
import type { SamlPartnerRecord } from '../../federation/index.js';
import { isPartnerUsable } from '../../federation/index.js';
import type { PartnerCertificateRecord } from '../../trust/index.js';
import { revokePath } from './operator-paths.js';
import { groupedFingerprint, type Translate } from './operator-render.js';
import { definedFields } from '../../core/defined-fields.js';

export interface MetadataRow {
  readonly entityId: string;
  readonly validUntil?: string;
  /** Past its validUntil: logins through it are refused. */
  readonly expired: boolean;
  readonly source: string;
  readonly loadedAt: string;
  readonly refreshAfter?: string;
}

export function metadataRow(record: SamlPartnerRecord, now: Date, t: Translate): MetadataRow {
  const source =
    record.source.kind === 'file'
      ? t('operator.source.file', { path: record.source.path })
      : record.source.kind === 'url'
        ? t('operator.source.url', { url: record.source.url })
        : t('operator.source.cli');
  return {
    entityId: record.entityId,
    expired: !isPartnerUsable(record, now),
    source,
    loadedAt: record.loadedAt,
    ...definedFields({ validUntil: record.validUntil, refreshAfter: record.refreshAfter }),
  };
}

export type CertificateState = 'valid' | 'future' | 'expired' | 'revoked';

export interface CertificateRow {
  readonly fingerprint: string;
  readonly grouped: string;
  readonly subject: string;
  readonly origin: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly state: CertificateState;
  readonly revokedAt: string | null;
  /** The confirmation page of its revocation, while it is not revoked. */
  readonly revokeHref?: string;
}

export function certificateState(c: PartnerCertificateRecord, now: Date): CertificateState {
  if (c.revokedAt !== null) return 'revoked';
  if (Date.parse(c.notBefore) > now.getTime()) return 'future';
  return Date.parse(c.notAfter) <= now.getTime() ? 'expired' : 'valid';
}

export function certificateRow(c: PartnerCertificateRecord, now: Date): CertificateRow {
  return {
    fingerprint: c.fingerprint,
    grouped: groupedFingerprint(c.fingerprint),
    subject: c.subject,
    origin: c.origin,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    state: certificateState(c, now),
    revokedAt: c.revokedAt,
    ...(c.revokedAt === null ? { revokeHref: revokePath(c.fingerprint) } : {}),
  };
}
