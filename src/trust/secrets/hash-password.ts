/**
 * Operator passwords, stored only as scrypt hashes (RFC 7914) with a random salt, written as
 * `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>` so that parameters can be raised later without
 * breaking older hashes. Verification is constant-time; any malformed stored value verifies false.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const params = { N: 2 ** 15, r: 8, p: 1 } as const;
const keyLength = 32;
// scrypt needs 128·N·r bytes of memory: 32 MiB at these parameters; Node's default cap is 32 MiB.
const maxmem = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((done, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, { N, r, p, maxmem }, (error, key) =>
      error ? reject(error) : done(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params.N, params.r, params.p);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 ** 14 || N > 2 ** 20 || r < 1 || r > 32 || p < 1 || p > 16)
    return false;
  const salt = Buffer.from(parts[4] as string, 'base64');
  const expected = Buffer.from(parts[5] as string, 'base64');
  if (salt.length < 16 || expected.length !== keyLength) return false;
  return timingSafeEqual(await derive(password, salt, N, r, p), expected);
}
