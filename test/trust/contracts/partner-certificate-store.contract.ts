/**
 * The PartnerCertificateStore port (src/trust/ports.ts): a certificate is registered once, with
 * its distributor when new; found and listed as registered; revoked once; every change audited
 * with its actor, a refused one not at all.
 */
import assert from 'node:assert/strict';
import { isBrokerError } from '../../../src/core/broker-error.js';
import type { PartnerCertificateRecord, PartnerCertificateStore } from '../../../src/trust/index.js';
import { auditedState, eachSubject, type AuditTrail, type ContractSubject } from '../../support/contract-subject.js';

export interface PartnerCertificateStoreSubject extends ContractSubject {
  readonly registry: PartnerCertificateStore;
  /** The catalogue's distributors (who may hold subscriptions), by id. */
  distributors(): Promise<readonly { readonly id: string; readonly name: string }[]>;
  readonly auditTrail: AuditTrail;
}

const at = '2026-03-01T10:00:00.000Z';
const distributor = '123456789_0000000000000001';

function record(fingerprint: string, overrides: Partial<PartnerCertificateRecord> = {}): PartnerCertificateRecord {
  return {
    fingerprint,
    partnerKind: 'distributor',
    partnerId: distributor,
    origin: 'registered',
    subject: 'CN=x',
    serial: '01',
    notBefore: at,
    notAfter: '2027-03-01T10:00:00.000Z',
    createdAt: at,
    revokedAt: null,
    ...overrides,
  };
}
const [a, b, c, f] = ['a', 'b', 'c', 'f'].map((x) => x.repeat(64)) as [string, string, string, string];

export function partnerCertificateStoreContract(subject: () => Promise<PartnerCertificateStoreSubject>): void {
  const current = eachSubject(subject);

  it('records a certificate and its distributor once; finds it back as it was', async () => {
    const { registry, distributors } = current();
    await registry.addCertificate(record(a), 'Éditions A', 'test');
    await registry.addCertificate(record(b), 'Renamed', 'test');
    assert.deepEqual(await distributors(), [{ id: distributor, name: 'Éditions A' }]);
    assert.deepEqual(await registry.findCertificate(a), record(a));
    assert.equal(await registry.findCertificate(c), undefined);
  });

  it('adds no distributor for an ENT partner', async () => {
    const { registry, distributors } = current();
    await registry.addCertificate(
      record(a, { partnerKind: 'ent', partnerId: 'ENT-1', origin: 'issued' }),
      'ENT 1',
      'test',
    );
    assert.deepEqual(await distributors(), []);
    assert.equal((await registry.findCertificate(a))?.origin, 'issued');
  });

  it('refuses a duplicate fingerprint (409) and leaves nothing of the refused call', async () => {
    const { registry, distributors } = current();
    await registry.addCertificate(record(a), 'Éditions A', 'test');
    try {
      await registry.addCertificate(record(a, { partnerId: '123456789_0000000000000002' }), 'Éditions B', 'test');
      assert.fail('expected a duplicate refusal');
    } catch (error) {
      assert.ok(isBrokerError(error));
      assert.deepEqual([error.code, error.status], ['ERR_PARTNER_CERT_DUPLICATE', 409]);
    }
    assert.deepEqual(
      (await distributors()).map((d) => d.id),
      [distributor],
    );
    assert.equal((await registry.findCertificate(a))?.partnerId, distributor);
  });

  it("lists all certificates, or one partner's, in a stable order", async () => {
    const { registry } = current();
    await registry.addCertificate(record(c, { notAfter: '2028-01-01T00:00:00.000Z' }), 'A', 'test');
    await registry.addCertificate(record(a), 'A', 'test');
    await registry.addCertificate(record(b, { partnerKind: 'ent', partnerId: 'ENT-1' }), 'ENT', 'test');
    assert.deepEqual(
      (await registry.listCertificates()).map((r) => r.fingerprint[0]),
      ['a', 'c', 'b'],
    );
    assert.deepEqual(
      (await registry.listCertificates({ kind: 'ent', id: 'ENT-1' })).map((r) => r.fingerprint[0]),
      ['b'],
    );
    assert.deepEqual(await registry.listCertificates({ kind: 'distributor', id: 'ENT-1' }), []);
  });

  it('revokes once: true the first time, false after or for an unknown fingerprint', async () => {
    const { registry } = current();
    await registry.addCertificate(record(a), 'A', 'test');
    assert.equal(await registry.revokeCertificate(a, new Date('2026-04-01T00:00:00Z'), 'test'), true);
    assert.equal(await registry.revokeCertificate(a, new Date('2026-05-01T00:00:00Z'), 'test'), false);
    assert.equal(await registry.revokeCertificate(f, new Date(), 'test'), false);
    assert.equal((await registry.findCertificate(a))?.revokedAt, '2026-04-01T00:00:00.000Z');
  });

  it('audits who registered and who revoked a certificate, and nothing for a refused change', async () => {
    const { registry, auditTrail } = current();
    await registry.addCertificate(record(a), 'Éditions A', 'cli:operatrice');
    await assert.rejects(registry.addCertificate(record(a), 'Éditions A', 'cli:intrus'));
    await registry.revokeCertificate(a, new Date('2026-04-01T00:00:00Z'), 'cli:operateur');
    await registry.revokeCertificate(a, new Date('2026-04-02T00:00:00Z'), 'cli:intrus');
    const events = await auditTrail();
    assert.deepEqual(
      events.map((e) => [e.action, e.actor, e.target]),
      [
        ['partner.certificate_add', 'cli:operatrice', `partner:distributor/${distributor}`],
        ['partner.certificate_revoke', 'cli:operateur', `partner:distributor/${distributor}`],
      ],
    );
    assert.equal((auditedState(events[1]?.before ?? null) as { revokedAt?: unknown }).revokedAt, null);
    assert.equal(
      (auditedState(events[1]?.after ?? null) as { revokedAt?: unknown }).revokedAt,
      '2026-04-01T00:00:00.000Z',
    );
  });
}
