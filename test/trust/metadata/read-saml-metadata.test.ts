/**
 * Partner metadata reading: every fixture of test/fixtures/saml/metadata/ (its README lists the
 * expected outcome of each), small variants derived from the valid ones by visible string
 * edits, signed metadata made at test time, and samlify reading the same files to the same
 * endpoints (a second reader, so a shared misreading cannot make both agree by accident).
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import samlify from 'samlify';
import { readSamlMetadata, signEnveloped, type ReadSamlMetadataOptions } from '../../../src/trust/index.js';
import { base64Of, metadataFixture, testEncryptionCertificatePem } from '../../support/saml-metadata-fixtures.js';
import { testSigningKeys } from '../../support/saml-signing.js';
import { thrownCode } from '../../support/thrown-code.js';

const keys = testSigningKeys();
const encryptionPem = testEncryptionCertificatePem();
const signingCertificate = new X509Certificate(keys.idp.certificatePem);
const encryptionCertificate = new X509Certificate(encryptionPem);
const fixture = metadataFixture;

const now = new Date();
const asIdp: ReadSamlMetadataOptions<'idp'> = { expected: 'idp', now };
const asSp: ReadSamlMetadataOptions<'sp'> = { expected: 'sp', now };
const read = (xml: string, options: ReadSamlMetadataOptions<'idp'> | ReadSamlMetadataOptions<'sp'>): unknown =>
  options.expected === 'idp'
    ? readSamlMetadata(xml, options as ReadSamlMetadataOptions<'idp'>)
    : readSamlMetadata(xml, options as ReadSamlMetadataOptions<'sp'>);

const idpValid = fixture('idp.valid.xml');
const spValid = fixture('sp.valid.xml');
const setEntityId = (xml: string, entityId: string): string =>
  xml.replace(/entityID="[^"]*"/, `entityID="${entityId}"`);

describe('trust/metadata readSamlMetadata: fixtures', () => {
  const refused: ReadonlyArray<{
    file: string;
    options: ReadSamlMetadataOptions<'idp'> | ReadSamlMetadataOptions<'sp'>;
    code: string;
  }> = [
    { file: 'idp.expired-valid-until.xml', options: asIdp, code: 'ERR_METADATA_EXPIRED' },
    { file: 'idp.no-signing-key.xml', options: asIdp, code: 'ERR_METADATA_NO_SIGNING_KEY' },
    { file: 'idp.wrong-role.xml', options: asIdp, code: 'ERR_METADATA_ROLE' },
    { file: 'idp.valid.xml', options: asSp, code: 'ERR_METADATA_ROLE' },
    { file: 'sp.valid.xml', options: asIdp, code: 'ERR_METADATA_ROLE' },
    { file: 'sp.no-post-acs.xml', options: asSp, code: 'ERR_METADATA_ENDPOINT_MISSING' },
    { file: 'sp.http-acs.xml', options: asSp, code: 'ERR_METADATA_ENDPOINT' },
    { file: 'sp.bad-certificate.xml', options: asSp, code: 'ERR_METADATA_CERTIFICATE' },
    { file: 'sp.duplicate-acs-index.xml', options: asSp, code: 'ERR_METADATA_ACS_AMBIGUOUS' },
    { file: 'doctype.xml', options: asIdp, code: 'ERR_XMLDSIG_DOCTYPE' },
    { file: 'not-metadata.xml', options: asSp, code: 'ERR_METADATA_ROOT' },
  ];
  for (const { file, options, code } of refused) {
    it(`${file} read as ${options.expected} → ${code}`, () =>
      assert.equal(
        thrownCode(() => read(fixture(file), options)),
        code,
      ));
  }

  it('idp.valid.xml: entity, keys, endpoints; the SOAP endpoint is ignored and reported', () => {
    const idp = readSamlMetadata(idpValid, asIdp);
    assert.equal(idp.entityId, 'https://ent.example.fr/idp');
    assert.equal(idp.validUntil?.toISOString(), '2100-01-01T00:00:00.000Z');
    assert.equal(idp.wantAuthnRequestsSigned, true);
    assert.deepEqual(
      idp.signingCertificates.map((c) => c.fingerprint256),
      [signingCertificate.fingerprint256],
    );
    assert.ok(idp.signingCertificates[0]?.publicKey.equals(keys.idp.publicKey));
    assert.deepEqual(idp.singleSignOn, [
      { binding: 'HTTP-Redirect', location: 'https://ent.example.fr/idp/sso/redirect' },
      { binding: 'HTTP-POST', location: 'https://ent.example.fr/idp/sso/post' },
    ]);
    assert.deepEqual(idp.singleLogout, [{ binding: 'HTTP-Redirect', location: 'https://ent.example.fr/idp/slo' }]);
    assert.deepEqual(idp.nameIdFormats, ['urn:oasis:names:tc:SAML:2.0:nameid-format:transient']);
    assert.deepEqual(idp.ignoredEndpoints, [
      { element: 'SingleSignOnService', binding: 'urn:oasis:names:tc:SAML:2.0:bindings:SOAP' },
    ]);
  });

  it('sp.valid.xml: two POST consumers, one default; signing and encryption keys apart', () => {
    const sp = readSamlMetadata(spValid, asSp);
    assert.equal(sp.entityId, 'https://editeur.example.com/saml/metadata');
    assert.equal(sp.validUntil, undefined);
    assert.deepEqual([sp.authnRequestsSigned, sp.wantAssertionsSigned], [true, true]);
    assert.deepEqual(
      sp.signingCertificates.map((c) => c.fingerprint256),
      [signingCertificate.fingerprint256],
    );
    assert.deepEqual(
      sp.encryptionCertificates.map((c) => c.fingerprint256),
      [encryptionCertificate.fingerprint256],
    );
    assert.deepEqual(sp.assertionConsumers, [
      { binding: 'HTTP-POST', location: 'https://editeur.example.com/saml/acs', index: 0, isDefault: true },
      { binding: 'HTTP-POST', location: 'https://editeur.example.com/saml/acs2', index: 1, isDefault: false },
    ]);
    assert.deepEqual(sp.singleLogout, [
      {
        binding: 'HTTP-Redirect',
        location: 'https://editeur.example.com/saml/slo',
        responseLocation: 'https://editeur.example.com/saml/slo/response',
      },
    ]);
    assert.deepEqual(sp.ignoredEndpoints, [
      { element: 'AssertionConsumerService', binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact' },
    ]);
  });

  it('sp.no-use-key.xml: a KeyDescriptor without use is both a signing and an encryption key', () => {
    const sp = readSamlMetadata(fixture('sp.no-use-key.xml'), asSp);
    assert.deepEqual(
      sp.signingCertificates.map((c) => c.fingerprint256),
      [signingCertificate.fingerprint256],
    );
    assert.deepEqual(
      sp.encryptionCertificates.map((c) => c.fingerprint256),
      [signingCertificate.fingerprint256],
    );
  });
});

describe('trust/metadata readSamlMetadata: variants', () => {
  const idpKey = /<md:KeyDescriptor use="signing">[\s\S]*?<\/md:KeyDescriptor>/;
  const refused: ReadonlyArray<{
    name: string;
    xml: () => string;
    options?: ReadSamlMetadataOptions<'idp'> | ReadSamlMetadataOptions<'sp'>;
    code: string;
  }> = [
    { name: 'entityID absent', xml: () => idpValid.replace(/entityID="[^"]*"/, ''), code: 'ERR_METADATA_ENTITY_ID' },
    {
      name: 'entityID http',
      xml: () => setEntityId(idpValid, 'http://ent.example.fr/idp'),
      code: 'ERR_METADATA_ENTITY_ID',
    },
    { name: 'entityID relative', xml: () => setEntityId(idpValid, 'ent-idp'), code: 'ERR_METADATA_ENTITY_ID' },
    {
      name: 'entityID over 1024 characters',
      xml: () => setEntityId(idpValid, `https://ent.example.fr/${'a'.repeat(1010)}`),
      code: 'ERR_METADATA_ENTITY_ID',
    },
    {
      name: 'EntitiesDescriptor of one entity',
      xml: () =>
        '<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">'
        + `${idpValid.replace(/^<\?xml[^>]*>/, '')}</md:EntitiesDescriptor>`,
      code: 'ERR_METADATA_ROOT',
    },
    {
      name: 'EntityDescriptor in another namespace',
      xml: () =>
        idpValid.replace('xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"', 'xmlns:md="urn:example:look-alike"'),
      code: 'ERR_METADATA_ROOT',
    },
    {
      name: 'validUntil without a zone',
      xml: () => idpValid.replace('2100-01-01T00:00:00Z', '2100-01-01T00:00:00'),
      code: 'ERR_METADATA_INVALID',
    },
    {
      name: 'role validUntil in the past (entity one in the future)',
      xml: () => idpValid.replace('<md:IDPSSODescriptor ', '<md:IDPSSODescriptor validUntil="2020-01-01T00:00:00Z" '),
      code: 'ERR_METADATA_EXPIRED',
    },
    {
      name: 'validUntil exactly now',
      xml: () => idpValid.replace('2100-01-01T00:00:00Z', now.toISOString()),
      code: 'ERR_METADATA_EXPIRED',
    },
    {
      name: 'SAML 1.1 protocol only',
      xml: () =>
        idpValid.replace(
          'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"',
          'protocolSupportEnumeration="urn:oasis:names:tc:SAML:1.1:protocol"',
        ),
      code: 'ERR_METADATA_ROLE',
    },
    {
      name: 'two SAML 2.0 IdP descriptors',
      xml: () => idpValid.replace(/(<md:IDPSSODescriptor[\s\S]*<\/md:IDPSSODescriptor>)/, '$1$1'),
      code: 'ERR_METADATA_ROLE',
    },
    {
      name: 'KeyDescriptor use unknown',
      xml: () => idpValid.replace('use="signing"', 'use="both"'),
      code: 'ERR_METADATA_CERTIFICATE',
    },
    {
      name: 'KeyDescriptor with two certificates (a chain)',
      xml: () => idpValid.replace(/(<ds:X509Certificate>[^<]*<\/ds:X509Certificate>)/, '$1$1'),
      code: 'ERR_METADATA_CERTIFICATE',
    },
    {
      name: 'KeyDescriptor with a KeyName only',
      xml: () =>
        idpValid.replace(
          idpKey,
          '<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:KeyName>k</ds:KeyName></ds:KeyInfo></md:KeyDescriptor>',
        ),
      code: 'ERR_METADATA_CERTIFICATE',
    },
    {
      name: 'certificate truncated (valid base64, bad DER)',
      xml: () => idpValid.replace(base64Of(keys.idp.certificatePem), base64Of(keys.idp.certificatePem).slice(0, 200)),
      code: 'ERR_METADATA_CERTIFICATE',
    },
    {
      name: 'good signing key beside a bad one: refused whole',
      xml: () =>
        idpValid.replace(
          idpKey,
          (key) => `${key}${key.replace(/<ds:X509Certificate>[^<]*/, '<ds:X509Certificate>AAAA')}`,
        ),
      code: 'ERR_METADATA_CERTIFICATE',
    },
    {
      name: 'WantAuthnRequestsSigned not a boolean',
      xml: () => idpValid.replace('WantAuthnRequestsSigned="true"', 'WantAuthnRequestsSigned="yes"'),
      code: 'ERR_METADATA_INVALID',
    },
    {
      name: 'SSO Location with credentials',
      xml: () => idpValid.replace('https://ent.example.fr/idp/sso/post', 'https://user:pw@ent.example.fr/idp/sso/post'),
      code: 'ERR_METADATA_ENDPOINT',
    },
    {
      name: 'SLO Location javascript:',
      xml: () => idpValid.replace('https://ent.example.fr/idp/slo', 'javascript:alert(1)'),
      code: 'ERR_METADATA_ENDPOINT',
    },
    {
      name: 'SSO only in SOAP',
      xml: () => idpValid.replace(/<md:SingleSignOnService Binding="[^"]*HTTP-(Redirect|POST)"[^>]*\/>/g, ''),
      code: 'ERR_METADATA_ENDPOINT_MISSING',
    },
    {
      name: 'SP ResponseLocation http',
      xml: () =>
        spValid.replace(
          'https://editeur.example.com/saml/slo/response',
          'http://editeur.example.com/saml/slo/response',
        ),
      options: asSp,
      code: 'ERR_METADATA_ENDPOINT',
    },
    {
      name: 'SP two default consumers',
      xml: () => spValid.replace('index="1"', 'index="1" isDefault="true"'),
      options: asSp,
      code: 'ERR_METADATA_ACS_AMBIGUOUS',
    },
    {
      name: 'SP ignored consumer reusing an index',
      xml: () => spValid.replace('index="2"', 'index="1"'),
      options: asSp,
      code: 'ERR_METADATA_ACS_AMBIGUOUS',
    },
    {
      name: 'SP consumer index missing',
      xml: () => spValid.replace(' index="1"', ''),
      options: asSp,
      code: 'ERR_METADATA_INVALID',
    },
    {
      name: 'SP consumer index over 65535',
      xml: () => spValid.replace('index="1"', 'index="65536"'),
      options: asSp,
      code: 'ERR_METADATA_INVALID',
    },
    {
      name: 'SP signing requests without a signing key',
      xml: () => spValid.replace(/<md:KeyDescriptor use="signing">[\s\S]*?<\/md:KeyDescriptor>/, ''),
      options: asSp,
      code: 'ERR_METADATA_NO_SIGNING_KEY',
    },
    { name: 'too large', xml: () => idpValid, options: { ...asIdp, maxBytes: 1024 }, code: 'ERR_XMLDSIG_TOO_LARGE' },
  ];
  for (const { name, xml, options, code } of refused) {
    it(`${name} → ${code}`, () =>
      assert.equal(
        thrownCode(() => read(xml(), options ?? asIdp)),
        code,
      ));
  }

  describe('an entityID that is neither an https URL nor a URN: the refusal names the rule', () => {
    const rule = /doit être une URL https \(https:\/\/…\) ou un URN \(urn:…\), de 1 024 caractères au plus/;
    const cases: readonly (readonly [string, string, RegExp])[] = [
      ['an http URL', setEntityId(idpValid, 'http://ent.example.fr/idp'), /« http:\/\/ent\.example\.fr\/idp »/],
      ['a bare name', setEntityId(idpValid, 'ent-idp'), /« ent-idp » n'est ni une URL https ni un URN/],
      ['no entityID', idpValid.replace(/entityID="[^"]*"/, ''), /n'ont pas d'entityID/],
      ['1,025 characters', setEntityId(idpValid, `https://ent.example.fr/${'a'.repeat(1002)}`), /fait 1025 caractères/],
    ];
    for (const [what, xml, names] of cases) {
      it(`${what}: ERR_METADATA_ENTITY_ID, a French message that says what is wrong and the rule`, () => {
        assert.throws(
          () => readSamlMetadata(xml, asIdp),
          (error: Error & { code?: string }) =>
            error.code === 'ERR_METADATA_ENTITY_ID' && rule.test(error.message) && names.test(error.message),
        );
      });
    }

    it('shows the refused value printable and cut to 80 characters', () => {
      const long = `http://ent.example.fr/${'b'.repeat(200)}`;
      assert.throws(
        () => readSamlMetadata(setEntityId(idpValid, long), asIdp),
        (error: Error) => error.message.includes(`« ${long.slice(0, 80)}… »`),
      );
    });

    it('accepts an https URL and a URN of 1,024 characters', () => {
      const url = `https://ent.example.fr/${'a'.repeat(1024 - 'https://ent.example.fr/'.length)}`;
      assert.equal(readSamlMetadata(setEntityId(idpValid, url), asIdp).entityId, url);
      const urn = `urn:example:${'a'.repeat(1024 - 'urn:example:'.length)}`;
      assert.equal(readSamlMetadata(setEntityId(idpValid, urn), asIdp).entityId, urn);
    });
  });

  it('a URN entityID, http on localhost and 127.0.0.1 (demo) and "1"/"0" booleans are accepted', () => {
    const xml = setEntityId(spValid, 'urn:example:editeur:sp')
      .replace('https://editeur.example.com/saml/acs"', 'http://localhost:8443/saml/acs"')
      .replace('https://editeur.example.com/saml/acs2', 'http://127.0.0.1:8443/saml/acs')
      .replace('WantAssertionsSigned="true"', 'WantAssertionsSigned="0"');
    const sp = readSamlMetadata(xml, asSp);
    assert.equal(sp.entityId, 'urn:example:editeur:sp');
    assert.deepEqual(
      sp.assertionConsumers.map((acs) => acs.location),
      ['http://localhost:8443/saml/acs', 'http://127.0.0.1:8443/saml/acs'],
    );
    assert.equal(sp.wantAssertionsSigned, false);
  });

  it('an SP that does not sign its requests needs no signing key', () => {
    const xml = spValid
      .replace(/<md:KeyDescriptor use="signing">[\s\S]*?<\/md:KeyDescriptor>/, '')
      .replace('AuthnRequestsSigned="true"', 'AuthnRequestsSigned="false"');
    assert.deepEqual(readSamlMetadata(xml, asSp).signingCertificates, []);
  });

  it('the earliest of the entity and role validUntil is kept', () => {
    const xml = idpValid.replace('<md:IDPSSODescriptor ', '<md:IDPSSODescriptor validUntil="2090-06-01T00:00:00Z" ');
    assert.equal(readSamlMetadata(xml, asIdp).validUntil?.toISOString(), '2090-06-01T00:00:00.000Z');
  });
});

