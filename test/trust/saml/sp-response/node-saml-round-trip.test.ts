/**
 * The whole downstream exchange against one strict node-saml 5.1 publisher (another library than
 * the broker's): node-saml makes the AuthnRequest (Redirect and POST, signed) and keeps its ID in
 * its InResponseTo cache; readSpAuthnRequest verifies it with the metadata node-saml published;
 * buildSpResponse answers it, encrypted to the certificate of that metadata; node-saml accepts the
 * answer only for the request it made, once.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import {
  buildSpResponse,
  readSamlMetadata,
  readSpAuthnRequest,
  type AssertionToSp,
  type IncomingAuthnRequest,
  type VerifiedSpRequest,
} from '../../../../src/trust/index.js';
import { postForm, spKey, ssoUrl } from '../sp-request/sp-request-fixtures.js';
import { base64, brokerKey, idpEntityId, publisherEncryption } from './sp-response-fixtures.js';

const spEntityId = 'https://publisher.test/sp';
const acsUrl = 'https://publisher.test/acs';

function strictPublisher(binding: 'HTTP-Redirect' | 'HTTP-POST'): SAML {
  return new SAML({
    callbackUrl: acsUrl,
    entryPoint: ssoUrl,
    issuer: spEntityId,
    audience: spEntityId,
    idpCert: brokerKey.certPem,
    idpIssuer: idpEntityId,
    privateKey: spKey.keyPem,
    publicCert: spKey.certPem,
    decryptionPvk: publisherEncryption.keyPem,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    authnRequestBinding: binding,
    skipRequestCompression: binding === 'HTTP-POST',
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    validateInResponseTo: ValidateInResponseTo.always,
    acceptedClockSkewMs: 2000,
    identifierFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
    disableRequestedAuthnContext: true,
  });
}

async function requestFrom(publisher: SAML, binding: 'HTTP-Redirect' | 'HTTP-POST'): Promise<VerifiedSpRequest> {
  const metadata = readSamlMetadata(
    publisher.generateServiceProviderMetadata(publisherEncryption.certPem, spKey.certPem),
    { expected: 'sp', now: new Date() },
  );
  let incoming: IncomingAuthnRequest;
  if (binding === 'HTTP-Redirect') {
    incoming = {
      binding,
      rawQuery: new URL(await publisher.getAuthorizeUrlAsync('ressource/7', undefined, {})).search.slice(1),
    };
  } else {
    const form = await postForm(publisher, 'ressource/7');
    incoming = { binding, samlRequest: form.samlRequest, relayState: form.relayState };
  }
  return readSpAuthnRequest(incoming, {
    findSp: async (entityId) => (entityId === metadata.entityId ? metadata : undefined),
    ssoUrl,
    requireSigned: true,
    now: new Date(),
    skewSeconds: 60,
  });
}

function answer(request: VerifiedSpRequest, overrides: Partial<AssertionToSp> = {}): string {
  const encryptionCertificate = request.sp.encryptionCertificates[0];
  assert.ok(encryptionCertificate instanceof X509Certificate);
  return buildSpResponse(
    {
      idpEntityId,
      spEntityId: request.issuer,
      acsUrl: request.acsUrl,
      inResponseTo: request.id,
      nameId: '_transient-7',
      sessionIndex: '_session-7',
      authnInstant: new Date(),
      now: new Date(),
      lifetimeSeconds: 300,
      skewSeconds: 60,
      attributes: [
        { name: 'IDO', values: ['ido-7'] },
        { name: 'PRE', values: ['Élodie'] },
        { name: 'GARPersonProfils', values: ['National_ELV', 'National_DOC'] },
      ],
      ...overrides,
    },
    {
      privateKey: brokerKey.privateKey,
      certificatePem: brokerKey.certPem,
      encryptTo: { certificate: encryptionCertificate, algorithm: 'aes-256-gcm' },
    },
  );
}

describe('trust/saml downstream round trip with a strict node-saml publisher', () => {
  for (const binding of ['HTTP-Redirect', 'HTTP-POST'] as const) {
    it(`${binding}: its signed request read, our encrypted answer accepted for that request only, once`, async () => {
      const publisher = strictPublisher(binding);
      const request = await requestFrom(publisher, binding);
      assert.equal(request.acsUrl, acsUrl);
      assert.equal(request.relayState, 'ressource/7');
      const response = base64(answer(request));
      const { profile } = await publisher.validatePostResponseAsync({ SAMLResponse: response });
      assert.equal(profile?.nameID, '_transient-7');
      assert.equal(profile?.issuer, idpEntityId);
      assert.equal(profile?.PRE, 'Élodie');
      assert.deepEqual(profile?.GARPersonProfils, ['National_ELV', 'National_DOC']);
      // node-saml removed the request ID from its cache: the same Response is not accepted twice.
      await assert.rejects(publisher.validatePostResponseAsync({ SAMLResponse: response }), /InResponseTo/);
    });
  }

  it('an answer to a request node-saml did not make is refused by it', async () => {
    const publisher = strictPublisher('HTTP-Redirect');
    const request = await requestFrom(publisher, 'HTTP-Redirect');
    await assert.rejects(
      publisher.validatePostResponseAsync({
        SAMLResponse: base64(answer(request, { inResponseTo: '_another-request' })),
      }),
      /InResponseTo/,
    );
  });
});
