/**
 * The SamlPartnerStore port (src/federation/ports.ts): partners come back as saved, a reload of
 * the same document is unchanged, one IdP serves an ENT project, and every change is audited with
 * a digest of the metadata, never the XML itself.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { SamlPartnerRecord, SamlPartnerStore } from '../../../src/federation/index.js';
import { auditedState, eachSubject, type AuditTrail, type ContractSubject } from '../../support/contract-subject.js';
import { metadataFixture } from '../../support/saml-metadata-fixtures.js';
import { rejectedCode } from '../../support/thrown-code.js';

export interface SamlPartnerStoreSubject extends ContractSubject {
  readonly registry: SamlPartnerStore;
  readonly auditTrail: AuditTrail;
}

const idpXml = metadataFixture('idp.valid.xml');
const spXml = metadataFixture('sp.valid.xml');
const renewed = idpXml.replace('2100-01-01T00:00:00Z', '2101-01-01T00:00:00Z');
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const idp = (overrides: Partial<SamlPartnerRecord> = {}): SamlPartnerRecord => ({
  entityId: 'https://ent.example.fr/idp',
  role: 'idp',
  entId: 'ENT-A',
  source: { kind: 'file', path: 'metadata/idp/ent-a.xml' },
  metadataXml: idpXml,
  validUntil: '2100-01-01T00:00:00.000Z',
  loadedAt: '2026-03-01T10:00:00.000Z',
  ...overrides,
});
const sp: SamlPartnerRecord = {
  entityId: 'https://editeur.example.com/saml/metadata',
  role: 'sp',
  distributorId: '123456789_0000000000000001',
  source: { kind: 'cli' },
  metadataXml: spXml,
  signerCertificatePem: 'PEM',
  loadedAt: '2026-03-01T10:00:00.000Z',
};
const renewedIdp = (overrides: Partial<SamlPartnerRecord> = {}) =>
  idp({
    metadataXml: renewed,
    validUntil: '2101-01-01T00:00:00.000Z',
    loadedAt: '2026-03-03T10:00:00.000Z',
    ...overrides,
  });

export function samlPartnerStoreContract(subject: () => Promise<SamlPartnerStoreSubject>): void {
  const current = eachSubject(subject);
  const audit = async () =>
    (await current().auditTrail('saml_partner.')).map((row) => ({
      action: row.action,
      actor: row.actor,
      at: row.at,
      target: row.target,
      before: auditedState(row.before),
      after: auditedState(row.after),
    }));

  it('adds, finds back as saved, says unchanged for a reload of the same document, changed for a new one', async () => {
    const { registry } = current();
    assert.equal(await registry.save(idp(), 'cli:alice'), 'added');
    assert.equal(await registry.save(sp, 'cli:alice'), 'added');
    assert.deepEqual(await registry.find(idp().entityId), idp());
    assert.deepEqual(await registry.find(sp.entityId), sp);
    assert.equal(await registry.find('https://unknown.example'), undefined);
    assert.equal(await registry.save(idp({ loadedAt: '2026-03-02T10:00:00.000Z' }), 'cli:bob'), 'unchanged');
    assert.equal((await registry.find(idp().entityId))?.loadedAt, '2026-03-01T10:00:00.000Z');
    assert.equal(await registry.save(renewedIdp(), 'cli:bob'), 'changed');
    assert.equal((await registry.find(idp().entityId))?.metadataXml, renewed);
    assert.equal(
      await registry.save(renewedIdp({ loadedAt: idp().loadedAt, source: { kind: 'cli' } }), 'cli:bob'),
      'changed',
    );
  });

  it('audits add and change with ids, validUntil and a SHA-256 of the XML, never the XML itself', async () => {
    const { registry, auditTrail } = current();
    await registry.save(idp(), 'cli:alice');
    await registry.save(idp(), 'cli:alice');
    await registry.save(renewedIdp(), 'cli:bob');
    const state = (xml: string, validUntil: string) => ({
      entityId: idp().entityId,
      role: 'idp',
      entId: 'ENT-A',
      distributorId: null,
      validUntil,
      metadataSha256: sha256(xml),
    });
    const target = `saml_partner:${idp().entityId}`;
    assert.deepEqual(await audit(), [
      {
        action: 'saml_partner.add',
        actor: 'cli:alice',
        at: '2026-03-01T10:00:00.000Z',
        target,
        before: null,
        after: state(idpXml, '2100-01-01T00:00:00.000Z'),
      },
      {
        action: 'saml_partner.change',
        actor: 'cli:bob',
        at: '2026-03-03T10:00:00.000Z',
        target,
        before: state(idpXml, '2100-01-01T00:00:00.000Z'),
        after: state(renewed, '2101-01-01T00:00:00.000Z'),
      },
    ]);
    assert.ok(
      (await auditTrail()).every((row) => !`${row.before ?? ''}${row.after ?? ''}`.includes('EntityDescriptor')),
    );
  });

  it('keeps one IdP per ENT project: another entity for the same ENT is refused and nothing of it stored', async () => {
    const { registry } = current();
    await registry.save(idp(), 'test');
    const other = idp({ entityId: 'https://other-ent.example.fr/idp' });
    assert.equal(await rejectedCode(registry.save(other, 'test')), 'ERR_SAML_PARTNER_ENT_TAKEN');
    assert.equal(await registry.find(other.entityId), undefined);
    assert.equal((await audit()).length, 1);
    assert.equal(await registry.save(idp({ entityId: other.entityId, entId: 'ENT-B' }), 'test'), 'added');
    assert.equal((await registry.findIdpOfEnt('ENT-A'))?.entityId, idp().entityId);
    assert.equal((await registry.findIdpOfEnt('ENT-B'))?.entityId, other.entityId);
    assert.equal(await registry.findIdpOfEnt('ENT-C'), undefined);
  });

  it('lists by role in entity order, and removes with an audit row; an unknown entity is not removed', async () => {
    const { registry } = current();
    await registry.save(sp, 'test');
    await registry.save(idp(), 'test');
    assert.deepEqual(
      (await registry.list()).map((r) => r.entityId),
      [idp().entityId, sp.entityId],
    );
    assert.deepEqual(
      (await registry.list('sp')).map((r) => r.entityId),
      [sp.entityId],
    );
    assert.equal(await registry.remove(sp.entityId, 'cli:carol', new Date('2026-04-01T00:00:00Z')), true);
    assert.equal(await registry.remove(sp.entityId, 'cli:carol', new Date('2026-04-01T00:00:00Z')), false);
    assert.deepEqual(await registry.list('sp'), []);
    assert.equal(await registry.find(sp.entityId), undefined);
    assert.deepEqual((await audit()).at(-1), {
      action: 'saml_partner.remove',
      actor: 'cli:carol',
      at: '2026-04-01T00:00:00.000Z',
      target: `saml_partner:${sp.entityId}`,
      before: {
        entityId: sp.entityId,
        role: 'sp',
        entId: null,
        distributorId: sp.distributorId,
        validUntil: null,
        metadataSha256: sha256(spXml),
      },
      after: null,
    });
  });

  it('defers the next fetch of URL metadata without auditing or changing anything else', async () => {
    const { registry } = current();
    const fetched = idp({
      source: { kind: 'url', url: 'https://ent.example.fr/metadata' },
      refreshAfter: '2026-03-01T11:00:00.000Z',
    });
    await registry.save(fetched, 'system');
    const events = (await audit()).length;
    await registry.deferRefresh(fetched.entityId, '2026-03-01T12:00:00.000Z');
    await registry.deferRefresh('https://unknown.example', '2026-03-01T12:00:00.000Z');
    assert.deepEqual(await registry.find(fetched.entityId), { ...fetched, refreshAfter: '2026-03-01T12:00:00.000Z' });
    assert.equal((await audit()).length, events);
  });
}
