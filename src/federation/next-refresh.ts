/**
 * When metadata registered from a URL is fetched again, so that it stays fresh and its
 * validUntil is honoured: after the configured period or the document's own
 * `cacheDuration` (saml-metadata-2.0-os §2.3.2), whichever is shorter, and early enough before
 * its `validUntil` (§2.3.1) that failed attempts can be retried while the document still holds.
 */

/** What the document read says about its own lifetime. */
export interface DocumentLifetime {
  /** ISO date-time or Date: the earliest validUntil of the document. */
  readonly validUntil?: string | Date | undefined;
  readonly cacheDurationMs?: number | undefined;
}

/**
 * Share of the time left before validUntil after which the document is fetched again: with a
 * quarter of its life still ahead, a failing server gets several back-off retries before the
 * partner becomes unusable.
 */
const beforeExpiryShare = 0.75;

export function nextRefresh(now: Date, refreshHours: number, lifetime: DocumentLifetime = {}): string {
  const at = now.getTime();
  let next = at + Math.min(refreshHours * 3_600_000, lifetime.cacheDurationMs ?? Number.POSITIVE_INFINITY);
  if (lifetime.validUntil !== undefined) {
    const expiry = new Date(lifetime.validUntil).getTime();
    next = Math.min(next, at + Math.floor((expiry - at) * beforeExpiryShare));
  }
  return new Date(Math.max(at, next)).toISOString();
}
