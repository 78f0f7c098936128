/**
 * Who is who in the SSO fixture corpus (test/fixtures/saml/sso/), shared by its generator
 * (scripts/make-sso-fixtures.ts) and its tests: a publisher SP asking the broker's IdP to log a
 * user in, at one fixed instant.
 */
export const ssoFixtureInstant = new Date('2026-09-01T08:00:00Z');

export const ssoParties = {
  sp: 'https://publisher.test/sp',
  /** The SP's default HTTP-POST ACS (index 0). */
  acs: 'https://publisher.test/acs',
  /** An ACS the SP registered with the HTTP-Redirect binding (index 1): never a place for an assertion. */
  acsRedirect: 'https://publisher.test/acs-redirect',
  sso: 'https://broker.test/saml/idp/sso',
  requestId: '_sso-request-0001',
  relayState: 'ressource/42',
} as const;

export const ssoFixtureFolder = new URL('../../../fixtures/saml/sso/', import.meta.url);
