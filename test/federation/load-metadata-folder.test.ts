/**
 * loadMetadataFolder on a temporary `metadata/` folder, on both dialects: good files are loaded,
 * each bad one is skipped with its code, and nothing of a skipped file reaches the store.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMetadataFolder, type SamlPartnerStore } from '../../src/federation/index.js';
import { createSamlPartnerStore, type Store } from '../../src/store/index.js';
import { signEnveloped } from '../../src/trust/index.js';
import { describeEachDialect, freshStore } from '../support/each-dialect.js';
import { metadataFixture } from '../support/saml-metadata-fixtures.js';
import { testSigningKeys } from '../support/saml-signing.js';

const distributor = '123456789_0000000000000001';
const setEntityId = (xml: string, entityId: string): string =>
  xml.replace(/entityID="[^"]*"/, `entityID="${entityId}"`);

/** A new metadata folder holding `files` (path relative to it → content). */
function folder(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gar-metadata-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describeEachDialect('federation loadMetadataFolder', (dialect) => {
  let store: Store;
  let registry: SamlPartnerStore;
  const now = new Date();

  beforeEach(async () => {
    store = await freshStore(dialect);
    registry = createSamlPartnerStore(store);
  });
  afterEach(() => store.close());

  it(
    'two good files + one expired + one not metadata + one without sidecar ' + '→ 2 loaded, 3 skipped with their codes',
    async () => {
      const dir = folder({
        'idp/ent-a.xml': metadataFixture('idp.valid.xml'),
        'idp/ent-a.json': JSON.stringify({ entId: 'ENT-A' }),
        'idp/ent-b.xml': metadataFixture('idp.expired-valid-until.xml'),
        'idp/ent-b.json': JSON.stringify({ entId: 'ENT-B' }),
        'idp/ent-c.xml': setEntityId(metadataFixture('idp.valid.xml'), 'https://ent-c.example.fr/idp'),
        'sp/editeur.xml': metadataFixture('sp.valid.xml'),
        'sp/editeur.json': JSON.stringify({ distributorId: distributor }),
        'sp/request.xml': metadataFixture('not-metadata.xml'),
        'sp/request.json': JSON.stringify({ distributorId: distributor }),
        'sp/notes.txt': 'not a metadata file: ignored',
      });
      const report = await loadMetadataFolder(dir, { store: registry, now });
      assert.deepEqual(report.loaded, [
        { file: 'idp/ent-a.xml', entityId: 'https://ent.example.fr/idp', role: 'idp', outcome: 'added' },
        { file: 'sp/editeur.xml', entityId: 'https://editeur.example.com/saml/metadata', role: 'sp', outcome: 'added' },
      ]);
      assert.deepEqual(
        report.skipped.map(({ file, code }) => ({ file, code })),
        [
          { file: 'idp/ent-b.xml', code: 'ERR_METADATA_EXPIRED' },
          { file: 'idp/ent-c.xml', code: 'ERR_METADATA_SIDECAR' },
          { file: 'sp/request.xml', code: 'ERR_METADATA_ROOT' },
        ],
      );
      const stored = await registry.list();
      assert.deepEqual(
        stored.map((r) => [r.entityId, r.entId ?? r.distributorId]),
        [
          ['https://ent.example.fr/idp', 'ENT-A'],
          ['https://editeur.example.com/saml/metadata', distributor],
        ],
      );
      assert.deepEqual(stored[0]?.source, { kind: 'file', path: join(dir, 'idp/ent-a.xml') });
      assert.equal(stored[0]?.validUntil, '2100-01-01T00:00:00.000Z');
      assert.equal(await registry.findIdpOfEnt('ENT-B'), undefined);
      assert.equal(
        (await loadMetadataFolder(dir, { store: registry, now })).loaded.every((l) => l.outcome === 'unchanged'),
        true,
      );
    },
  );

  it('refuses sidecars that do not name the partner’s owner, or name a signer outside the folder', async () => {
    const idpXml = metadataFixture('idp.valid.xml');
    const dir = folder({
      'idp/a.xml': idpXml,
      'idp/a.json': JSON.stringify({ distributorId: distributor }),
      'idp/b.xml': idpXml,
      'idp/b.json': '{ not json',
      'idp/c.xml': idpXml,
      'idp/c.json': JSON.stringify({ entId: 'ENT-C', extra: 1 }),
      'idp/d.xml': idpXml,
      'idp/d.json': JSON.stringify({ entId: 'ENT-D', signer: '../../etc/cert.pem' }),
      'sp/e.xml': metadataFixture('sp.valid.xml'),
      'sp/e.json': JSON.stringify({ distributorId: 'not-a-distributor' }),
    });
    const report = await loadMetadataFolder(dir, { store: registry, now });
    assert.deepEqual(report.loaded, []);
    assert.deepEqual(
      report.skipped.map((s) => s.code),
      [
        'ERR_METADATA_SIDECAR',
        'ERR_METADATA_SIDECAR',
        'ERR_METADATA_SIDECAR',
        'ERR_METADATA_SIDECAR',
        'ERR_SAML_PARTNER_INPUT',
      ],
    );
    assert.deepEqual(await registry.list(), []);
  });

  it(
    'verifies signed metadata against the sidecar’s signer: '
      + 'signed by it → loaded; by another key or unsigned → skipped',
    async () => {
      const keys = testSigningKeys();
      const sign = (xml: string, key = keys.idp): string =>
        signEnveloped(xml, { element: 'root', privateKey: key.privateKey });
      const idpXml = metadataFixture('idp.valid.xml');
      const as = (name: string, xml: string, entId: string): Record<string, string> => ({
        [`idp/${name}.xml`]: setEntityId(xml, `https://${name}.example.fr/idp`),
        [`idp/${name}.json`]: JSON.stringify({ entId, signer: 'ent-signer.pem' }),
      });
      const dir = folder({
        'idp/ent-signer.pem': keys.idp.certificatePem,
        ...as('good', sign(setEntityId(idpXml, 'https://good.example.fr/idp')), 'ENT-1'),
        ...as('attacker', sign(idpXml, keys.attacker), 'ENT-2'),
        ...as('unsigned', idpXml, 'ENT-3'),
      });
      const report = await loadMetadataFolder(dir, { store: registry, now });
      assert.deepEqual(
        report.loaded.map((l) => l.file),
        ['idp/good.xml'],
      );
      assert.deepEqual(
        report.skipped.map(({ file, code }) => ({ file, code })),
        [
          { file: 'idp/attacker.xml', code: 'ERR_XMLDSIG_INVALID' },
          { file: 'idp/unsigned.xml', code: 'ERR_XMLDSIG_MISSING' },
        ],
      );
      assert.equal((await registry.find('https://good.example.fr/idp'))?.signerCertificatePem, keys.idp.certificatePem);
    },
  );

  it('an absent folder loads nothing and skips nothing', async () => {
    assert.deepEqual(
      await loadMetadataFolder(join(tmpdir(), 'gar-no-such-metadata-folder'), { store: registry, now }),
      { loaded: [], skipped: [] },
    );
  });
});