describe('trust/metadata readSamlMetadata: signed metadata', () => {
  const sign = (xml: string, key = keys.idp): string =>
    signEnveloped(xml, { element: 'root', privateKey: key.privateKey });
  const trusted = { ...asIdp, trustedSigners: [keys.ec.publicKey, keys.idp.publicKey] };

  it('signed by a trusted key → accepted, read from the signed bytes', () => {
    const signed = sign(idpValid);
    assert.match(signed, /<ds:Signature/);
    assert.equal(
      readSamlMetadata(signed, trusted).singleSignOn[0]?.location,
      'https://ent.example.fr/idp/sso/redirect',
    );
  });

  it('signed SP metadata → accepted', () => {
    assert.equal(
      readSamlMetadata(sign(spValid), { ...asSp, trustedSigners: [keys.idp.publicKey] }).assertionConsumers.length,
      2,
    );
  });

  const refused: ReadonlyArray<{ name: string; xml: () => string; code: string }> = [
    { name: 'unsigned while signers are configured', xml: () => idpValid, code: 'ERR_XMLDSIG_MISSING' },
    { name: 'signed by another key', xml: () => sign(idpValid, keys.attacker), code: 'ERR_XMLDSIG_INVALID' },
    {
      name: 'endpoint altered after signing',
      xml: () => sign(idpValid).replace('https://ent.example.fr/idp/sso/post', 'https://evil.example/sso'),
      code: 'ERR_XMLDSIG_INVALID',
    },
    {
      name: 'key added after signing',
      xml: () =>
        sign(idpValid).replace(
          '</md:IDPSSODescriptor>',
          '<md:KeyDescriptor><ds:KeyInfo><ds:X509Data>'
            + `<ds:X509Certificate>${base64Of(keys.attacker.certificatePem)}</ds:X509Certificate>`
            + '</ds:X509Data></ds:KeyInfo></md:KeyDescriptor></md:IDPSSODescriptor>',
        ),
      code: 'ERR_XMLDSIG_INVALID',
    },
    {
      name: 'root without ID cannot be referenced',
      xml: () => idpValid.replace('ID="_idp-metadata" ', ''),
      code: 'ERR_XMLDSIG_TARGET',
    },
  ];
  for (const { name, xml, code } of refused) {
    it(`${name} → ${code}`, () =>
      assert.equal(
        thrownCode(() => readSamlMetadata(xml(), trusted)),
        code,
      ));
  }
});

