import type { SamlPartnerRecord } from './ports.js';

/**
 * saml-metadata-2.0-os §2.3.1: past its `validUntil`, metadata must not be used, however it
 * was obtained and whether or not a refresh is pending. Whoever reads a stored partner for a
 * decision (login, discovery, listings) asks this first; trust refuses it too when re-reading.
 */
export function isPartnerUsable(record: Pick<SamlPartnerRecord, 'validUntil'>, now: Date): boolean {
  return record.validUntil === undefined || Date.parse(record.validUntil) > now.getTime();
}
