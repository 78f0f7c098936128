import { createHash } from 'node:crypto';
import { sha256HexPattern } from '../core/sha256-hex.js';

/** A SHA-256 digest in lower-case hex: the only form of a cookie value the store accepts. */
export const cookieDigestPattern = sha256HexPattern;

/**
 * What the store keeps of a cookie's random value (browser binding, session id): its SHA-256, so
 * that reading the database does not give anyone a cookie to present.
 */
export function cookieDigest(cookieValue: string): string {
  return createHash('sha256').update(cookieValue, 'utf8').digest('hex');
}
