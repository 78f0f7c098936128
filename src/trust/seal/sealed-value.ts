/**
 * A small value the broker hands to a browser (in a cookie) and must get back unaltered:
 * `base64url(json) "." base64url(HMAC-SHA-256)`. Not encrypted: it carries no personal data
 * (a resource id, an establishment code, an SP entityID, an expiry), only tamper-evident.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { deriveKey } from '../../core/derive-key.js';

export interface Sealer {
  seal(value: unknown, expiresAt: Date): string;
  /** The value when the seal is intact and not expired at `now`; undefined otherwise. */
  open(sealed: string, now: Date): unknown;
}

/** `purpose` separates keys: a value sealed for one use never opens for another. */
export function createSealer(secret: Buffer, purpose: string): Sealer {
  const key = deriveKey(secret, { use: 'seal', name: purpose });
  const mac = (body: string): Buffer => createHmac('sha256', key).update(body).digest();
  return {
    seal(value, expiresAt) {
      const body = Buffer.from(JSON.stringify({ v: value, e: expiresAt.getTime() })).toString('base64url');
      return `${body}.${mac(body).toString('base64url')}`;
    },
    open(sealed, now) {
      const [body, tag, ...rest] = sealed.split('.');
      if (body === undefined || tag === undefined || rest.length > 0 || sealed.length > 4096) return undefined;
      const given = Buffer.from(tag, 'base64url');
      const expected = mac(body);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { v?: unknown; e?: unknown };
        return typeof parsed.e === 'number' && parsed.e > now.getTime() ? parsed.v : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
