/**
 * EME-OAEP decoding (RFC 8017 §7.1.2 step 3) for the one case node:crypto cannot do itself: an
 * xmlenc 1.1 rsa-oaep key whose OAEP digest differs from its MGF1 digest (SHA-256 with the default
 * MGF1-SHA-1, say); node's `oaepHash` sets both. The caller gets the raw RSA result with
 * RSA_NO_PADDING and hands it here. Every check is folded into one flag and one error, with no
 * early exit on secret-dependent bytes (Manger's attack needs to tell the failures apart).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { OaepHash } from './xml-encryption-uris.js';

const hashLength: Record<OaepHash, number> = { sha1: 20, sha256: 32 };

/** MGF1 (RFC 8017 §B.2.1). */
function mgf1(seed: Buffer, length: number, hash: OaepHash): Buffer {
  const blocks: Buffer[] = [];
  const counter = Buffer.alloc(4);
  for (let i = 0, made = 0; made < length; i += 1, made += hashLength[hash]) {
    counter.writeUInt32BE(i);
    blocks.push(createHash(hash).update(seed).update(counter).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i += 1) out[i] = (a[i] as number) ^ (b[i] as number);
  return out;
}

/** The message M of an encoded block `em` (k bytes); throws one plain Error on any fault. */
export function decodeOaep(em: Buffer, digest: OaepHash, mgf: OaepHash, label: Buffer): Buffer {
  const hLen = hashLength[digest];
  if (em.length < 2 * hLen + 2) throw new Error('OAEP decoding error');
  const maskedSeed = em.subarray(1, 1 + hLen);
  const maskedDb = em.subarray(1 + hLen);
  const seed = xor(maskedSeed, mgf1(maskedDb, hLen, mgf));
  const db = xor(maskedDb, mgf1(seed, maskedDb.length, mgf));
  let bad =
    (em[0] as number) | (timingSafeEqual(db.subarray(0, hLen), createHash(digest).update(label).digest()) ? 0 : 1);
  // DB = lHash ‖ PS (zero bytes) ‖ 0x01 ‖ M: find the first non-zero byte; it must be 0x01.
  let inPadding = 1;
  let separator = 0;
  for (let i = hLen; i < db.length; i += 1) {
    const byte = db[i] as number;
    const isZero = byte === 0 ? 1 : 0;
    const first = inPadding & (1 - isZero);
    bad |= first & (byte === 1 ? 0 : 1);
    separator = first === 1 ? i : separator;
    inPadding &= isZero;
  }
  if ((bad | inPadding) !== 0) throw new Error('OAEP decoding error');
  return db.subarray(separator + 1);
}
