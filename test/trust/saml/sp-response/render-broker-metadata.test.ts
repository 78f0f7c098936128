import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { SAML } from '@node-saml/node-saml';
import * as samlify from 'samlify';
import { isBrokerError } from '../../../../src/core/broker-error.js';
import {
  readSamlMetadata,
  renderBrokerIdpMetadata,
  renderBrokerSpMetadata,
  type RequiredResponseSignature,
} from '../../../../src/trust/index.js';
import { readFixtureResponse } from '../idp-response/acs-expectations.js';
import { thrownCode } from '../../../support/thrown-code.js';
import { brokerKey, publisherEncryption } from './sp-response-fixtures.js';

const now = new Date();

/** 'accepted', or the code of the BrokerError thrown. */
function readOutcome(work: () => unknown): string {
  try {
    work();
    return 'accepted';
  } catch (error) {
    if (isBrokerError(error)) return error.code;
    throw error;
  }
}
const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

describe('trust/saml broker metadata', () => {
  it(
    'SP metadata reads back: signing and encryption keys, one default HTTP-POST ACS, '
      + 'signed requests, and signed assertions when the policy requires them',
    () => {
      const xml = renderBrokerSpMetadata({
        entityId: 'https://broker.test/sp',
        acsUrl: 'https://broker.test/saml/sp/acs',
        signingCertificatesPem: [brokerKey.certPem, publisherEncryption.certPem],
        encryptionCertificatesPem: [publisherEncryption.certPem],
        requiredSignature: 'assertion',
      });
      const sp = readSamlMetadata(xml, { expected: 'sp', now });
      assert.equal(sp.entityId, 'https://broker.test/sp');
      assert.equal(sp.authnRequestsSigned, true);
      assert.equal(sp.wantAssertionsSigned, true);
      assert.deepEqual(
        sp.signingCertificates.map((c) => c.fingerprint256),
        [fingerprint(brokerKey.certPem), fingerprint(publisherEncryption.certPem)],
      );
      assert.deepEqual(
        sp.encryptionCertificates.map((c) => c.fingerprint256),
        [fingerprint(publisherEncryption.certPem)],
      );
      assert.deepEqual(sp.assertionConsumers, [
        { binding: 'HTTP-POST', location: 'https://broker.test/saml/sp/acs', index: 0, isDefault: true },
      ]);
      assert.deepEqual(sp.nameIdFormats, ['urn:oasis:names:tc:SAML:2.0:nameid-format:transient']);
    },
  );

  describe('WantAssertionsSigned says what the Response policy (login.responseSignature) enforces', () => {
    // Announcing "true" while accepting a Response signed only as a whole would tell ENTs a rule
    // the broker does not apply; the fixture below is such a Response (its assertion unsigned).
    const responseOnlySigned = 'valid.response-signed.xml';
    const policies: readonly RequiredResponseSignature[] = ['assertion', 'response', 'either', 'both'];
    for (const required of policies) {
      it(`'${required}': WantAssertionsSigned is true exactly when an unsigned assertion is refused`, () => {
        const announced = readSamlMetadata(
          renderBrokerSpMetadata({
            entityId: 'https://broker.test/sp',
            acsUrl: 'https://broker.test/saml/sp/acs',
            signingCertificatesPem: [brokerKey.certPem],
            encryptionCertificatesPem: [],
            requiredSignature: required,
          }),
          { expected: 'sp', now },
        ).wantAssertionsSigned;
        const outcome = readOutcome(() => readFixtureResponse(responseOnlySigned, required));
        assert.equal(announced, outcome === 'ERR_SAML_RESPONSE_UNSIGNED', `policy ${required}: ${outcome}`);
        assert.equal(announced, required === 'assertion' || required === 'both');
      });
    }
  });

  it('IdP metadata reads back: signing keys, both SSO bindings, transient NameID, the attributes', () => {
    const xml = renderBrokerIdpMetadata({
      entityId: 'https://broker.test/idp',
      ssoUrl: 'https://broker.test/saml/idp/sso',
      signingCertificatesPem: [brokerKey.certPem],
      wantAuthnRequestsSigned: true,
      attributeNames: ['IDO', 'UAI', 'GARPersonProfils'],
    });
    const idp = readSamlMetadata(xml, { expected: 'idp', now });
    assert.equal(idp.wantAuthnRequestsSigned, true);
    assert.deepEqual(idp.singleSignOn, [
      { binding: 'HTTP-Redirect', location: 'https://broker.test/saml/idp/sso' },
      { binding: 'HTTP-POST', location: 'https://broker.test/saml/idp/sso' },
    ]);
    assert.equal(idp.signingCertificates.length, 1);
    assert.equal((xml.match(/<saml:Attribute /g) ?? []).length, 3);
    const unsigned = renderBrokerIdpMetadata({
      entityId: 'https://b.test/idp',
      ssoUrl: 'https://b.test/sso',
      signingCertificatesPem: [brokerKey.certPem],
      wantAuthnRequestsSigned: false,
      attributeNames: [],
    });
    assert.equal(readSamlMetadata(unsigned, { expected: 'idp', now }).wantAuthnRequestsSigned, false);
  });

  it('a node-saml publisher can take the IdP certificate from it', () => {
    const xml = renderBrokerIdpMetadata({
      entityId: 'https://broker.test/idp',
      ssoUrl: 'https://broker.test/sso',
      signingCertificatesPem: [brokerKey.certPem],
      wantAuthnRequestsSigned: true,
      attributeNames: ['IDO'],
    });
    const cert = /<ds:X509Certificate>([^<]+)</.exec(xml)?.[1] ?? '';
    assert.ok(new SAML({ callbackUrl: 'https://p.test/acs', issuer: 'p', idpCert: cert }));
    assert.equal(
      fingerprint(`-----BEGIN CERTIFICATE-----\n${cert}\n-----END CERTIFICATE-----`),
      fingerprint(brokerKey.certPem),
    );
  });

  it(
    'samlify 2.13 loads them: ServiceProvider({ metadata }) and IdentityProvider({ metadata }) '
      + 'read what was announced',
    () => {
      const der = (pem: string) => new X509Certificate(pem).raw.toString('base64');
      const sp = samlify.ServiceProvider({
        metadata: renderBrokerSpMetadata({
          entityId: 'https://broker.test/sp',
          acsUrl: 'https://broker.test/saml/sp/acs',
          signingCertificatesPem: [brokerKey.certPem],
          encryptionCertificatesPem: [publisherEncryption.certPem],
          requiredSignature: 'both',
        }),
      }).entityMeta;
      assert.equal(sp.getEntityID(), 'https://broker.test/sp');
      assert.equal(sp.isAuthnRequestSigned(), true);
      assert.equal(sp.isWantAssertionsSigned(), true);
      assert.equal(sp.getAssertionConsumerService('post'), 'https://broker.test/saml/sp/acs');
      assert.equal(sp.getX509Certificate('signing'), der(brokerKey.certPem));
      assert.equal(sp.getX509Certificate('encryption'), der(publisherEncryption.certPem));
      const idp = samlify.IdentityProvider({
        metadata: renderBrokerIdpMetadata({
          entityId: 'https://broker.test/idp',
          ssoUrl: 'https://broker.test/saml/idp/sso',
          signingCertificatesPem: [brokerKey.certPem],
          wantAuthnRequestsSigned: true,
          attributeNames: ['IDO', 'UAI'],
        }),
      }).entityMeta;
      assert.equal(idp.getEntityID(), 'https://broker.test/idp');
      assert.equal(idp.isWantAuthnRequestsSigned(), true);
      for (const binding of ['redirect', 'post'] as const) {
        assert.equal(idp.getSingleSignOnService(binding), 'https://broker.test/saml/idp/sso');
      }
      assert.equal(idp.getX509Certificate('signing'), der(brokerKey.certPem));
      // samlify returns a lone NameIDFormat as a string (a list when several).
      assert.equal(idp.getNameIDFormat(), 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient');
    },
  );

  it('refuses a configured certificate that is not one', () => {
    assert.equal(
      thrownCode(() =>
        renderBrokerSpMetadata({
          entityId: 'e',
          acsUrl: 'https://a',
          signingCertificatesPem: ['nope'],
          encryptionCertificatesPem: [],
          requiredSignature: 'either',
        }),
      ),
      'ERR_SAML_METADATA_RENDER',
    );
  });
});
