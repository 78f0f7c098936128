/**
 * Upstream: the broker as SAML SP of the ENTs. `requestEntAuthentication` makes the signed
 * AuthnRequest that sends the browser to an ENT; `verifyEntResponse` turns its Response into an
 * UpstreamIdentity. Login transactions and the replay cache are the broker's.
 *
 * And as OpenID Connect relying party of the ENTs whose provider is an OpenID Provider:
 * `requestOidcEntAuthentication` (code flow, PKCE, state, nonce) and `verifyOidcEntCallback`
 * give the same UpstreamIdentity (with the provider's `sid`); `mode: 'passive'` sends prompt=none and
 * turns the provider's "no session" answers into ERR_OIDC_ENT_NO_SESSION. Its logouts:
 * `verifyOidcLogoutToken` (Back-Channel Logout 1.0) and `readOidcFrontChannelLogout` (Front-Channel
 * Logout 1.0) say which ENT session ended; the broker ends its sessions opened from it.
 */
export type { EntIdp, EntIdentityProviders, OidcEntRegistration, OidcEntRegistry } from './ports.js';
export type { UpstreamSettings } from './upstream-settings.js';
export {
  requestEntAuthentication, type EntAuthenticationRequest, type EntLoginMode,
} from './request-ent-authentication.js';
export {
  readEntLogoutRequest, readEntLogoutResponse, entLogoutResponse, entLogoutRequest, type EntLogoutSettings,
  type EntLogoutRequest,
} from './ent-logout.js';
export { verifyEntResponse, type VerifiedEntResponse, type EntHasNoSession } from './verify-ent-response.js';
export type { OidcUpstreamSettings } from './oidc-upstream-settings.js';
export { createOidcUpstream, type OidcUpstream } from './oidc-upstream.js';
export { oidcEntOf } from './oidc-ent-of.js';
export { oidcEnts } from './oidc-ents.js';
export { isAcceptableIdTokenAlgorithm } from './oidc-allowed-algorithms.js';
export { requestOidcEntAuthentication, type OidcEntAuthenticationRequest } from './request-oidc-ent-authentication.js';
export { verifyOidcEntCallback, type VerifiedOidcEntCallback } from './verify-oidc-ent-callback.js';
export { verifyOidcLogoutToken, type VerifiedLogoutToken } from './verify-oidc-logout-token.js';
export { readOidcFrontChannelLogout, type OidcFrontChannelLogout } from './read-oidc-front-channel-logout.js';
