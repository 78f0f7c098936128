/**
 * The broker as OpenID Connect relying party of the ENT projects that registered a provider, as
 * one object: everything the login flow asks of an OIDC ENT, from the ENT choice to its logouts.
 * The registrations are operational data, read from the store at each call (one primary-key read
 * to start a login), so one added or removed with the CLI applies to the next login; each
 * provider's discovery document and JWKS are this process's cache (oidc-provider-cache.ts).
 */
import { createOidcProviderCache } from './oidc-provider-cache.js';
import { readOidcLoginSecret } from './oidc-login-secret.js';
import type { OidcUpstreamSettings } from './oidc-upstream-settings.js';
import type { OidcEntRegistry } from './ports.js';
import { readOidcFrontChannelLogout, type OidcFrontChannelLogout } from './read-oidc-front-channel-logout.js';
import type { EntLoginMode } from './request-ent-authentication.js';
import { requestOidcEntAuthentication, type OidcEntAuthenticationRequest } from './request-oidc-ent-authentication.js';
import { sameOidcRegistration } from './same-oidc-registration.js';
import { verifyOidcEntCallback, type VerifiedOidcEntCallback } from './verify-oidc-ent-callback.js';
import { verifyOidcLogoutToken, type VerifiedLogoutToken } from './verify-oidc-logout-token.js';

export interface OidcEntLogins {
  /** The ENT projects that log in through OIDC (for the discovery page). */
  ents(): Promise<readonly string[]>;
  /**
   * Undefined when the ENT project has no OIDC registration (it is then a SAML one, or unknown);
   * ERR_OIDC_ENT_DISCOVERY when its provider cannot be used. `force`: prompt=login; `passive`:
   * prompt=none, and `verify` then throws ERR_OIDC_ENT_NO_SESSION when the provider has no session.
   */
  request(entId: string, now: Date, mode?: EntLoginMode): Promise<OidcEntAuthenticationRequest | undefined>;
  /**
   * The callback (verify-oidc-ent-callback.ts lists its steps): `callbackUrl` is the broker's
   * redirect URI with the query received, `secret` the one `request` returned. Throws the
   * ERR_OIDC_ENT_* codes.
   */
  verify(entId: string, callbackUrl: URL, secret: string, now: Date): Promise<VerifiedOidcEntCallback>;
  /**
   * A Back-Channel Logout 1.0 logout token (verify-oidc-logout-token.ts lists its checks); throws
   * the ERR_OIDC_ENT_LOGOUT_TOKEN_* codes.
   */
  verifyLogoutToken(logoutToken: string, now: Date): Promise<VerifiedLogoutToken>;
  /** A Front-Channel Logout 1.0 request's `iss` and `sid`, checked against the registered providers. */
  readFrontChannel(query: { readonly iss?: string; readonly sid?: string }): Promise<OidcFrontChannelLogout>;
}

export function createOidcEntLogins(registry: OidcEntRegistry, settings: OidcUpstreamSettings): OidcEntLogins {
  const providers = createOidcProviderCache(settings);
  return {
    ents: async () => (await registry.list()).map((registration) => registration.entId),
    async request(entId, now, mode = 'normal') {
      const registration = await registry.find(entId);
      if (registration === undefined) return undefined;
      return requestOidcEntAuthentication(registration, await providers.of(registration), settings, now, mode);
    },
    async verify(entId, callbackUrl, secretText, now) {
      const secret = readOidcLoginSecret(secretText);
      const registration = sameOidcRegistration(await registry.find(entId), entId, secret);
      const provider = await providers.of(registration);
      return verifyOidcEntCallback(registration, provider, settings, callbackUrl, secret, now);
    },
    verifyLogoutToken: (logoutToken, now) => verifyOidcLogoutToken(registry, providers, settings, logoutToken, now),
    readFrontChannel: async (query) => readOidcFrontChannelLogout(await registry.list(), query),
  };
}
