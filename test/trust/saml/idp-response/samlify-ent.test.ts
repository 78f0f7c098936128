/**
 * Interop: a samlify 2.13.1 IdP (what many ENT integrations resemble) answers the broker's SP
 * metadata; readIdpResponse must accept its Response, the assertion in clear and encrypted.
 * samlify's createLoginResponse is called directly with the request id it would have parsed.
 */
import assert from 'node:assert/strict';
import * as samlify from 'samlify';
import {
  createSamlSchemaValidator,
  createSamlifySchemaValidator,
  readIdpResponse,
} from '../../../../src/trust/index.js';
import {
  brokerEncryptionKey,
  idpExpectations,
  idpParties,
  testIdpMetadata,
} from '../../../support/idp-response-builder.js';
import { peerKey, type PeerKey } from '../../../support/saml-flow-peers.js';

samlify.setSchemaValidator(createSamlifySchemaValidator(createSamlSchemaValidator()));

const certBody = (pem: string): string => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

/** The broker's SP metadata, as small as samlify needs it. */
function brokerSpMetadata(signingCertPem: string, encryptionCertPem: string): string {
  const keyDescriptor = (use: string, pem: string): string =>
    `<md:KeyDescriptor use="${use}"><ds:KeyInfo><ds:X509Data>`
    + `<ds:X509Certificate>${certBody(pem)}</ds:X509Certificate>`
    + '</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>';
  return (
    '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"'
    + ` xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${idpParties.sp}">`
    + '<md:SPSSODescriptor AuthnRequestsSigned="true" WantAssertionsSigned="true"'
    + ' protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
    + keyDescriptor('signing', signingCertPem)
    + keyDescriptor('encryption', encryptionCertPem)
    + '<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>'
    + '<md:AssertionConsumerService index="0" isDefault="true"'
    + ` Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${idpParties.acs}"/>`
    + '</md:SPSSODescriptor></md:EntityDescriptor>'
  );
}

async function samlifyResponse(ent: PeerKey, encrypt: boolean, requestId: string): Promise<string> {
  const idp = samlify.IdentityProvider({
    entityID: idpParties.idp,
    signingCert: ent.certPem,
    privateKey: ent.keyPem,
    isAssertionEncrypted: encrypt,
    singleSignOnService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: 'https://ent.test/sso' }],
  });
  const sp = samlify.ServiceProvider({
    metadata: brokerSpMetadata(peerKey('test broker signing').certPem, brokerEncryptionKey().certificatePem),
  });
  const request = { extract: { request: { id: requestId } } } as unknown as Parameters<
    typeof idp.createLoginResponse
  >[1];
  const response = await idp.createLoginResponse(sp, request, 'post', { email: 'user-1' });
  return (response as { context: string }).context;
}

describe('readIdpResponse: a samlify 2.13.1 ENT', function () {
  this.timeout(20_000);
  const ent = peerKey('test samlify ENT');
  const expect = () => idpExpectations({ idp: testIdpMetadata([ent.certPem]) });

  for (const encrypt of [false, true]) {
    it(`accepts its Response (isAssertionEncrypted: ${String(encrypt)})`, async () => {
      const posted = await samlifyResponse(ent, encrypt, '_req1');
      if (encrypt) assert.match(Buffer.from(posted, 'base64').toString('utf8'), /EncryptedAssertion/);
      const verified = readIdpResponse(posted, expect());
      assert.equal(verified.issuer, idpParties.idp);
      assert.equal(verified.inResponseTo, '_req1');
      assert.equal(verified.nameId.value, 'user-1');
      assert.ok(verified.notOnOrAfter.getTime() > Date.now());
    });
  }

  it('refuses it when another ENT key is trusted', async () => {
    const posted = await samlifyResponse(ent, false, '_req1');
    assert.throws(() => readIdpResponse(posted, idpExpectations()), { code: 'ERR_XMLDSIG_INVALID' });
  });
});
