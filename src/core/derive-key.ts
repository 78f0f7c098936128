/**
 * The one place where keys and keyed values are derived from the broker's configured secret
 * (`pseudonyms.secret`). Each purpose has its own label, so a value derived for one use is
 * useless for another, and keeps the construction it was introduced with: changing one would give
 * every user a new `IDO` at every publisher, or stop sealed values and cookies already handed out
 * from opening. test/core/derive-key.test.ts pins each with known-answer vectors.
 *
 * - `seal`: HKDF-SHA-256 (RFC 5869), empty salt, info `gar-broker seal <name>`, 32 bytes.
 * - `console-csrf`, `oidc-provider-cookies`: HMAC-SHA-256(secret, label), 32 bytes.
 * - `ido`: HMAC-SHA-512(secret, encode([label, scope, entId, entUserId])), 64 bytes, where
 *   encode() writes each part as its UTF-8 byte length (4 bytes, big-endian) then its bytes, so
 *   that no two different lists of parts give the same input ("ab","c" / "a","bc").
 *
 * A new purpose uses HKDF-SHA-256 with a label of its own, as `seal` does.
 */
import { createHmac, hkdfSync, type KeyObject } from 'node:crypto';

export type KeyPurpose =
  /** The key of one kind of sealed browser value (trust's createSealer). */
  | { readonly use: 'seal'; readonly name: string }
  /** The key of the console's CSRF tokens. */
  | { readonly use: 'console-csrf' }
  /** The key oidc-provider signs its cookies with. */
  | { readonly use: 'oidc-provider-cookies' }
  /** The `IDO` pseudonym of one person for one scope (attribute-filter/pseudonyms.ts). */
  | { readonly use: 'ido'; readonly scope: string; readonly entId: string; readonly entUserId: string };

export type KeySecret = Uint8Array | KeyObject;

/** The bytes derived from `secret` for `purpose` (see the file comment for each construction). */
export function deriveKey(secret: KeySecret, purpose: KeyPurpose): Buffer {
  switch (purpose.use) {
    case 'seal':
      return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `gar-broker seal ${purpose.name}`, 32));
    case 'console-csrf':
      return createHmac('sha256', secret).update('gar-broker console csrf').digest();
    case 'oidc-provider-cookies':
      return createHmac('sha256', secret).update('gar-broker oidc-provider cookie keys v1').digest();
    case 'ido':
      return createHmac('sha512', secret)
        .update(lengthPrefixed(['gar-broker/ido/v1', purpose.scope, purpose.entId, purpose.entUserId]))
        .digest();
  }
}

function lengthPrefixed(parts: readonly string[]): Buffer {
  return Buffer.concat(
    parts.flatMap((part) => {
      const bytes = Buffer.from(part, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.byteLength);
      return [length, bytes];
    }),
  );
}
