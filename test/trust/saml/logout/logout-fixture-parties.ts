/**
 * Who is who in the logout fixture corpus (test/fixtures/saml/logout/), shared by its generator
 * (make-logout-fixtures.ts) and its tests: an ENT identity provider and a publisher service
 * provider sending logout messages to the broker's two SingleLogoutService endpoints, at one
 * fixed instant.
 */
export const logoutFixtureInstant = new Date('2026-09-01T10:00:00Z');

export const logoutParties = {
  ent: 'https://ent.test/idp',
  entSlo: 'https://ent.test/slo',
  publisher: 'https://publisher.test/sp',
  publisherSlo: 'https://publisher.test/slo',
  publisherAcs: 'https://publisher.test/acs',
  /** The broker's SP side (toward the ENTs) and IdP side (toward the publishers). */
  brokerSp: 'https://broker.test/sp',
  brokerIdp: 'https://broker.test/idp',
  brokerSpSlo: 'https://broker.test/saml/sp/slo',
  brokerIdpSlo: 'https://broker.test/saml/idp/slo',
  requestId: '_logout-request-0001',
  responseId: '_logout-response-0001',
  /** The broker's LogoutRequest a LogoutResponse answers. */
  brokerRequestId: '_broker-logout-0001',
  relayState: 'deconnexion/42',
  /** What the ENT calls the user (persistent), and what the broker called them at the publisher (transient). */
  entNameId: 'ent-user-0042',
  publisherNameId: '_7c1e9a0b4d2f48e6a3b5c9d0e1f2a3b4',
  sessionIndexes: ['_session-a', '_session-b'],
} as const;

export const logoutUris = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  status: 'urn:oasis:names:tc:SAML:2.0:status:',
} as const;

export const logoutFixtureFolder = new URL('../../../fixtures/saml/logout/', import.meta.url);
