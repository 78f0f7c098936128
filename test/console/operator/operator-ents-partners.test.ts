/**
 * ENT projects (identity provider metadata, certificates, last feed import and its report),
 * publishers and distributors (metadata, certificates, resources), the catalogue, and revoking a
 * partner certificate (audited with the operator as actor).
 */
import assert from 'node:assert/strict';
import type { PartnerCertificateRecord } from '../../../src/trust/index.js';
import {
  createDirectoryImportStore,
  createPartnerCertificateStore,
  createSamlPartnerStore,
} from '../../../src/store/index.js';
import { describeEachDialect } from '../../support/each-dialect.js';
import { entId } from '../../support/licensing-fixtures.js';
import { catalogue, operatorHarness, operatorSnapshot, type OperatorHarness } from './operator-harness.js';

const technical = '552081317_0000000000000002';
const certificate = (
  fingerprint: string,
  partnerKind: 'ent' | 'distributor',
  partnerId: string,
): PartnerCertificateRecord => ({
  fingerprint,
  partnerKind,
  partnerId,
  origin: 'registered',
  subject: `CN=${partnerId}`,
  serial: '01',
  notBefore: '2025-01-01T00:00:00.000Z',
  notAfter: '2027-01-01T00:00:00.000Z',
  createdAt: '2025-01-01T00:00:00.000Z',
  revokedAt: null,
});
const counts = (read: number) => ({
  establishment: { read, added: read, changed: 0, left: 0, rejected: 0, held: 0 },
  person: { read: 40, added: 3, changed: 2, left: 1, rejected: 0, held: 0 },
});

