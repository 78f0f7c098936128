/**
 * Upstream OIDC, step 2 (the callback): the provider's answer becomes the same UpstreamIdentity as
 * a SAML login's. The broker has already matched `state` to its login transaction (bound to this
 * browser, used once) and hands back that transaction's secret. The steps, in order:
 *
 *   1. the ENT still has this registration (same issuer and client as   sameOidcRegistration, by
 *      when the login started)                                          OidcEntLogins.verify
 *   2. the callback: state, iss (RFC 9207), error, one code            readOidcCallback
 *   3. code → tokens at the token endpoint, PKCE, claims checks        exchangeOidcCode
 *   4. the ID token's signature, algorithm and claims, by the broker   verifyOidcIdToken
 *      (at_hash, when present, against the access token of step 3)
 *   5. the ENT user id from the configured claim (userinfo if asked)   oidcEntUserId
 *   6. the provider's session `sid`, if a usable identifier (Back-   oidcIdentifier
 *      Channel Logout 1.0 §2.1): its logout ends the broker sessions opened from it
 */
import { createHash } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { UpstreamIdentity } from '../core/upstream-identity.js';
import { exchangeOidcCode } from './exchange-oidc-code.js';
import { oidcAllowedAlgorithms } from './oidc-allowed-algorithms.js';
import { oidcClientConfiguration } from './oidc-client-configuration.js';
import { oidcEntUserId } from './oidc-ent-user-id.js';
import { oidcIdentifier } from './oidc-identifier.js';
import type { OidcLoginSecret } from './oidc-login-secret.js';
import type { OidcProvider } from './oidc-provider-cache.js';
import type { OidcUpstreamSettings } from './oidc-upstream-settings.js';
import type { OidcEntRegistration } from './ports.js';
import { readOidcCallback } from './read-oidc-callback.js';
import { verifyOidcIdToken } from './verify-oidc-id-token.js';

export interface VerifiedOidcEntCallback {
  readonly identity: UpstreamIdentity;
  /** The provider and code answered: a second acceptance of the same code must be refused. */
  readonly replayKey: string;
  /** Until when the replay key must be remembered. */
  readonly usableUntil: Date;
}

// RFC 6749 §4.1.2: a code lives 10 minutes at most; the key outlives the ID token as well.
const maxCodeSeconds = 600;

/** Steps 2 to 6, for the registration step 1 found (discovered as `provider`). */
export async function verifyOidcEntCallback(
  registration: OidcEntRegistration,
  provider: OidcProvider,
  settings: OidcUpstreamSettings,
  callbackUrl: URL,
  secret: OidcLoginSecret,
  now: Date,
): Promise<VerifiedOidcEntCallback> {
  const { entId } = registration;
  const code = readOidcCallback(callbackUrl, secret, provider.server);
  const configuration = oidcClientConfiguration(provider, registration, settings, now);
  const tokens = await exchangeOidcCode(configuration, entId, settings.redirectUri, callbackUrl, secret);
  const claims = await verifyOidcIdToken(
    tokens.id_token,
    provider,
    {
      entId,
      issuer: registration.issuer,
      clientId: registration.clientId,
      now,
      skewSeconds: settings.skewSeconds,
      algorithms: oidcAllowedAlgorithms(registration, settings.defaultAlgorithms),
      accessToken: tokens.access_token,
    },
    secret,
  );
  const entUserId = await oidcEntUserId(configuration, registration, claims, tokens.access_token);
  const skewMs = settings.skewSeconds * 1000;
  const sid = oidcIdentifier(claims['sid']);
  return {
    identity: {
      entId,
      entUserId,
      issuer: registration.issuer,
      authnInstant: authnInstantOf(claims),
      ...(sid === undefined ? {} : { entSession: { sid } }),
    },
    replayKey: `oidc:${registration.issuer}#${createHash('sha256').update(code, 'utf8').digest('base64url')}`,
    usableUntil: new Date(Math.max((claims.exp as number) * 1000, now.getTime() + maxCodeSeconds * 1000) + skewMs),
  };
}

/** OIDC Core §2: auth_time is when the user authenticated; without it, when the token was issued. */
function authnInstantOf(claims: JWTPayload): Date {
  const authTime = claims['auth_time'];
  return new Date(
    (typeof authTime === 'number' && Number.isFinite(authTime) ? authTime : (claims.iat as number)) * 1000,
  );
}
