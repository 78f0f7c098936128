/**
 * The two independent SAML peers of the flow tests: the ENT is a samlify 2.13.1 IdP (the library
 * most ENTs' integrations resemble), the publisher is @node-saml/node-saml with strict settings.
 * Neither shares code with the broker. Keys are made once per run.
 */
import { generateKeyPairSync } from 'node:crypto';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import * as samlify from 'samlify';
import { createCertificate, createSamlSchemaValidator, createSamlifySchemaValidator } from '../../src/trust/index.js';

export interface PeerKey {
  readonly keyPem: string;
  readonly certPem: string;
}

export function peerKey(commonName: string): PeerKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Date.now();
  const { pem } = createCertificate({
    subject: { commonName },
    publicKey,
    privateKey,
    usage: 'saml-signing',
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 365 * 86_400_000),
  });
  return { keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), certPem: pem };
}

samlify.setSchemaValidator(createSamlifySchemaValidator(createSamlSchemaValidator()));

export interface TestEnt {
  readonly entityId: string;
  readonly metadataXml: string;
  /** Answers the broker's redirect AuthnRequest (the URL it sent the browser to) for `user`. */
  answer(redirectUrl: string, brokerSpMetadata: string, user: string): Promise<string>;
  /**
   * Verifies the broker's redirect LogoutRequest (samlify, against the broker's SP metadata) and
   * answers its signed LogoutResponse: the URL back to the broker, and the NameID it named.
   */
  answerLogout(
    redirectUrl: string,
    brokerSpMetadata: string,
  ): Promise<{ readonly url: string; readonly nameId: string }>;
}

const redirectBinding = samlify.Constants.namespace.binding.redirect;

/** Where the test ENT declares its SingleLogoutService, when it has one. */
export const testEntSloUrl = 'https://ent.test/slo';

export function testEnt(
  key: PeerKey,
  options: { readonly entityId?: string; readonly encrypt?: boolean; readonly slo?: boolean } = {},
): TestEnt {
  const entityId = options.entityId ?? 'https://ent.test/idp';
  const idp = samlify.IdentityProvider({
    entityID: entityId,
    signingCert: key.certPem,
    privateKey: key.keyPem,
    wantAuthnRequestsSigned: true,
    isAssertionEncrypted: options.encrypt === true,
    singleSignOnService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: 'https://ent.test/sso' }],
    requestSignatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    ...(options.slo === true ? { singleLogoutService: [{ Binding: redirectBinding, Location: testEntSloUrl }] } : {}),
  });
  return {
    entityId,
    metadataXml: idp.getMetadata(),
    async answer(redirectUrl, brokerSpMetadata, user) {
      const sp = samlify.ServiceProvider({ metadata: brokerSpMetadata });
      const url = new URL(redirectUrl);
      const raw = url.search.slice(1);
      const octetString = raw
        .split('&')
        .filter((p) => !p.startsWith('Signature='))
        .join('&');
      const info = await idp.parseLoginRequest(sp, 'redirect', {
        query: Object.fromEntries(url.searchParams),
        octetString,
      });
      const response = await idp.createLoginResponse(
        sp,
        info as unknown as Parameters<typeof idp.createLoginResponse>[1],
        'post',
        { email: user },
        // As Shibboleth IdP does: a Response signature (made when the broker's metadata does not want
        // signed assertions) covers the encrypted assertion, so it is made after the encryption.
        { encryptThenSign: true },
      );
      return (response as { context: string }).context;
    },
    async answerLogout(redirectUrl, brokerSpMetadata) {
      // The broker accepts only signed logout messages: samlify signs its LogoutResponse when asked.
      const sp = samlify.ServiceProvider({ metadata: brokerSpMetadata, wantLogoutResponseSigned: true });
      const url = new URL(redirectUrl);
      const octetString = url.search
        .slice(1)
        .split('&')
        .filter((p) => !p.startsWith('Signature='))
        .join('&');
      const query = Object.fromEntries(url.searchParams);
      const info = await idp.parseLogoutRequest(sp, 'redirect', { query, octetString });
      const response = await idp.createLogoutResponse(sp, info as never, 'redirect', query['RelayState'] ?? '');
      return { url: (response as { context: string }).context, nameId: String(info.extract.nameID) };
    },
  };
}

export interface TestPublisher {
  readonly entityId: string;
  readonly acsUrl: string;
  readonly saml: SAML;
  readonly metadataXml: string;
}

/** node-saml as a publisher's SP, strict: signed response and assertion, audience, InResponseTo, small skew. */
export function testPublisher(
  name: string,
  brokerSsoUrl: string,
  brokerCertPem: string,
  key: PeerKey,
  encryption?: PeerKey,
  slo?: { readonly brokerSloUrl: string },
): TestPublisher {
  const entityId = `https://${name}.test/sp`;
  const acsUrl = `https://${name}.test/acs`;
  const saml = new SAML({
    callbackUrl: acsUrl,
    entryPoint: brokerSsoUrl,
    issuer: entityId,
    idpCert: brokerCertPem,
    audience: entityId,
    privateKey: key.keyPem,
    publicCert: key.certPem,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    acceptedClockSkewMs: 5000,
    validateInResponseTo: ValidateInResponseTo.always,
    identifierFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
    disableRequestedAuthnContext: true,
    ...(encryption === undefined ? {} : { decryptionPvk: encryption.keyPem }),
    // With a SingleLogoutService in its metadata, the broker sends it LogoutRequests.
    ...(slo === undefined ? {} : { logoutCallbackUrl: `https://${name}.test/slo`, logoutUrl: slo.brokerSloUrl }),
  });
  const metadataXml = saml.generateServiceProviderMetadata(encryption?.certPem ?? null, key.certPem);
  return { entityId, acsUrl, saml, metadataXml };
}
