/**
 * Upstream: the broker as SAML SP of the ENTs. `requestEntAuthentication` makes the signed
 * AuthnRequest that sends the browser to an ENT; `verifyEntResponse` turns its Response into an
 * UpstreamIdentity. Login transactions and the replay cache are the broker's.
 *
 * An unsolicited (IdP-initiated) Response is accepted only when the caller says so: the console's ACS.
 *
 * And as OpenID Connect relying party of the ENTs whose provider is an OpenID Provider, one object,
 * `createOidcEntLogins`: `request` (code flow, PKCE, state, nonce) and `verify` give the same
 * UpstreamIdentity (with the provider's `sid`); `mode: 'passive'` sends prompt=none and turns the
 * provider's "no session" answers into ERR_OIDC_ENT_NO_SESSION. Its logouts: `verifyLogoutToken`
 * (Back-Channel Logout 1.0) and `readFrontChannel` (Front-Channel Logout 1.0) say which ENT session
 * ended; the broker ends its sessions opened from it.
 */
export type { EntIdp, EntIdentityProviders, OidcEntRegistration, OidcEntRegistry } from './ports.js';
export type { UpstreamSettings } from './upstream-settings.js';
export {
  requestEntAuthentication,
  type EntAuthenticationRequest,
  type EntLoginMode,
} from './request-ent-authentication.js';
export {
  readEntLogoutRequest,
  readEntLogoutResponse,
  entLogoutResponse,
  entLogoutRequest,
  type EntLogoutSettings,
  type EntLogoutRequest,
} from './ent-logout.js';
export {
  verifyEntResponse,
  type VerifiedEntResponse,
  type VerifiedAnyEntResponse,
  type EntHasNoSession,
  type EntResponseOptions,
} from './verify-ent-response.js';
export type { OidcUpstreamSettings } from './oidc-upstream-settings.js';
export { createOidcEntLogins, type OidcEntLogins } from './oidc-ent-logins.js';
export { isAcceptableIdTokenAlgorithm } from './oidc-allowed-algorithms.js';
export type { OidcEntAuthenticationRequest } from './request-oidc-ent-authentication.js';
export type { VerifiedOidcEntCallback } from './verify-oidc-ent-callback.js';
export type { VerifiedLogoutToken } from './verify-oidc-logout-token.js';
export type { OidcFrontChannelLogout } from './read-oidc-front-channel-logout.js';
