/**
 * Single Logout with a publisher built on @node-saml/node-saml, another library than the
 * broker's, so that a shared misreading of the specifications cannot make both sides agree:
 * node-saml verifies the broker's LogoutRequest (HTTP-Redirect and HTTP-POST), and the broker
 * reads node-saml's LogoutResponse and LogoutRequest (HTTP-Redirect, node-saml's only binding
 * for them).
 */
import assert from 'node:assert/strict';
import { SAML, type Profile } from '@node-saml/node-saml';
import {
  buildLogoutRequest,
  logoutMessageTo,
  readLogoutRequest,
  readLogoutResponse,
  readSamlMetadata,
  type IncomingSamlMessage,
  type LogoutMessageExpectations,
  type SamlLogoutEndpoint,
  type SpMetadata,
} from '../../../../src/trust/index.js';
import { peerKey } from '../../../support/saml-flow-peers.js';
import { testSigningKeys } from '../../../support/saml-signing.js';

const brokerIdp = 'https://broker.test/idp';
const idpSlo = 'https://broker.test/saml/idp/slo';
const publisherSlo = 'https://publisher.test/slo';
const transient = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';
const publisherKey = peerKey('node-saml publisher');
const publisherEntity = 'https://publisher.test/sp';
const broker = () => {
  const { privateKey, certificatePem } = testSigningKeys().idp;
  return { privateKey, certificatePem };
};

/** node-saml as a publisher's SP whose IdP is the broker: the broker's certificate, Issuer and SLO URL. */
function publisher(idpCert = testSigningKeys().idp.certificatePem): SAML {
  return new SAML({
    callbackUrl: 'https://publisher.test/acs',
    issuer: publisherEntity,
    audience: publisherEntity,
    entryPoint: 'https://broker.test/saml/idp/sso',
    logoutUrl: idpSlo,
    logoutCallbackUrl: publisherSlo,
    idpCert,
    idpIssuer: brokerIdp,
    privateKey: publisherKey.keyPem,
    publicCert: publisherKey.certPem,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    identifierFormat: transient,
  });
}

/** The publisher as the broker registers it: node-saml's own metadata (SingleLogoutService by HTTP-POST). */
const publisherMetadata = (): SpMetadata =>
  readSamlMetadata(publisher().generateServiceProviderMetadata(null, publisherKey.certPem), {
    expected: 'sp',
    now: new Date(),
  });

const expectations = (partner: SpMetadata): LogoutMessageExpectations => ({
  findPartner: async (entityId) => (entityId === partner.entityId ? partner : undefined),
  destination: idpSlo,
  now: new Date(),
  skewSeconds: 60,
});

function brokerLogoutRequest(endpoints: readonly SamlLogoutEndpoint[]) {
  const xml = buildLogoutRequest({
    id: '_broker-logout-1',
    issuer: brokerIdp,
    destination: publisherSlo,
    now: new Date(),
    nameId: '_transient-42',
    nameIdFormat: transient,
    spNameQualifier: publisherEntity,
    sessionIndex: '_session-42',
    notOnOrAfterSeconds: 120,
  });
  return logoutMessageTo(endpoints, { xml, kind: 'request', relayState: 'rs-1' }, broker());
}

const redirectEndpoint: SamlLogoutEndpoint = { binding: 'HTTP-Redirect', location: publisherSlo };

interface RedirectArrival {
  /** What node-saml takes: the parsed parameters and the raw query. */
  readonly container: Record<string, string>;
  readonly originalQuery: string;
  /** What the broker takes. */
  readonly incoming: IncomingSamlMessage;
}

function asQuery(location: string): RedirectArrival {
  const url = new URL(location);
  const originalQuery = url.search.slice(1);
  const incoming: IncomingSamlMessage = { binding: 'HTTP-Redirect', rawQuery: originalQuery };
  return { container: Object.fromEntries(url.searchParams), originalQuery, incoming };
}