describe('trust/metadata readSamlMetadata: samlify reads the same endpoints', () => {
  it('idp.valid.xml: samlify.IdentityProvider finds our SSO and SLO locations', () => {
    const ours = readSamlMetadata(idpValid, asIdp);
    const theirs = samlify.IdentityProvider({ metadata: idpValid }).entityMeta;
    assert.equal(theirs.getEntityID(), ours.entityId);
    assert.equal(theirs.isWantAuthnRequestsSigned(), ours.wantAuthnRequestsSigned);
    assert.equal(
      theirs.getSingleSignOnService('redirect'),
      ours.singleSignOn.find((e) => e.binding === 'HTTP-Redirect')?.location,
    );
    assert.equal(
      theirs.getSingleSignOnService('post'),
      ours.singleSignOn.find((e) => e.binding === 'HTTP-POST')?.location,
    );
    assert.equal(theirs.getSingleLogoutService('redirect'), ours.singleLogout[0]?.location);
    assert.equal(String(theirs.getX509Certificate('signing')).replace(/\s/g, ''), base64Of(keys.idp.certificatePem));
  });

  it('sp.valid.xml: samlify.ServiceProvider lists the same consumers', () => {
    const ours = readSamlMetadata(spValid, asSp);
    const theirs = samlify.ServiceProvider({ metadata: spValid }).entityMeta;
    assert.equal(theirs.getEntityID(), ours.entityId);
    assert.deepEqual(
      [theirs.isAuthnRequestSigned(), theirs.isWantAssertionsSigned()],
      [ours.authnRequestsSigned, ours.wantAssertionsSigned],
    );
    // Without a binding samlify returns every consumer; its typings only know the one-binding form.
    const everyConsumer = theirs.getAssertionConsumerService as (this: typeof theirs, binding?: string) => unknown;
    const consumers = (everyConsumer.call(theirs) as Array<{ binding: string; location: string }>)
      .filter((acs) => acs.binding.endsWith(':HTTP-POST'))
      .map((acs) => acs.location);
    assert.deepEqual(
      consumers,
      ours.assertionConsumers.map((acs) => acs.location),
    );
    assert.equal(theirs.getSingleLogoutService('redirect'), ours.singleLogout[0]?.location);
    assert.equal(String(theirs.getX509Certificate('encryption')).replace(/\s/g, ''), base64Of(encryptionPem));
  });
});
