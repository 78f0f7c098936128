/**
 * What the broker sends, its own readers accept, with the broker's own metadata as the partner:
 * buildLogoutRequest / buildLogoutResponse, logoutMessageTo over each binding, then
 * readLogoutRequest / readLogoutResponse. Also the size bounds, which need messages too large
 * to commit as fixtures.
 */
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import {
  buildLogoutRequest,
  buildLogoutResponse,
  logoutEndpointFor,
  logoutMessageTo,
  readLogoutRequest,
  readLogoutResponse,
  readSamlMetadata,
  renderBrokerIdpMetadata,
  renderBrokerSpMetadata,
  type IdpMetadata,
  type IncomingSamlMessage,
  type LogoutDelivery,
  type LogoutMessageExpectations,
  type SamlLogoutEndpoint,
  type SpMetadata,
} from '../../../../src/trust/index.js';
import { testSigningKeys } from '../../../support/saml-signing.js';
import { rejectedCode } from '../../../support/thrown-code.js';
import { definedFields } from '../../../../src/core/defined-fields.js';

const now = new Date();
const idpSlo = 'https://broker.test/saml/idp/slo';
const spSlo = 'https://broker.test/saml/sp/slo';
const transient = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';
const status = (name: string): string => `urn:oasis:names:tc:SAML:2.0:status:${name}`;
const signer = () => {
  const { privateKey, certificatePem } = testSigningKeys().idp;
  return { privateKey, certificatePem };
};
/** SAML instants are written to the second. */
const second = (date: Date, plusSeconds = 0): Date =>
  new Date(Math.floor(date.getTime() / 1000) * 1000 + plusSeconds * 1000);

/** The broker's two metadata documents, as a partner would register them. */
function brokerMetadata(): { readonly idp: IdpMetadata; readonly sp: SpMetadata } {
  const certificate = testSigningKeys().idp.certificatePem;
  const idp = readSamlMetadata(
    renderBrokerIdpMetadata({
      entityId: 'https://broker.test/idp',
      ssoUrl: 'https://broker.test/saml/idp/sso',
      signingCertificatesPem: [certificate],
      wantAuthnRequestsSigned: true,
      attributeNames: ['IDO'],
      sloUrl: idpSlo,
    }),
    { expected: 'idp', now },
  );
  const sp = readSamlMetadata(
    renderBrokerSpMetadata({
      entityId: 'https://broker.test/sp',
      acsUrl: 'https://broker.test/saml/sp/acs',
      signingCertificatesPem: [certificate],
      encryptionCertificatesPem: [],
      requiredSignature: 'either',
      sloUrl: spSlo,
    }),
    { expected: 'sp', now },
  );
  return { idp, sp };
}

const expectations = (partner: IdpMetadata | SpMetadata, destination: string): LogoutMessageExpectations => ({
  findPartner: async (entityId) => (entityId === partner.entityId ? partner : undefined),
  destination,
  now,
  skewSeconds: 60,
});

/** What the browser brings back to the endpoint: the query of the redirect, or the posted form. */
function received(delivery: LogoutDelivery | undefined): IncomingSamlMessage {
  assert.ok(delivery !== undefined);
  if (delivery.kind === 'redirect') {
    return { binding: 'HTTP-Redirect', rawQuery: new URL(delivery.location).search.slice(1) };
  }
  const { SAMLRequest, SAMLResponse, RelayState } = delivery.fields;
  const samlMessage = SAMLRequest ?? SAMLResponse ?? '';
  return { binding: 'HTTP-POST', samlMessage, ...definedFields({ relayState: RelayState }) };
}

const only = (endpoints: readonly SamlLogoutEndpoint[], binding: SamlLogoutEndpoint['binding']) =>
  endpoints.filter((endpoint) => endpoint.binding === binding);

