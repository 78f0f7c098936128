import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { SAML } from '@node-saml/node-saml';
import { readSamlMetadata, renderBrokerIdpMetadata, renderBrokerSpMetadata } from '../../../../src/trust/index.js';
import { thrownCode } from '../../../support/thrown-code.js';
import { brokerKey, publisherEncryption } from './sp-response-fixtures.js';

const now = new Date();
const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

describe('trust/saml broker metadata', () => {
  it('SP metadata reads back: signing and encryption keys, one default HTTP-POST ACS, signed requests and assertions', () => {
    const xml = renderBrokerSpMetadata({
      entityId: 'https://broker.test/sp', acsUrl: 'https://broker.test/saml/sp/acs',
      signingCertificatesPem: [brokerKey.certPem, publisherEncryption.certPem], encryptionCertificatesPem: [publisherEncryption.certPem],
    });
    const sp = readSamlMetadata(xml, { expected: 'sp', now });
    assert.equal(sp.entityId, 'https://broker.test/sp');
    assert.equal(sp.authnRequestsSigned, true);
    assert.equal(sp.wantAssertionsSigned, true);
    assert.deepEqual(sp.signingCertificates.map((c) => c.fingerprint256), [fingerprint(brokerKey.certPem), fingerprint(publisherEncryption.certPem)]);
    assert.deepEqual(sp.encryptionCertificates.map((c) => c.fingerprint256), [fingerprint(publisherEncryption.certPem)]);
    assert.deepEqual(sp.assertionConsumers, [{ binding: 'HTTP-POST', location: 'https://broker.test/saml/sp/acs', index: 0, isDefault: true }]);
    assert.deepEqual(sp.nameIdFormats, ['urn:oasis:names:tc:SAML:2.0:nameid-format:transient']);
  });

  it('IdP metadata reads back: signing keys, both SSO bindings, transient NameID, the attributes', () => {
    const xml = renderBrokerIdpMetadata({
      entityId: 'https://broker.test/idp', ssoUrl: 'https://broker.test/saml/idp/sso', signingCertificatesPem: [brokerKey.certPem],
      wantAuthnRequestsSigned: true, attributeNames: ['IDO', 'UAI', 'GARPersonProfils'],
    });
    const idp = readSamlMetadata(xml, { expected: 'idp', now });
    assert.equal(idp.wantAuthnRequestsSigned, true);
    assert.deepEqual(idp.singleSignOn, [
      { binding: 'HTTP-Redirect', location: 'https://broker.test/saml/idp/sso' }, { binding: 'HTTP-POST', location: 'https://broker.test/saml/idp/sso' },
    ]);
    assert.equal(idp.signingCertificates.length, 1);
    assert.equal((xml.match(/<saml:Attribute /g) ?? []).length, 3);
    const unsigned = renderBrokerIdpMetadata({ entityId: 'https://b.test/idp', ssoUrl: 'https://b.test/sso', signingCertificatesPem: [brokerKey.certPem], wantAuthnRequestsSigned: false, attributeNames: [] });
    assert.equal(readSamlMetadata(unsigned, { expected: 'idp', now }).wantAuthnRequestsSigned, false);
  });

  it('a node-saml publisher can take the IdP certificate from it', () => {
    const xml = renderBrokerIdpMetadata({ entityId: 'https://broker.test/idp', ssoUrl: 'https://broker.test/sso', signingCertificatesPem: [brokerKey.certPem], wantAuthnRequestsSigned: true, attributeNames: ['IDO'] });
    const cert = /<ds:X509Certificate>([^<]+)</.exec(xml)?.[1] ?? '';
    assert.ok(new SAML({ callbackUrl: 'https://p.test/acs', issuer: 'p', idpCert: cert }));
    assert.equal(fingerprint(`-----BEGIN CERTIFICATE-----\n${cert}\n-----END CERTIFICATE-----`), fingerprint(brokerKey.certPem));
  });

  it('refuses a configured certificate that is not one', () => {
    assert.equal(thrownCode(() => renderBrokerSpMetadata({ entityId: 'e', acsUrl: 'https://a', signingCertificatesPem: ['nope'], encryptionCertificatesPem: [] })), 'ERR_SAML_METADATA_RENDER');
  });
});
