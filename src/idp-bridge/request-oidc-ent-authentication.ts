/**
 * Upstream OIDC, step 1: the authorization request (code flow) that sends the browser to the ENT
 * provider. PKCE S256 (RFC 7636 §4.2), a random `state` (RFC 6749 §10.12) and `nonce` (OIDC Core
 * §3.1.2.1), 256 bits each. The broker records the login transaction under `requestId` (= state)
 * with `secret`, then redirects.
 */
import {
  buildAuthorizationUrl,
  calculatePKCECodeChallenge,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
} from 'openid-client';
import { oidcClientConfiguration } from './oidc-client-configuration.js';
import { writeOidcLoginSecret } from './oidc-login-secret.js';
import type { OidcProvider } from './oidc-provider-cache.js';
import type { OidcUpstreamSettings } from './oidc-upstream-settings.js';
import type { OidcEntRegistration } from './ports.js';
import type { EntLoginMode } from './request-ent-authentication.js';

export interface OidcEntAuthenticationRequest {
  readonly entId: string;
  /** The `state` sent: the callback's `state`, under which the broker keeps the login transaction. */
  readonly requestId: string;
  readonly redirectUrl: string;
  /** Opaque: kept by the broker in the login transaction, handed back to `OidcEntLogins.verify`. */
  readonly secret: string;
}

/**
 * The mode as `prompt` (OIDC Core §3.1.2.1): `force` is prompt=login (authenticate the user again,
 * SAML's ForceAuthn), `passive` prompt=none (answer from the provider's session or say it has none,
 * never show a page: SAML's IsPassive); `normal` lets the provider's session answer.
 */
const prompts = { normal: {}, force: { prompt: 'login' }, passive: { prompt: 'none' } } as const;

/** The request to the provider of `registration`, discovered as `provider`. */
export async function requestOidcEntAuthentication(
  registration: OidcEntRegistration,
  provider: OidcProvider,
  settings: OidcUpstreamSettings,
  now: Date,
  mode: EntLoginMode,
): Promise<OidcEntAuthenticationRequest> {
  const configuration = oidcClientConfiguration(provider, registration, settings, now);
  const state = randomState();
  const nonce = randomNonce();
  const codeVerifier = randomPKCECodeVerifier();
  const redirectUrl = buildAuthorizationUrl(configuration, {
    redirect_uri: settings.redirectUri,
    scope: registration.scope,
    state,
    nonce,
    code_challenge: await calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ...prompts[mode],
  });
  return {
    entId: registration.entId,
    requestId: state,
    redirectUrl: redirectUrl.href,
    secret: writeOidcLoginSecret({
      issuer: registration.issuer,
      clientId: registration.clientId,
      state,
      nonce,
      codeVerifier,
      ...(mode === 'force' ? { authenticatedAfter: Math.floor(now.getTime() / 1000) } : {}),
      ...(mode === 'passive' ? { passive: true } : {}),
    }),
  };
}