describe('trust/saml logout round trip: the broker reads back what it sends', () => {
  for (const binding of ['HTTP-Redirect', 'HTTP-POST'] as const) {
    it(`a LogoutRequest from the broker's IdP side, by ${binding}, read with the broker's IdP metadata`, async () => {
      const { idp } = brokerMetadata();
      const endpoints = only(idp.singleLogout, binding);
      const destination = logoutEndpointFor(endpoints, 'request')?.url ?? '';
      assert.equal(destination, idpSlo);
      // A value with every character XML escapes, plus U+2028 (a line end to xmldom, see canonical-xml.ts).
      const nameId = '_a<b&c>"d"\u2028é';
      const xml = buildLogoutRequest({
        id: '_round-trip-1',
        issuer: idp.entityId,
        destination,
        now,
        nameId,
        nameIdFormat: transient,
        spNameQualifier: 'https://publisher.test/sp',
        sessionIndex: '_s1',
        notOnOrAfterSeconds: 60,
      });
      const delivery = logoutMessageTo(endpoints, { xml, kind: 'request', relayState: 'rs/1' }, signer());
      const read = await readLogoutRequest(received(delivery), expectations(idp, idpSlo));
      assert.deepEqual(
        { ...read, partner: read.partner.entityId },
        {
          id: '_round-trip-1',
          issuer: idp.entityId,
          issueInstant: second(now),
          binding,
          notOnOrAfter: second(now, 60),
          nameId: { value: nameId, format: transient },
          sessionIndexes: ['_s1'],
          relayState: 'rs/1',
          partner: idp.entityId,
        },
      );
    });

    it(`a LogoutResponse from the broker's SP side, by ${binding}, read with the broker's SP metadata`, async () => {
      const { sp } = brokerMetadata();
      const endpoints = only(sp.singleLogout, binding);
      const xml = buildLogoutResponse({
        id: '_round-trip-2',
        issuer: sp.entityId,
        destination: spSlo,
        now,
        inResponseTo: '_ent-request',
        status: 'partial',
      });
      const delivery = logoutMessageTo(endpoints, { xml, kind: 'response' }, signer());
      const read = await readLogoutResponse(received(delivery), expectations(sp, spSlo));
      assert.deepEqual(
        { ...read, partner: read.partner.entityId },
        {
          id: '_round-trip-2',
          issuer: sp.entityId,
          inResponseTo: '_ent-request',
          binding,
          status: status('Success'),
          subStatus: status('PartialLogout'),
          partner: sp.entityId,
        },
      );
    });
  }

  it('a message signed by the broker is refused when read with another key in the metadata', async () => {
    const { idp } = brokerMetadata();
    const other = { ...idp, signingCertificates: [] };
    const xml = buildLogoutRequest({ id: '_r', issuer: idp.entityId, destination: idpSlo, now, nameId: '_n' });
    for (const binding of ['HTTP-Redirect', 'HTTP-POST'] as const) {
      const delivery = logoutMessageTo(only(idp.singleLogout, binding), { xml, kind: 'request' }, signer());
      const code = await rejectedCode(readLogoutRequest(received(delivery), expectations(other, idpSlo)));
      assert.equal(code, 'ERR_SAML_LOGOUT_SIGNATURE_INVALID', binding);
    }
  });
});

describe('trust/saml logout readers: size bounds (64 KiB, as for AuthnRequests)', () => {
  const { idp } = brokerMetadata();
  /** A signed-looking LogoutRequest padded to `bytes` with a SessionIndex. */
  const padded = (bytes: number): string =>
    buildLogoutRequest({
      id: '_big',
      issuer: idp.entityId,
      destination: idpSlo,
      now,
      nameId: '_n',
      sessionIndex: 'x'.repeat(bytes),
    });

  it('a posted message over the limit is refused before it is decoded', async () => {
    const samlMessage = Buffer.from(padded(70 * 1024), 'utf8').toString('base64');
    const read = readLogoutRequest({ binding: 'HTTP-POST', samlMessage }, expectations(idp, idpSlo));
    assert.equal(await rejectedCode(read), 'ERR_SAML_MESSAGE_ENCODING');
  });

  it('a redirected message that inflates past the limit is refused as inflation stops', async () => {
    const deflated = deflateRawSync(Buffer.from(padded(70 * 1024), 'utf8')).toString('base64');
    const rawQuery = `SAMLRequest=${encodeURIComponent(deflated)}`;
    const read = readLogoutRequest({ binding: 'HTTP-Redirect', rawQuery }, expectations(idp, idpSlo));
    assert.equal(await rejectedCode(read), 'ERR_SAML_INFLATE');
  });
});
