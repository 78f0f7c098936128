/**
 * OpenID Connect Back-Channel Logout 1.0, the relying party's side (§2.6): a logout token an ENT
 * provider posted becomes the ENT session it ends. The steps, in order:
 *
 *   1. size, JWS form, `typ`, and the unverified iss, aud, alg             readUnverifiedLogoutToken
 *   2. the registrations of that issuer and client admitting that alg      logoutTokenRegistrations
 *   3. the signature by a key of the provider's JWKS (fetched again for an unknown key id, as for
 *      ID tokens), `iss` exactly, `aud` holding the client id, `exp` when present   jose jwtVerify
 *   4. iat, sid and/or sub, events, no nonce, jti                          checkLogoutTokenClaims
 *
 * No HTTP here: the route reads the form's `logout_token`; the broker calls this (through
 * `OidcEntLogins.verifyLogoutToken`), refuses a second token of the same `issuer` and `jti` with its
 * replay cache until `usableUntil` (§2.6 item 7), ends the broker sessions the token names, and the
 * route answers 200, or 400 for a refused token (§2.8).
 */
import { errors, jwtVerify, type JWTPayload } from 'jose';
import type { BrokerError } from '../core/broker-error.js';
import { fail } from '../core/fail.js';
import { checkLogoutTokenClaims } from './check-logout-token-claims.js';
import { isProviderUnavailable } from './is-provider-unavailable.js';
import { logoutTokenRefused, type LogoutTokenRefusal } from './logout-token-refused.js';
import { logoutTokenRegistrations } from './logout-token-registrations.js';
import { oidcAllowedAlgorithms } from './oidc-allowed-algorithms.js';
import type { OidcProviderCache } from './oidc-provider-cache.js';
import type { OidcUpstreamSettings } from './oidc-upstream-settings.js';
import type { OidcEntRegistry } from './ports.js';
import { readUnverifiedLogoutToken } from './read-unverified-logout-token.js';

export interface VerifiedLogoutToken {
  /** The ENT project whose registration verified the token. */
  readonly entId: string;
  /** Every ENT project registered with this provider and client (entId first): the logout is for each. */
  readonly entIds: readonly string[];
  readonly issuer: string;
  /** The provider's subject. */
  readonly sub?: string;
  /** `sub` as the ENT user id (a broker session's person), when each of `entIds` takes the user id from `sub`. */
  readonly entUserId?: string;
  /** The provider's session, as in the ID tokens of its logins (UpstreamIdentity.entSession.sid). */
  readonly sid?: string;
  readonly jti: string;
  readonly iat: Date;
  /** Until when the token could be accepted: its replay-cache entry lives this long. */
  readonly usableUntil: Date;
}

export async function verifyOidcLogoutToken(
  registry: OidcEntRegistry,
  providers: OidcProviderCache,
  settings: OidcUpstreamSettings,
  logoutToken: string,
  now: Date,
): Promise<VerifiedLogoutToken> {
  const unverified = readUnverifiedLogoutToken(logoutToken);
  const registrations = logoutTokenRegistrations(await registry.list(), unverified, settings.defaultAlgorithms);
  const [registration] = registrations;
  const provider = await providers.of(registration);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(logoutToken, provider.keys, {
      algorithms: [...oidcAllowedAlgorithms(registration, settings.defaultAlgorithms)],
      issuer: registration.issuer,
      audience: registration.clientId,
      currentDate: now,
      clockTolerance: settings.skewSeconds,
    }));
  } catch (error) {
    throw joseFailure(error, registration.entId);
  }
  const claims = checkLogoutTokenClaims(payload, now, settings.skewSeconds);
  const subIsUserId = claims.sub !== undefined && registrations.every((r) => r.userIdClaim === 'sub');
  return {
    entId: registration.entId,
    entIds: registrations.map((r) => r.entId),
    issuer: registration.issuer,
    ...claims,
    ...(subIsUserId ? { entUserId: claims.sub } : {}),
  };
}

const claimFailures = new Map<string, LogoutTokenRefusal>([
  ['iss', 'ERR_OIDC_ENT_LOGOUT_TOKEN_ISSUER_UNKNOWN'],
  ['aud', 'ERR_OIDC_ENT_LOGOUT_TOKEN_AUDIENCE'],
  ['exp', 'ERR_OIDC_ENT_LOGOUT_TOKEN_EXPIRED'],
  ['iat', 'ERR_OIDC_ENT_LOGOUT_TOKEN_IAT'],
  ['nbf', 'ERR_OIDC_ENT_LOGOUT_TOKEN_IAT'],
]);

/** The jose check that failed, as its own code; a key set that cannot be fetched is the provider's unavailability. */
function joseFailure(error: unknown, entId: string): BrokerError {
  if (isProviderUnavailable(error)) {
    const message = "Le service d'authentification de l'ENT ne répond pas ; réessayez plus tard.";
    return fail('ERR_OIDC_ENT_UNREACHABLE', message, `entId=${entId} jwks: ${(error as Error).message}`);
  }
  const joseError = error as errors.JOSEError; // isProviderUnavailable is true of anything else
  const detail = `entId=${entId} ${joseError.code}: ${joseError.message}`;
  if (joseError instanceof errors.JWTExpired) return logoutTokenRefused('ERR_OIDC_ENT_LOGOUT_TOKEN_EXPIRED', detail);
  if (joseError instanceof errors.JWTInvalid) return logoutTokenRefused('ERR_OIDC_ENT_LOGOUT_TOKEN_MALFORMED', detail);
  if (!(joseError instanceof errors.JWTClaimValidationFailed)) {
    return logoutTokenRefused('ERR_OIDC_ENT_LOGOUT_TOKEN_SIGNATURE', detail);
  }
  return logoutTokenRefused(claimFailures.get(joseError.claim) ?? 'ERR_OIDC_ENT_LOGOUT_TOKEN_MALFORMED', detail);
}
