/** The SAML partner registry on both dialects: add / change / unchanged, one IdP per ENT project, remove, audit rows. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { SamlPartnerRecord, SamlPartnerStore } from '../../../src/federation/index.js';
import { createSamlPartnerStore, type Store } from '../../../src/store/index.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { metadataFixture } from '../../support/saml-metadata-fixtures.js';
import { rejectedCode } from '../../support/thrown-code.js';

const idpXml = metadataFixture('idp.valid.xml');
const spXml = metadataFixture('sp.valid.xml');
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const idp = (overrides: Partial<SamlPartnerRecord> = {}): SamlPartnerRecord => ({
  entityId: 'https://ent.example.fr/idp', role: 'idp', entId: 'ENT-A', source: { kind: 'file', path: 'metadata/idp/ent-a.xml' },
  metadataXml: idpXml, validUntil: '2100-01-01T00:00:00.000Z', loadedAt: '2026-03-01T10:00:00.000Z', ...overrides,
});
const sp: SamlPartnerRecord = {
  entityId: 'https://editeur.example.com/saml/metadata', role: 'sp', distributorId: '123456789_0000000000000001',
  source: { kind: 'cli' }, metadataXml: spXml, signerCertificatePem: 'PEM', loadedAt: '2026-03-01T10:00:00.000Z',
};

const codeOf = rejectedCode;

describeEachDialect('SAML partner store', (dialect) => {
  let store: Store;
  let registry: SamlPartnerStore;

  beforeEach(async () => {
    store = await freshStore(dialect);
    registry = createSamlPartnerStore(store);
  });
  afterEach(() => store.close());

  const audit = async () => (await store.db.selectFrom('audit_event').selectAll().where('action', 'like', 'saml_partner.%').orderBy('id').execute())
    .map((row) => ({ action: row.action, actor: row.actor, at: row.at, target: row.target, before: JSON.parse(row.before_state ?? 'null') as unknown, after: JSON.parse(row.after_state ?? 'null') as unknown }));

  it('adds, finds back as saved, reports a reload of the same document as unchanged, then a new one as changed', async () => {
    assert.equal(await registry.save(idp(), 'cli:alice'), 'added');
    assert.equal(await registry.save(sp, 'cli:alice'), 'added');
    assert.deepEqual(await registry.find(idp().entityId), idp());
    assert.deepEqual(await registry.find(sp.entityId), sp);
    assert.equal(await registry.find('https://unknown.example'), undefined);
    assert.equal(await registry.save(idp({ loadedAt: '2026-03-02T10:00:00.000Z' }), 'cli:bob'), 'unchanged');
    assert.equal((await registry.find(idp().entityId))?.loadedAt, '2026-03-01T10:00:00.000Z');
    const renewed = idpXml.replace('2100-01-01T00:00:00Z', '2101-01-01T00:00:00Z');
    assert.equal(await registry.save(idp({ metadataXml: renewed, validUntil: '2101-01-01T00:00:00.000Z', loadedAt: '2026-03-03T10:00:00.000Z' }), 'cli:bob'), 'changed');
    assert.equal((await registry.find(idp().entityId))?.metadataXml, renewed);
    assert.equal(await registry.save(idp({ metadataXml: renewed, validUntil: '2101-01-01T00:00:00.000Z', source: { kind: 'cli' } }), 'cli:bob'), 'changed');
  });

  it('audits add and change with ids, validUntil and a SHA-256 of the XML, never the XML itself', async () => {
    await registry.save(idp(), 'cli:alice');
    await registry.save(idp(), 'cli:alice');
    const renewed = idpXml.replace('2100-01-01T00:00:00Z', '2101-01-01T00:00:00Z');
    await registry.save(idp({ metadataXml: renewed, validUntil: '2101-01-01T00:00:00.000Z', loadedAt: '2026-03-03T10:00:00.000Z' }), 'cli:bob');
    const state = (xml: string, validUntil: string) => ({ entityId: idp().entityId, role: 'idp', entId: 'ENT-A', distributorId: null, validUntil, metadataSha256: sha256(xml) });
    assert.deepEqual(await audit(), [
      { action: 'saml_partner.add', actor: 'cli:alice', at: '2026-03-01T10:00:00.000Z', target: `saml_partner:${idp().entityId}`, before: null, after: state(idpXml, '2100-01-01T00:00:00.000Z') },
      { action: 'saml_partner.change', actor: 'cli:bob', at: '2026-03-03T10:00:00.000Z', target: `saml_partner:${idp().entityId}`, before: state(idpXml, '2100-01-01T00:00:00.000Z'), after: state(renewed, '2101-01-01T00:00:00.000Z') },
    ]);
    const raw = await store.db.selectFrom('audit_event').select(['before_state', 'after_state']).execute();
    assert.ok(raw.every((row) => !`${row.before_state ?? ''}${row.after_state ?? ''}`.includes('EntityDescriptor')));
  });

  it('keeps one IdP per ENT project: another entity for the same ENT is refused and nothing of it stored', async () => {
    await registry.save(idp(), 'test');
    const other = idp({ entityId: 'https://other-ent.example.fr/idp' });
    assert.equal(await codeOf(registry.save(other, 'test')), 'ERR_SAML_PARTNER_ENT_TAKEN');
    assert.equal(await registry.find(other.entityId), undefined);
    assert.equal((await audit()).length, 1);
    assert.equal(await registry.save(idp({ entityId: other.entityId, entId: 'ENT-B' }), 'test'), 'added');
    assert.equal((await registry.findIdpOfEnt('ENT-A'))?.entityId, idp().entityId);
    assert.equal((await registry.findIdpOfEnt('ENT-B'))?.entityId, other.entityId);
    assert.equal(await registry.findIdpOfEnt('ENT-C'), undefined);
  });

  it('the unique index itself refuses a second IdP row for an ENT project (the race the check cannot see)', async () => {
    await registry.save(idp(), 'test');
    const row = { entity_id: 'https://x.example/idp', role: 'idp', ent_id: 'ENT-A', distributor_id: null, source: '{"kind":"cli"}', metadata_xml: 'x', signer_certificate: null, valid_until: null, loaded_at: 'x', refresh_after: null };
    await assert.rejects(store.db.insertInto('saml_partner').values(row).execute());
    await store.db.insertInto('saml_partner').values({ ...row, role: 'sp', ent_id: 'ENT-A' }).execute();
  });

  it('lists by role in entity order, and removes with an audit row; an unknown entity is not removed', async () => {
    await registry.save(sp, 'test');
    await registry.save(idp(), 'test');
    assert.deepEqual((await registry.list()).map((r) => r.entityId), [idp().entityId, sp.entityId]);
    assert.deepEqual((await registry.list('sp')).map((r) => r.entityId), [sp.entityId]);
    assert.equal(await registry.remove(sp.entityId, 'cli:carol', new Date('2026-04-01T00:00:00Z')), true);
    assert.equal(await registry.remove(sp.entityId, 'cli:carol', new Date('2026-04-01T00:00:00Z')), false);
    assert.deepEqual(await registry.list('sp'), []);
    const last = (await audit()).at(-1);
    assert.deepEqual(last, {
      action: 'saml_partner.remove', actor: 'cli:carol', at: '2026-04-01T00:00:00.000Z', target: `saml_partner:${sp.entityId}`,
      before: { entityId: sp.entityId, role: 'sp', entId: null, distributorId: sp.distributorId, validUntil: null, metadataSha256: sha256(spXml) }, after: null,
    });
  });
});
