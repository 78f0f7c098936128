/** Operator secrets: scrypt password hashes and RFC 6238 TOTP (the RFC's own test vectors). */
import assert from 'node:assert/strict';
import { hashPassword, totpCode, verifyPassword, verifyTotp } from '../../../src/trust/index.js';

describe('trust: operator secrets', () => {
  it('a password verifies against its hash, another does not; two hashes of one password differ (salt)', async () => {
    const stored = await hashPassword('Mot de passe très long 42!');
    assert.match(stored, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    assert.equal(await verifyPassword('Mot de passe très long 42!', stored), true);
    assert.equal(await verifyPassword('Mot de passe très long 43!', stored), false);
    assert.notEqual(await hashPassword('Mot de passe très long 42!'), stored);
  });

  it('the same password in composed or decomposed Unicode verifies (NFC)', async () => {
    const stored = await hashPassword('\u00e9l\u00e8ve');
    assert.equal(await verifyPassword('e\u0301le\u0300ve', stored), true);
  });

  it('a malformed or weakened stored value never verifies', async () => {
    const stored = await hashPassword('secret-secret');
    const parts = stored.split('$');
    for (const bad of [
      '',
      'plain',
      stored.replace('scrypt', 'bcrypt'),
      [...parts.slice(0, 1), '1024', ...parts.slice(2)].join('$'),
      parts.slice(0, 5).join('$'),
      `${stored}$x`,
    ]) {
      assert.equal(await verifyPassword('secret-secret', bad), false, bad);
    }
  });

  // RFC 6238 Appendix B, SHA-1 with the 20-byte ASCII secret "12345678901234567890" (base32 below),
  // 8 digits there; we use 6 (the low 6 digits).
  const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  const vectors: readonly (readonly [number, string])[] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
  ];
  for (const [seconds, eight] of vectors) {
    it(`RFC 6238 vector at T=${seconds}`, () => {
      assert.equal(totpCode(rfcSecret, new Date(seconds * 1000)), eight.slice(2));
    });
  }

  it('accepts the current step and one either side only, and returns which step matched', () => {
    const at = new Date(1234567890 * 1000);
    const step = Math.floor(1234567890 / 30);
    assert.equal(verifyTotp(rfcSecret, totpCode(rfcSecret, at), at), step);
    assert.equal(verifyTotp(rfcSecret, totpCode(rfcSecret, at, -1), at), step - 1);
    assert.equal(verifyTotp(rfcSecret, totpCode(rfcSecret, at, 1), at), step + 1);
    assert.equal(verifyTotp(rfcSecret, totpCode(rfcSecret, at, 2), at), undefined);
    for (const bad of ['', '12345', '1234567', 'abcdef', ' 123456'])
      assert.equal(verifyTotp(rfcSecret, bad, at), undefined, bad);
  });
});