function expectProfile(profile: Profile | null): Profile {
  assert.ok(profile !== null);
  assert.equal(profile.ID, '_broker-logout-1');
  assert.equal(profile.issuer, brokerIdp);
  assert.equal(profile.nameID, '_transient-42');
  assert.equal(profile.nameIDFormat, transient);
  assert.equal(profile.sessionIndex, '_session-42');
  return profile;
}

describe('trust/saml Single Logout with a node-saml publisher', () => {
  it("node-saml verifies the broker's HTTP-Redirect LogoutRequest, refuses it with another certificate", async () => {
    const delivery = brokerLogoutRequest([redirectEndpoint]);
    assert.ok(delivery?.kind === 'redirect');
    const { container, originalQuery } = asQuery(delivery.location);
    const { profile, loggedOut } = await publisher().validateRedirectAsync(container, originalQuery);
    assert.equal(loggedOut, true);
    expectProfile(profile);
    const impostor = publisher(testSigningKeys().attacker.certificatePem);
    await assert.rejects(impostor.validateRedirectAsync(container, originalQuery), /Invalid query signature/);
  });

  it("node-saml verifies the broker's HTTP-POST LogoutRequest, sent where its metadata says", async () => {
    const endpoints = publisherMetadata().singleLogout;
    assert.deepEqual(endpoints, [{ binding: 'HTTP-POST', location: publisherSlo }]);
    const delivery = brokerLogoutRequest(endpoints);
    assert.ok(delivery?.kind === 'post');
    assert.equal(delivery.action, publisherSlo);
    const posted = { SAMLRequest: delivery.fields['SAMLRequest'] ?? '' };
    expectProfile((await publisher().validatePostRequestAsync(posted)).profile);
    const impostor = publisher(testSigningKeys().attacker.certificatePem);
    await assert.rejects(impostor.validatePostRequestAsync(posted), /Invalid signature/);
  });

  it("the broker reads node-saml's signed LogoutResponse to its request: Success, then a refusal", async () => {
    const delivery = brokerLogoutRequest([redirectEndpoint]);
    assert.ok(delivery?.kind === 'redirect');
    const { container, originalQuery } = asQuery(delivery.location);
    const profile = expectProfile((await publisher().validateRedirectAsync(container, originalQuery)).profile);
    for (const success of [true, false]) {
      const answer = await publisher().getLogoutResponseUrlAsync(profile, 'rs-1', {}, success);
      assert.ok(answer.startsWith(`${idpSlo}?SAMLResponse=`));
      const read = await readLogoutResponse(asQuery(answer).incoming, expectations(publisherMetadata()));
      assert.deepEqual(
        { ...read, partner: read.partner.entityId },
        {
          id: read.id,
          issuer: publisherEntity,
          inResponseTo: '_broker-logout-1',
          binding: 'HTTP-Redirect',
          status: `urn:oasis:names:tc:SAML:2.0:status:${success ? 'Success' : 'Requester'}`,
          ...(success ? {} : { subStatus: 'urn:oasis:names:tc:SAML:2.0:status:UnknownPrincipal' }),
          relayState: 'rs-1',
          partner: publisherEntity,
        },
      );
    }
  });

  it('the broker reads the LogoutRequest a node-saml publisher starts (SP-initiated logout)', async () => {
    const user: Profile = {
      issuer: brokerIdp,
      nameID: '_transient-42',
      nameIDFormat: transient,
      sessionIndex: '_session-42',
      spNameQualifier: publisherEntity,
    };
    const url = await publisher().getLogoutUrlAsync(user, 'rs-2', {});
    const read = await readLogoutRequest(asQuery(url).incoming, expectations(publisherMetadata()));
    assert.equal(read.issuer, publisherEntity);
    assert.equal(read.binding, 'HTTP-Redirect');
    assert.deepEqual(read.nameId, { value: '_transient-42', format: transient });
    assert.deepEqual(read.sessionIndexes, ['_session-42']);
    assert.equal(read.relayState, 'rs-2');
  });
});
