/**
 * Upstream: the broker as SAML SP of the ENTs. `requestEntAuthentication` makes the signed
 * AuthnRequest that sends the browser to an ENT; `verifyEntResponse` turns its Response into an
 * UpstreamIdentity. Login transactions and the replay cache are the broker's.
 */
export type { EntIdp, EntIdentityProviders } from './ports.js';
export type { UpstreamSettings } from './upstream-settings.js';
export { requestEntAuthentication, type EntAuthenticationRequest } from './request-ent-authentication.js';
export { verifyEntResponse, type VerifiedEntResponse } from './verify-ent-response.js';
