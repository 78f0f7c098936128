/**
 * Interop with a real samlify 2.13.1 identity provider (the library most ENT integrations
 * resemble; it shares no code with the broker's codecs): samlify parses and verifies the
 * broker's signed HTTP-Redirect AuthnRequest, answers it, and readIdpResponse accepts the answer
 * with a signed assertion, and with that assertion encrypted to the broker (samlify's own
 * @authenio/xml-encryption: AES-256-CBC, RSA-OAEP-MGF1P). samlify validates with our schema validator.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import * as samlify from 'samlify';
import {
  buildRedirectAuthnRequest,
  createCertificate,
  createSamlSchemaValidator,
  createSamlifySchemaValidator,
  readIdpResponse,
  readSamlMetadata,
  type IdpResponseExpectations,
} from '../../../../src/trust/index.js';
import { thrownCode } from '../../../support/thrown-code.js';
import { acsParties, brokerDecryptionKey, readFixture } from './acs-expectations.js';

samlify.setSchemaValidator(createSamlifySchemaValidator(createSamlSchemaValidator()));

const brokerSigning = (() => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Date.now();
  const { pem } = createCertificate({
    subject: { commonName: 'broker SP signing (test)' },
    publicKey,
    privateKey,
    usage: 'saml-signing',
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 86_400_000),
  });
  return { privateKey, certificatePem: pem };
})();

const brokerSp = samlify.ServiceProvider({
  entityID: acsParties.sp,
  authnRequestsSigned: true,
  wantAssertionsSigned: true,
  signingCert: brokerSigning.certificatePem,
  encryptCert: readFixture('test-broker-encryption.crt.pem'),
  assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: acsParties.acs }],
});

function ent(encrypt: boolean): ReturnType<typeof samlify.IdentityProvider> {
  return samlify.IdentityProvider({
    entityID: acsParties.idp,
    signingCert: readFixture('test-ent-idp.crt.pem'),
    privateKey: readFixture('test-ent-idp.key.pem'),
    wantAuthnRequestsSigned: true,
    isAssertionEncrypted: encrypt,
    singleSignOnService: [
      { Binding: samlify.Constants.namespace.binding.redirect, Location: 'https://ent.test/sso?realm=college' },
    ],
  });
}

const requestId = '_0f1e2d3c4b5a69788796a5b4c3d2e1f0';

/** The browser leg: the broker's redirect URL as samlify's IdP receives it (raw octets for its signature check). */
async function samlifyReads(
  idp: ReturnType<typeof ent>,
  url: string,
): Promise<Awaited<ReturnType<typeof idp.parseLoginRequest>>> {
  const parsed = new URL(url);
  const octetString = parsed.search
    .slice(1)
    .split('&')
    .filter((p) => p.startsWith('SAMLRequest=') || p.startsWith('RelayState=') || p.startsWith('SigAlg='))
    .join('&');
  return idp.parseLoginRequest(brokerSp, 'redirect', { query: Object.fromEntries(parsed.searchParams), octetString });
}

function expectations(idp: ReturnType<typeof ent>, now: Date): IdpResponseExpectations {
  return {
    idp: readSamlMetadata(idp.getMetadata(), { expected: 'idp', now }),
    spEntityId: acsParties.sp,
    acsUrl: acsParties.acs,
    now,
    skewSeconds: 60,
    requiredSignature: 'assertion',
    decryptionKeys: [brokerDecryptionKey],
  };
}

describe('trust/saml interop with a samlify 2.13.1 ENT', () => {
  for (const encrypt of [false, true]) {
    const assertionKind = encrypt ? 'encrypted' : 'signed';
    it(`samlify verifies our AuthnRequest and we accept its answer (${assertionKind} assertion)`, async () => {
      const idp = ent(encrypt);
      const now = new Date();
      const url = buildRedirectAuthnRequest(
        {
          id: requestId,
          issueInstant: now,
          issuer: acsParties.sp,
          acsUrl: acsParties.acs,
          destination: 'https://ent.test/sso?realm=college',
        },
        'rs-42',
        { privateKey: brokerSigning.privateKey },
      );
      const request = await samlifyReads(idp, url);
      assert.equal(request.extract.request?.id, requestId);
      assert.equal(request.extract.issuer, acsParties.sp);
      const answer = await idp.createLoginResponse(
        brokerSp,
        request as unknown as Parameters<typeof idp.createLoginResponse>[1],
        'post',
        { email: 'alice@ent.test' },
      );
      const samlResponse = (answer as { context: string }).context;
      if (encrypt) assert.match(Buffer.from(samlResponse, 'base64').toString('utf8'), /EncryptedAssertion/);
      const read = readIdpResponse(samlResponse, expectations(idp, now));
      assert.equal(read.inResponseTo, requestId);
      assert.equal(read.issuer, acsParties.idp);
      assert.equal(read.nameId.value, 'alice@ent.test');
      assert.ok(read.notOnOrAfter > now);
    });
  }

  it('samlify refuses our AuthnRequest once its signature is altered (so the check above is real)', async () => {
    const url = buildRedirectAuthnRequest(
      {
        id: requestId,
        issueInstant: new Date(),
        issuer: acsParties.sp,
        acsUrl: acsParties.acs,
        destination: 'https://ent.test/sso',
      },
      undefined,
      { privateKey: brokerSigning.privateKey },
    );
    const tampered = url.replace(/Signature=(.)/, (_, c: string) => `Signature=${c === 'A' ? 'B' : 'A'}`);
    await assert.rejects(samlifyReads(ent(false), tampered));
  });

  it("we refuse samlify's answer once its NameID is altered → ERR_XMLDSIG_INVALID", async () => {
    const idp = ent(false);
    const now = new Date();
    const url = buildRedirectAuthnRequest(
      {
        id: requestId,
        issueInstant: now,
        issuer: acsParties.sp,
        acsUrl: acsParties.acs,
        destination: 'https://ent.test/sso',
      },
      undefined,
      { privateKey: brokerSigning.privateKey },
    );
    const request = await samlifyReads(idp, url);
    const answer = await idp.createLoginResponse(
      brokerSp,
      request as unknown as Parameters<typeof idp.createLoginResponse>[1],
      'post',
      { email: 'alice@ent.test' },
    );
    const xml = Buffer.from((answer as { context: string }).context, 'base64')
      .toString('utf8')
      .replace('alice@ent.test', 'mallory@ent.test');
    assert.equal(
      thrownCode(() => readIdpResponse(Buffer.from(xml).toString('base64'), expectations(idp, now))),
      'ERR_XMLDSIG_INVALID',
    );
  });
});
