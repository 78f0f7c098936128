import assert from 'node:assert/strict';
import { createPublicKey, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBrokerError } from '../../../src/core/broker-error.js';
import { activeKey, loadOrCreateKeyring, publishedKeys, rotateBrokerKey } from '../../../src/trust/index.js';

const day = 86_400_000;
const t0 = new Date('2026-09-01T00:00:00Z');
const fresh = (): string => join(mkdtempSync(join(tmpdir(), 'gar-keyring-')), 'keys');

describe('broker SAML keyring', () => {
  it('makes one signing and one encryption key at first start, keys readable by the owner only', () => {
    const dir = fresh();
    const keyring = loadOrCreateKeyring(dir, t0);
    assert.deepEqual(keyring.keys.map((k) => k.use).sort(), ['encryption', 'signing']);
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.key') || n === 'keyring.json')) {
      assert.equal(statSync(join(dir, name)).mode & 0o077, 0, `${name} is private`);
    }
    const signing = activeKey(keyring, 'signing', t0);
    assert.equal(signing.certificate.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    const signature = sign('sha256', Buffer.from('x'), signing.privateKey);
    assert.ok(verify('sha256', Buffer.from('x'), createPublicKey(signing.certificatePem), signature));
  });

  it('reads the same keys back at the next start', () => {
    const dir = fresh();
    const first = loadOrCreateKeyring(dir, t0);
    const again = loadOrCreateKeyring(dir, new Date(t0.getTime() + day));
    assert.deepEqual(
      again.keys.map((k) => k.id),
      first.keys.map((k) => k.id),
    );
  });

  it('publishes the next signing key at once and signs with it only after the overlap', () => {
    const dir = fresh();
    const old = activeKey(loadOrCreateKeyring(dir, t0), 'signing', t0);
    const keyring = rotateBrokerKey(dir, 'signing', 14, t0);
    const next = keyring.keys.find((k) => k.use === 'signing' && k.id !== old.id);
    assert.ok(next);
    assert.deepEqual(
      publishedKeys(keyring, 'signing', t0).map((k) => k.id),
      [old.id, next.id],
    );
    assert.equal(activeKey(keyring, 'signing', new Date(t0.getTime() + 14 * day - 1)).id, old.id);
    const after = new Date(t0.getTime() + 14 * day);
    assert.equal(activeKey(keyring, 'signing', after).id, next.id);
    assert.deepEqual(
      publishedKeys(keyring, 'signing', after).map((k) => k.id),
      [next.id],
      'the superseded key is no longer published',
    );
    assert.equal(activeKey(keyring, 'encryption', after).use, 'encryption', 'the other use is untouched');
  });

  const refusal = (dir: string): string => {
    try {
      loadOrCreateKeyring(dir, t0);
    } catch (error) {
      if (isBrokerError(error)) return error.code;
      throw error;
    }
    return 'accepted';
  };

  it('refuses a keyring whose key file is missing, or whose manifest is not the expected shape', () => {
    const dir = fresh();
    loadOrCreateKeyring(dir, t0);
    const keyFile = readdirSync(dir).find((n) => n.startsWith('signing-') && n.endsWith('.key')) as string;
    unlinkSync(join(dir, keyFile));
    assert.equal(refusal(dir), 'ERR_KEYRING_INVALID');

    const other = fresh();
    loadOrCreateKeyring(other, t0);
    writeFileSync(
      join(other, 'keyring.json'),
      JSON.stringify({ keys: [{ id: '../../etc/passwd', use: 'signing', createdAt: t0, activatesAt: t0 }] }),
    );
    assert.equal(refusal(other), 'ERR_KEYRING_INVALID');
  });

  it('refuses a manifest that names a certificate other than the one on disk', () => {
    const dir = fresh();
    const keyring = loadOrCreateKeyring(dir, t0);
    const manifest = JSON.parse(readFileSync(join(dir, 'keyring.json'), 'utf8')) as {
      keys: { id: string; use: string }[];
    };
    const [signing, encryption] = [
      keyring.keys.find((k) => k.use === 'signing'),
      keyring.keys.find((k) => k.use === 'encryption'),
    ];
    // Swap the files of the two keys: each now holds the other's certificate under its name.
    const swap = (a: string, b: string) => {
      const [x, y] = [readFileSync(join(dir, a)), readFileSync(join(dir, b))];
      writeFileSync(join(dir, a), y);
      writeFileSync(join(dir, b), x);
    };
    swap(`signing-${signing?.id}.crt`, `encryption-${encryption?.id}.crt`);
    swap(`signing-${signing?.id}.key`, `encryption-${encryption?.id}.key`);
    assert.equal(manifest.keys.length, 2);
    assert.equal(refusal(dir), 'ERR_KEYRING_INVALID');
  });
});
