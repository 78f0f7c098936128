/**
 * Known-answer vectors of every key derived from the broker's secret, computed with the
 * constructions each use had before deriveKey gathered them: pseudonyms already issued to
 * publishers, sealed values and cookies already handed out must stay the same bytes.
 */
import assert from 'node:assert/strict';
import { createHmac, hkdfSync } from 'node:crypto';
import { ido, makePseudonymKey } from '../../src/attribute-filter/index.js';
import { deriveKey, type KeyPurpose } from '../../src/core/derive-key.js';
import { createSealer } from '../../src/trust/seal/sealed-value.js';

const secret = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');

describe('core deriveKey: known answers (the bytes must never change)', () => {
  const vectors: readonly (readonly [string, Buffer, KeyPurpose, string])[] = [
    [
      'seal access-intent (HKDF-SHA-256)',
      secret,
      { use: 'seal', name: 'access-intent' },
      '3e1415744e60ace151a113b8ea4b34296342327199536d724f9327e3358173f1',
    ],
    [
      'console CSRF key (HMAC-SHA-256)',
      secret,
      { use: 'console-csrf' },
      'bb82e10f16909d5232917bd33268d8f95f75e628925b0b5a356751be7386ad3a',
    ],
    [
      'oidc-provider cookie key (HMAC-SHA-256)',
      secret,
      { use: 'oidc-provider-cookies' },
      Buffer.from('ob60s91-f9BseJb_DNQkv9ukq7H7n8CD8nelDA1A_KY', 'base64url').toString('hex'),
    ],
    [
      'IDO, a distributor scope (HMAC-SHA-512)',
      secret,
      { use: 'ido', scope: 'DIST-1', entId: 'ENT-1', entUserId: 'user-42' },
      '5d01182a6117d87296401123e6cdfb9ec81672894a50a8deb41d1407b7271d98'
        + 'b9ebc53d2a9fdccc532478226bde21594a603dbeefb0f83e5d62e6d88d3c9e5b',
    ],
    [
      'IDO, the global scope and non-ASCII ids',
      secret,
      { use: 'ido', scope: '*', entId: 'ÉNT', entUserId: 'Zoé😀' },
      'edce7b8d90ef1e459e4bf51d0f33df44e955dc5174ac86e97d62a914ecb97956'
        + 'a134c62d6bcbbb4003b6b3fc7dd3001dc5f26584dfc165805dc39ff8eff83fc0',
    ],
    [
      'IDO, another secret',
      Buffer.alloc(32, 7),
      { use: 'ido', scope: 'a', entId: 'b', entUserId: 'c' },
      'ea48c70d235eac6ea5fefe5bfdfbc12860fbbfa734483dca90ec6f232f746eb7'
        + '6d5d5dbfccc1f92c35673ac78d9e91563598ddb057bcec92c382660e618e2a99',
    ],
  ];
  for (const [title, key, purpose, hex] of vectors) {
    it(title, () => assert.equal(deriveKey(key, purpose).toString('hex'), hex));
  }

  it('the constructions are the ones documented (HKDF with an empty salt; HMAC over the label)', () => {
    const hkdf = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'gar-broker seal test', 32));
    assert.deepEqual(deriveKey(secret, { use: 'seal', name: 'test' }), hkdf);
    const hmac = createHmac('sha256', secret).update('gar-broker console csrf').digest();
    assert.deepEqual(deriveKey(secret, { use: 'console-csrf' }), hmac);
  });

  it('each purpose gives different bytes', () => {
    const purposes: readonly KeyPurpose[] = [
      { use: 'seal', name: 'access-intent' },
      { use: 'seal', name: 'other' },
      { use: 'console-csrf' },
      { use: 'oidc-provider-cookies' },
      { use: 'ido', scope: 'a', entId: 'b', entUserId: 'c' },
    ];
    const values = purposes.map((purpose) => deriveKey(secret, purpose).toString('hex'));
    assert.equal(new Set(values).size, purposes.length);
  });

  it('IDO through the pseudonym API: the vectors above, and the one pinned in pseudonyms.test.ts', () => {
    assert.equal(
      ido(makePseudonymKey(secret), { scope: 'DIST-1', entId: 'ENT-1', entUserId: 'user-42' }),
      '5d01182a6117d87296401123e6cdfb9ec81672894a50a8deb41d1407b7271d98'
        + 'b9ebc53d2a9fdccc532478226bde21594a603dbeefb0f83e5d62e6d88d3c9e5b',
    );
    const pinned = { entId: 'B0', entUserId: 'u123', scope: '552081317_0000000000000001' };
    assert.equal(
      ido(makePseudonymKey(Buffer.alloc(32, 7)), pinned),
      '0711c9d45a303418c3af7cc93870e995d75324d2cdb2c9aa00dd7fa5bc5dcbf3'
        + '1eafca2e964f27b3e72ed8a19a37b698c068d44c36bf7678e2399dd677e65e6d',
    );
  });

  it('sealed values made before still seal to the same string and open', () => {
    const expires = new Date('2030-01-01T00:00:00.000Z');
    const before = new Date('2029-12-31T23:59:59.000Z');
    const intent = { resource: 'ark:/1', uai: '0750001A' };
    const sealedIntent =
      'eyJ2Ijp7InJlc291cmNlIjoiYXJrOi8xIiwidWFpIjoiMDc1MDAwMUEifSwiZSI6MTg5MzQ1NjAwMDAwMH0'
      + '.8HjG-xRH9Umq_ptfY8peS2J5fXqSJ9-3s600HOkiJ2U';
    assert.equal(createSealer(secret, 'access-intent').seal(intent, expires), sealedIntent);
    assert.deepEqual(createSealer(secret, 'access-intent').open(sealedIntent, before), intent);
    const sealedTest = 'eyJ2IjoieCIsImUiOjE4OTM0NTYwMDAwMDB9.8ipAgffSKZendMpTMxwiDjXOTUfkToIEKZxm3Qm97hw';
    assert.equal(createSealer(secret, 'test').open(sealedTest, before), 'x');
  });
});