describeEachDialect('operator pages: ENT projects and partners', (dialect) => {
  let h: OperatorHarness;
  beforeEach(async () => {
    h = await operatorHarness(dialect);
    const partners = createSamlPartnerStore(h.store);
    await partners.save(
      {
        entityId: 'https://ent.z0.example/idp',
        role: 'idp',
        entId,
        source: { kind: 'file', path: 'metadata/idp/z0.xml' },
        metadataXml: '<md/>',
        validUntil: '2026-01-01T00:00:00.000Z',
        loadedAt: '2025-09-01T06:00:00.000Z',
      },
      'cli:setup',
    );
    await partners.save(
      {
        entityId: 'https://sso.editions-lumiere.example/saml/metadata',
        role: 'sp',
        distributorId: technical,
        source: { kind: 'url', url: 'https://sso.editions-lumiere.example/saml/metadata' },
        metadataXml: '<md/>',
        validUntil: '2025-08-01T00:00:00.000Z',
        loadedAt: '2025-07-01T06:00:00.000Z',
      },
      'cli:setup',
    );
    const certificates = createPartnerCertificateStore(h.store);
    await certificates.addCertificate(certificate('e1'.repeat(32), 'ent', entId), 'ENT Z0', 'cli:setup');
    await certificates.addCertificate(
      certificate('d2'.repeat(32), 'distributor', technical),
      'Lumière Numérique',
      'cli:setup',
    );
    const imports = createDirectoryImportStore(h.store, { batchSize: 100 });
    await imports.recordImport({
      entId,
      degree: '2D',
      source: 'Z0_GAR-ENT_Complet_20250831.tar.gz',
      status: 'applied',
      startedAt: new Date('2025-08-31T01:00:00Z'),
      finishedAt: new Date('2025-08-31T01:05:00Z'),
      summary: { counts: counts(2), totals: { read: 42, rejected: 0, held: 0, invalidShare: 0 }, refusal: null },
    });
    await imports.recordImport({
      entId,
      degree: '2D',
      source: 'Z0_GAR-ENT_Complet_20250901.tar.gz',
      status: 'refused',
      startedAt: new Date('2025-09-01T01:00:00Z'),
      finishedAt: new Date('2025-09-01T01:02:00Z'),
      summary: {
        counts: counts(2),
        totals: { read: 42, rejected: 9, held: 0, invalidShare: 0.2142 },
        refusal: { code: 'ERR_FEED_TOO_MANY_INVALID', message: 'Trop d’enregistrements invalides <21 %>.' },
      },
    });
  });
  afterEach(async () => {
    await h.close();
  });

  it('lists ENT projects with their identity provider, certificates, establishments and last import', async () => {
    const res = await h.get('/console/operateur/ent');
    assert.equal(res.status, 200);
    const row = /<tr data-ent="Z0">([\s\S]*?)<\/tr>/.exec(res.text)?.[1] ?? '';
    assert.ok(row.includes('href="/console/operateur/ent/Z0"'));
    assert.ok(row.includes('https://ent.z0.example/idp'));
    assert.match(row, /<td>1<\/td><td>2<\/td>/, 'one valid certificate, two establishments');
    assert.match(row, /<td data-import>Refusé \(annuaire inchangé\), 01\/09\/2025 03:02<\/td>/);
  });

  it(
    'shows an ENT project: metadata, certificates, '
      + 'the last import refused with its reason and counts, earlier imports',
    async () => {
      const res = await h.get('/console/operateur/ent/Z0');
      assert.equal(res.status, 200);
      assert.match(res.text, /<h1>Projet ENT Z0<\/h1>/);
      assert.ok(res.text.includes('fichier metadata/idp/z0.xml'));
      assert.ok(res.text.includes(`data-certificate="${'e1'.repeat(32)}"`));
      const last = /data-last-import>([\s\S]*?)<\/section>/.exec(res.text)?.[1] ?? '';
      assert.match(last, /data-status="refused">Refusé \(annuaire inchangé\) — 2D — 01\/09\/2025 03:02/);
      assert.ok(last.includes('Trop d’enregistrements invalides &lt;21 %&gt;. (ERR_FEED_TOO_MANY_INVALID)'));
      assert.ok(last.includes('Z0_GAR-ENT_Complet_20250901.tar.gz'));
      assert.match(
        last,
        new RegExp(
          String.raw`<tr data-kind="person"><th scope="row">Personnes<\/th>`
            + String.raw`<td>40<\/td><td>3<\/td><td>2<\/td><td>1<\/td><td>0<\/td><td>0<\/td><\/tr>`,
        ),
      );
      assert.match(last, /invalides : 9 \(21\.42 %\)/);
      assert.match(res.text, /Imports précédents[\s\S]*Appliqué — 2D — 31\/08\/2025 03:05/);
      assert.equal((await h.get('/console/operateur/ent/Z9')).status, 404);
    },
  );

  it('shows distributors with their service providers, certificates and resources, and publishers', async () => {
    const res = await h.get('/console/operateur/partenaires');
    assert.equal(res.status, 200);
    const card =
      new RegExp(`<article class="card" data-distributor="${technical}"[\\s\\S]*?</article>`).exec(res.text)?.[0] ?? '';
    assert.ok(card.includes('https://sso.editions-lumiere.example/saml/metadata'));
    assert.ok(card.includes('Expirées : connexions refusées'));
    assert.ok(card.includes(`<code>${'d2d2 '.repeat(15)}d2d2</code>`), 'the fingerprint in groups of four');
    const asTechnical = catalogue.filter((r) => r.distributeurTech.id === technical).length;
    assert.ok(card.includes(`Ressources : ${asTechnical} en distribution technique`));
    assert.match(res.text, /data-publisher="editions-lumiere"><strong>Éditions Lumière<\/strong>/);
  });

  it('lists the catalogue with each contract state, filtered by partner', async () => {
    const all = await h.get('/console/operateur/ressources');
    assert.equal([...all.text.matchAll(/<tr data-resource=/g)].length, catalogue.length);
    assert.match(all.text, /Aucun contrat \(IDO, UAI, PRO seulement\)/);
    const one = await h.get(`/console/operateur/ressources?partenaire=${technical}`);
    assert.equal(
      [...one.text.matchAll(/<tr data-resource=/g)].length,
      catalogue.filter((r) => r.distributeurTech.id === technical).length,
    );
  });

  it('revokes a certificate after confirmation, audited with the operator as actor', async () => {
    const fingerprint = 'd2'.repeat(32);
    const path = `/console/operateur/certificats/${fingerprint}/revoquer`;
    const confirm = await h.get(path);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /Révoquer définitivement/);
    const before = await operatorSnapshot(h.store);
    const res = await h.post(path);
    assert.equal(res.status, 303);
    assert.notEqual(await operatorSnapshot(h.store), before);
    const stored = await createPartnerCertificateStore(h.store).findCertificate(fingerprint);
    assert.equal(stored?.revokedAt, '2025-09-02T08:00:00.000Z');
    const audit = await h.store.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'partner.certificate_revoke')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.actor),
      ['console:operator:alice'],
    );
    const after = await h.get(res.headers['location'] as string);
    assert.match(after.text, /Certificat révoqué\./);
    assert.ok(!after.text.includes('Révoquer définitivement'));
    const again = await h.post(path);
    assert.equal(again.status, 303);
    assert.equal(
      (
        await h.store.db
          .selectFrom('audit_event')
          .select('id')
          .where('action', '=', 'partner.certificate_revoke')
          .execute()
      ).length,
      1,
      'nothing more',
    );
    assert.equal((await h.get('/console/operateur/certificats/zz/revoquer')).status, 404);
  });
});
