/**
 * The key rotation status (as `gar-broker keys show`: use, fingerprint, published from, used
 * from, superseded; never private key material) and the subscriptions overview (counted per
 * establishment, resource or distributor, paged).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyringReader } from '../../../src/console/index.js';
import {
  certificateFingerprint,
  loadOrCreateKeyring,
  rotateBrokerKey,
  type BrokerKeyring,
} from '../../../src/trust/index.js';
import { describeEachDialect } from '../../support/each-dialect.js';
import { addSubscription, distributorId, otherUai, uai } from '../../support/licensing-fixtures.js';
import { operatorHarness, type OperatorHarness } from './operator-harness.js';

/** The keys a page shows, with their state. */
const shown = (html: string): [string, string][] =>
  [...html.matchAll(/data-key="([0-9a-f]+)" data-state="([a-z]+)"/g)].map((m) => [m[1] as string, m[2] as string]);

describe('operator pages: keys', () => {
  let dir: string;
  let keyring: BrokerKeyring;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'operator-keys-'));
    loadOrCreateKeyring(dir, new Date('2025-01-01T00:00:00Z'));
    rotateBrokerKey(dir, 'signing', 30, new Date('2025-06-01T00:00:00Z'));
    keyring = rotateBrokerKey(dir, 'encryption', 30, new Date('2025-08-20T00:00:00Z'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describeEachDialect('key status page', (dialect) => {
    let h: OperatorHarness;
    before(async () => {
      h = await operatorHarness(dialect, { keyring: keyringReader(dir) });
    });
    after(async () => {
      await h.close();
    });

    it('shows each key: use, state, fingerprint, published from, used from, superseded; no private key', async () => {
      const res = await h.get('/console/operateur/cles');
      assert.equal(res.status, 200);
      const [oldSigning, newSigning] = keyring.keys.filter((k) => k.use === 'signing');
      const [encryption, nextEncryption] = keyring.keys.filter((k) => k.use === 'encryption');
      assert.deepEqual(shown(res.text), [
        [oldSigning!.id, 'retired'],
        [newSigning!.id, 'active'],
        [encryption!.id, 'active'],
        [nextEncryption!.id, 'next'],
      ]);
      for (const key of keyring.keys)
        assert.ok(res.text.includes(`data-fingerprint="${certificateFingerprint(key.certificate)}"`), key.id);
      const retired = new RegExp(`data-key="${oldSigning!.id}"[\\s\\S]*?</li>`).exec(res.text)?.[0] ?? '';
      assert.match(retired, /Publiée depuis<\/dt><dd>01\/01\/2025 01:00<\/dd>/);
      assert.match(retired, /Remplacée le<\/dt><dd>01\/07\/2025 02:00<\/dd>/);
      const next = new RegExp(`data-key="${nextEncryption!.id}"[\\s\\S]*?</li>`).exec(res.text)?.[0] ?? '';
      assert.match(next, /Publiée, à venir[\s\S]*Utilisée à partir du<\/dt><dd>19\/09\/2025 02:00<\/dd>/);
      assert.doesNotMatch(res.text, /PRIVATE KEY/);
      for (const key of keyring.keys) {
        const secret = key.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
        assert.ok(!res.text.includes(secret.slice(100, 140)), 'no piece of the private key');
      }
    });

    it('says so when the keyring is not there, and makes no key', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'operator-nokeys-'));
      const other = await operatorHarness(dialect, { keyring: keyringReader(join(empty, 'keys')) });
      try {
        const res = await other.get('/console/operateur/cles');
        assert.equal(res.status, 200);
        assert.match(res.text, /L’état des clés n’est pas disponible/);
        assert.deepEqual(shown(res.text), []);
        const none = await operatorHarness(dialect);
        try {
          assert.match((await none.get('/console/operateur/cles')).text, /n’est pas disponible/);
        } finally {
          await none.close();
        }
      } finally {
        await other.close();
        rmSync(empty, { recursive: true, force: true });
      }
    });
  });
});

/** The groups a page lists: key, subscriptions, valid now, licences held. */
const groups = (html: string): [string, number, number, number][] =>
  [
    ...html.matchAll(
      new RegExp(
        String.raw`<tr data-group="([^"]+)">[\s\S]*?<td data-subscriptions>(\d+)<\/td>`
          + String.raw`<td data-live>(\d+)<\/td><td data-used>(\d+)<\/td>`,
        'g',
      ),
    ),
  ].map((m) => [m[1] as string, Number(m[2]), Number(m[3]), Number(m[4])]);

describeEachDialect('operator pages: subscriptions overview', (dialect) => {
  let h: OperatorHarness;
  before(async () => {
    h = await operatorHarness(dialect);
    await addSubscription(h.store.db, { id: 'A1', global: 10 });
    await addSubscription(h.store.db, { id: 'A2', global: 5, resource: 'ark:/86527/r6e2m4t81' });
    await addSubscription(h.store.db, { id: 'B1', global: 5, uai: otherUai });
    await h.store.db.updateTable('subscription').set({ used_global: 3 }).where('id', '=', 'A1').execute();
    await h.store.db
      .updateTable('subscription')
      .set({ valid_until: '2025-09-01T00:00:00' })
      .where('id', '=', 'A2')
      .execute();
  });
  after(async () => {
    await h.close();
  });

  it('counts per establishment: subscriptions, valid now, licences held; with the establishment name', async () => {
    const res = await h.get('/console/operateur/abonnements');
    assert.equal(res.status, 200);
    assert.deepEqual(groups(res.text), [
      [uai, 2, 1, 3],
      [otherUai, 1, 1, 0],
    ]);
    assert.ok(res.text.includes(`Collège ${uai}`));
    assert.match(res.text, /2 établissement\(s\) avec des abonnements\./);
  });

  it('counts per resource and per commercial distributor', async () => {
    const byResource = await h.get('/console/operateur/abonnements?par=ressource');
    assert.deepEqual(groups(byResource.text), [
      ['ark:/86527/manuel-maths-6e', 2, 2, 3],
      ['ark:/86527/r6e2m4t81', 1, 0, 0],
    ]);
    assert.ok(byResource.text.includes('Manuel numérique Mathématiques 6e'));
    assert.match(byResource.text, /aria-current="page">Par ressource/);
    const byDistributor = await h.get('/console/operateur/abonnements?par=distributeur');
    assert.deepEqual(groups(byDistributor.text), [[distributorId, 3, 2, 3]]);
  });

  it('pages 50 groups at a time', async () => {
    for (let i = 0; i < 50; i += 1)
      await addSubscription(h.store.db, { id: `P${i}`, global: 1, uai: `9${String(i).padStart(6, '0')}X` });
    const first = await h.get('/console/operateur/abonnements');
    assert.equal(groups(first.text).length, 50);
    assert.ok(first.text.includes('href="/console/operateur/abonnements?page=2"'));
    const second = await h.get('/console/operateur/abonnements?page=2');
    assert.deepEqual(
      groups(second.text).map((g) => g[0]),
      ['9000048X', '9000049X'],
    );
  });
});
