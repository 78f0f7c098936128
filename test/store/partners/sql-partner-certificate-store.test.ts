import assert from 'node:assert/strict';
import { isBrokerError } from '../../../src/core/broker-error.js';
import { createPartnerCertificateStore, type Store } from '../../../src/store/index.js';
import type { PartnerCertificateRecord, PartnerCertificateStore } from '../../../src/trust/index.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';

const at = '2026-03-01T10:00:00.000Z';

function record(fingerprint: string, overrides: Partial<PartnerCertificateRecord> = {}): PartnerCertificateRecord {
  return {
    fingerprint, partnerKind: 'distributor', partnerId: '123456789_0000000000000001', origin: 'registered', subject: 'CN=x', serial: '01',
    notBefore: at, notAfter: '2027-03-01T10:00:00.000Z', createdAt: at, revokedAt: null, ...overrides,
  };
}

describeEachDialect('partner certificate store', (dialect) => {
  let store: Store;
  let registry: PartnerCertificateStore;

  beforeEach(async () => {
    store = await freshStore(dialect);
    registry = createPartnerCertificateStore(store);
  });
  afterEach(() => store.close());

  const distributors = async (): Promise<Array<{ id: string; name: string }>> =>
    store.db.selectFrom('distributor').select(['id', 'name']).orderBy('id').execute();

  it('records a certificate and its distributor once; finds it back as it was', async () => {
    await registry.addCertificate(record('a'.repeat(64)), 'Éditions A', 'test');
    await registry.addCertificate(record('b'.repeat(64)), 'Renamed', 'test');
    assert.deepEqual(await distributors(), [{ id: '123456789_0000000000000001', name: 'Éditions A' }]);
    assert.deepEqual(await registry.findCertificate('a'.repeat(64)), record('a'.repeat(64)));
    assert.equal(await registry.findCertificate('c'.repeat(64)), undefined);
  });

  it('adds no distributor row for an ENT partner', async () => {
    await registry.addCertificate(record('a'.repeat(64), { partnerKind: 'ent', partnerId: 'ENT-1', origin: 'issued' }), 'ENT 1', 'test');
    assert.deepEqual(await distributors(), []);
    assert.equal((await registry.findCertificate('a'.repeat(64)))?.origin, 'issued');
  });

  it('refuses a duplicate fingerprint (409) and leaves nothing of the refused call', async () => {
    await registry.addCertificate(record('a'.repeat(64)), 'Éditions A', 'test');
    try {
      await registry.addCertificate(record('a'.repeat(64), { partnerId: '123456789_0000000000000002' }), 'Éditions B', 'test');
      assert.fail('expected a duplicate refusal');
    } catch (error) {
      assert.ok(isBrokerError(error));
      assert.deepEqual([error.code, error.status], ['ERR_PARTNER_CERT_DUPLICATE', 409]);
    }
    assert.deepEqual((await distributors()).map((d) => d.id), ['123456789_0000000000000001']);
    assert.equal((await registry.findCertificate('a'.repeat(64)))?.partnerId, '123456789_0000000000000001');
  });

  it('lists all certificates, or one partner\'s, in a stable order', async () => {
    await registry.addCertificate(record('c'.repeat(64), { notAfter: '2028-01-01T00:00:00.000Z' }), 'A', 'test');
    await registry.addCertificate(record('a'.repeat(64)), 'A', 'test');
    await registry.addCertificate(record('b'.repeat(64), { partnerKind: 'ent', partnerId: 'ENT-1' }), 'ENT', 'test');
    assert.deepEqual((await registry.listCertificates()).map((r) => r.fingerprint[0]), ['a', 'c', 'b']);
    assert.deepEqual((await registry.listCertificates({ kind: 'ent', id: 'ENT-1' })).map((r) => r.fingerprint[0]), ['b']);
    assert.deepEqual(await registry.listCertificates({ kind: 'distributor', id: 'ENT-1' }), []);
  });

  it('revokes once: true the first time, false after or for an unknown fingerprint', async () => {
    await registry.addCertificate(record('a'.repeat(64)), 'A', 'test');
    assert.equal(await registry.revokeCertificate('a'.repeat(64), new Date('2026-04-01T00:00:00Z'), 'test'), true);
    assert.equal(await registry.revokeCertificate('a'.repeat(64), new Date('2026-05-01T00:00:00Z'), 'test'), false);
    assert.equal(await registry.revokeCertificate('f'.repeat(64), new Date(), 'test'), false);
    assert.equal((await registry.findCertificate('a'.repeat(64)))?.revokedAt, '2026-04-01T00:00:00.000Z');
  });

  it('audits who registered and who revoked a certificate, and nothing for a refused change', async () => {
    await registry.addCertificate(record('a'.repeat(64)), 'Éditions A', 'cli:operatrice');
    await assert.rejects(registry.addCertificate(record('a'.repeat(64)), 'Éditions A', 'cli:intrus'));
    await registry.revokeCertificate('a'.repeat(64), new Date('2026-04-01T00:00:00Z'), 'cli:operateur');
    await registry.revokeCertificate('a'.repeat(64), new Date('2026-04-02T00:00:00Z'), 'cli:intrus');
    const events = await store.db.selectFrom('audit_event').selectAll().orderBy('id').execute();
    assert.deepEqual(events.map((e) => [e.action, e.actor, e.target]), [
      ['partner.certificate_add', 'cli:operatrice', 'partner:distributor/123456789_0000000000000001'],
      ['partner.certificate_revoke', 'cli:operateur', 'partner:distributor/123456789_0000000000000001'],
    ]);
    assert.equal(JSON.parse(events[1]?.before_state ?? '{}').revokedAt, null);
    assert.equal(JSON.parse(events[1]?.after_state ?? '{}').revokedAt, '2026-04-01T00:00:00.000Z');
  });
});
