/**
 * The broker announces its SingleLogoutService in both of its metadata documents when given an
 * `sloUrl`: by HTTP-Redirect and HTTP-POST, where the metadata schema puts it (saml-metadata
 * §2.4.2: after the KeyDescriptors, before NameIDFormat and the role's own services). The schema
 * check runs xmllint against the OASIS metadata schema (test/fixtures/saml/logout/, as Debian's
 * opensaml-schemas ships it), its imports served from the copies the broker already bundles.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as samlify from 'samlify';
import { readSamlMetadata, renderBrokerIdpMetadata, renderBrokerSpMetadata } from '../../../../src/trust/index.js';
import { skipWithoutTool } from '../../../support/skip-without-tool.js';
import { testSigningKeys } from '../../../support/saml-signing.js';
import { logoutFixtureFolder } from './logout-fixture-parties.js';
import { definedFields } from '../../../../src/core/defined-fields.js';

const now = new Date();
const spSlo = 'https://broker.test/saml/sp/slo';
const idpSlo = 'https://broker.test/saml/idp/slo';
const certificate = () => testSigningKeys().idp.certificatePem;
const both = (location: string) => [
  { binding: 'HTTP-Redirect', location },
  { binding: 'HTTP-POST', location },
];

const spXml = (sloUrl?: string): string =>
  renderBrokerSpMetadata({
    entityId: 'https://broker.test/sp',
    acsUrl: 'https://broker.test/saml/sp/acs',
    signingCertificatesPem: [certificate()],
    encryptionCertificatesPem: [certificate()],
    requiredSignature: 'either',
    ...definedFields({ sloUrl }),
  });
const idpXml = (sloUrl?: string): string =>
  renderBrokerIdpMetadata({
    entityId: 'https://broker.test/idp',
    ssoUrl: 'https://broker.test/saml/idp/sso',
    signingCertificatesPem: [certificate()],
    wantAuthnRequestsSigned: true,
    attributeNames: ['IDO', 'UAI'],
    ...definedFields({ sloUrl }),
  });
const bundledSchemas = (): string =>
  join(dirname(createRequire(import.meta.url).resolve('@authenio/samlify-xmllint-wasm/package.json')), 'schemas');

/** The local names of the role descriptor's children, in document order. */
const roleChildren = (xml: string): string[] =>
  [...xml.matchAll(/<md:(\w+)[ >]/g)]
    .map((m) => m[1] ?? '')
    .filter((name) => !['EntityDescriptor', 'SPSSODescriptor', 'IDPSSODescriptor'].includes(name));

/** The XML namespace's one attribute the metadata schema uses (xml:lang), so that nothing is fetched. */
const xmlNamespaceSchema =
  '<?xml version="1.0" encoding="UTF-8"?>\n'
  + '<schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">'
  + '<attribute name="lang" type="language"/></schema>\n';

/** xmllint --schema over `documents` (name → XML); returns its exit status and what it said. */
function xmllintMetadata(documents: Readonly<Record<string, string>>): { status: number | null; output: string } {
  const folder = mkdtempSync(join(tmpdir(), 'metadata-schema-'));
  try {
    for (const name of readdirSync(bundledSchemas())) copyFileSync(join(bundledSchemas(), name), join(folder, name));
    const schema = readFileSync(new URL('saml-schema-metadata-2.0.xsd', logoutFixtureFolder), 'utf8')
      .replace('http://www.w3.org/TR/2002/REC-xmldsig-core-20020212/xmldsig-core-schema.xsd', 'xmldsig-core-schema.xsd')
      .replace('http://www.w3.org/TR/2002/REC-xmlenc-core-20021210/xenc-schema.xsd', 'xenc-schema.xsd')
      .replace('http://www.w3.org/2001/xml.xsd', 'xml.xsd');
    writeFileSync(join(folder, 'metadata.xsd'), schema);
    writeFileSync(join(folder, 'xml.xsd'), xmlNamespaceSchema);
    for (const [name, xml] of Object.entries(documents)) writeFileSync(join(folder, name), xml);
    const args = ['--noout', '--nonet', '--schema', 'metadata.xsd', ...Object.keys(documents)];
    const run = spawnSync('xmllint', args, { cwd: folder, encoding: 'utf8' });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('trust/saml broker metadata: SingleLogoutService', () => {
  it('announces the SLO URL by HTTP-Redirect and HTTP-POST on both sides, and reads back', () => {
    assert.deepEqual(readSamlMetadata(spXml(spSlo), { expected: 'sp', now }).singleLogout, both(spSlo));
    assert.deepEqual(readSamlMetadata(idpXml(idpSlo), { expected: 'idp', now }).singleLogout, both(idpSlo));
  });

  it("puts it after the KeyDescriptors and before NameIDFormat and the role's services", () => {
    const slo = ['SingleLogoutService', 'SingleLogoutService'];
    const keys = ['KeyDescriptor', 'KeyDescriptor'];
    const sso = ['SingleSignOnService', 'SingleSignOnService'];
    assert.deepEqual(roleChildren(spXml(spSlo)), [...keys, ...slo, 'NameIDFormat', 'AssertionConsumerService']);
    assert.deepEqual(roleChildren(idpXml(idpSlo)), ['KeyDescriptor', ...slo, 'NameIDFormat', ...sso]);
  });

  it('announces none without an SLO URL', () => {
    for (const xml of [spXml(), idpXml()]) assert.ok(!xml.includes('SingleLogoutService'));
  });

  it('is valid against the OASIS metadata schema (xmllint), which does check the element order', function () {
    skipWithoutTool(this, 'xmllint');
    const valid = xmllintMetadata({ 'sp.xml': spXml(spSlo), 'idp.xml': idpXml(idpSlo), 'sp-without-slo.xml': spXml() });
    assert.equal(valid.status, 0, valid.output);
    const misplaced = spXml(spSlo)
      .replace(/(<md:SingleLogoutService[^>]*><\/md:SingleLogoutService>)+/, '')
      .replace(
        '</md:NameIDFormat>',
        '</md:NameIDFormat><md:SingleLogoutService'
          + ` Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${spSlo}"></md:SingleLogoutService>`,
      );
    const refused = xmllintMetadata({ 'misplaced.xml': misplaced });
    assert.notEqual(refused.status, 0);
    assert.match(refused.output, /SingleLogoutService': This element is not expected/);
  });

  it('samlify finds both endpoints in it', () => {
    const sp = samlify.ServiceProvider({ metadata: spXml(spSlo) }).entityMeta;
    const idp = samlify.IdentityProvider({ metadata: idpXml(idpSlo) }).entityMeta;
    for (const meta of [sp, idp]) {
      for (const binding of ['redirect', 'post'] as const) {
        assert.equal(meta.getSingleLogoutService(binding), meta === sp ? spSlo : idpSlo);
      }
    }
  });
});
