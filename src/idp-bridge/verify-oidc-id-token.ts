/**
 * The ID token's signature, verified by the broker itself (openid-client does not, see
 * exchangeOidcCode), and its claims checked again on the verified payload, which is the only one
 * used afterwards (OIDC Core §3.1.3.7):
 * - item 6–8: `alg` in the allow-list (never `none` nor HMAC), signature by a key of the
 *   provider's JWKS (jose fetches it again when the key id is unknown);
 * - item 2: `iss` is exactly the registered issuer; items 3–5: `aud` holds the client id, and
 *   `azp`, when present or when there are several audiences, is the client id;
 * - items 9–10: `exp` not passed and `iat` not in the future, with the configured skew;
 * - item 11: `nonce` is the login's;
 * - item 13 (after prompt=login): `auth_time` says the user authenticated after the login began,
 *   so a provider that ignored prompt=login, or sent no auth_time, cannot pass an old
 *   authentication off as the new one a publisher demanded;
 * - §3.1.3.8: `at_hash`, optional on the code flow, is checked when present: the access token of
 *   the same token response (the one userinfo is read with) must be the one the provider signed
 *   for, so a token swapped in transit or by a mixed-up response is refused.
 */
import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { fail } from '../core/fail.js';
import type { BrokerError } from '../core/broker-error.js';
import { isProviderUnavailable } from './is-provider-unavailable.js';
import type { OidcLoginSecret } from './oidc-login-secret.js';
import type { OidcProvider } from './oidc-provider-cache.js';
import { oidcTokenHash } from './oidc-token-hash.js';

export interface IdTokenExpectations {
  readonly entId: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly algorithms: readonly string[];
  readonly now: Date;
  readonly skewSeconds: number;
  /** The access token of the same token response: the ID token's `at_hash`, when present, must be its hash. */
  readonly accessToken: string;
}

export async function verifyOidcIdToken(
  idToken: string,
  provider: OidcProvider,
  expected: IdTokenExpectations,
  secret: OidcLoginSecret,
): Promise<JWTPayload & { readonly sub: string }> {
  const alg = headerAlgorithm(idToken, expected.entId);
  if (!expected.algorithms.includes(alg)) throw invalid(expected.entId, `alg ${alg} not in the allowed list`);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, provider.keys, {
      algorithms: [...expected.algorithms],
      issuer: expected.issuer,
      audience: expected.clientId,
      currentDate: expected.now,
      clockTolerance: expected.skewSeconds,
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
    }));
  } catch (error) {
    throw joseFailure(error, expected.entId);
  }
  checkAuthorizedParty(payload, expected);
  if ((payload.iat as number) > expected.now.getTime() / 1000 + expected.skewSeconds)
    throw invalid(expected.entId, 'iat in the future');
  if (typeof payload.sub !== 'string' || payload.sub === '') throw invalid(expected.entId, 'sub missing');
  if (payload['nonce'] === undefined) throw invalid(expected.entId, 'nonce missing');
  if (payload['nonce'] !== secret.nonce) {
    throw fail(
      'ERR_OIDC_ENT_NONCE_MISMATCH',
      "L'ENT a renvoyé une réponse qui n'est pas celle de cette connexion ; recommencez depuis l'ENT.",
      `entId=${expected.entId}: ID token nonce is not the login's`,
    );
  }
  checkFreshAuthentication(payload, expected, secret);
  checkAccessTokenHash(payload, alg, expected);
  return payload as JWTPayload & { readonly sub: string };
}

function checkFreshAuthentication(payload: JWTPayload, expected: IdTokenExpectations, secret: OidcLoginSecret): void {
  if (secret.authenticatedAfter === undefined) return;
  const authTime = payload['auth_time'];
  if (typeof authTime !== 'number' || authTime < secret.authenticatedAfter - expected.skewSeconds) {
    throw fail(
      'ERR_OIDC_ENT_AUTHENTICATION_STALE',
      "L'ENT n'a pas demandé à l'utilisateur de s'authentifier à nouveau ; recommencez depuis l'ENT.",
      `entId=${expected.entId}: prompt=login sent, auth_time `
        + `${typeof authTime === 'number' ? 'before the login began' : 'absent'}`,
    );
  }
}

function checkAccessTokenHash(payload: JWTPayload, alg: string, expected: IdTokenExpectations): void {
  const claimed = payload['at_hash'];
  if (claimed === undefined) return;
  const actual = oidcTokenHash(expected.accessToken, alg);
  if (typeof claimed === 'string' && actual !== undefined && claimed === actual) return;
  const why = actual === undefined ? `has no known hash for alg ${alg}` : 'is not the hash of the access token';
  throw fail(
    'ERR_OIDC_ENT_AT_HASH_MISMATCH',
    "L'ENT a renvoyé un jeton d'accès qui ne correspond pas à son jeton d'identité ; recommencez depuis l'ENT.",
    `entId=${expected.entId}: at_hash ${why}`,
  );
}

function headerAlgorithm(idToken: string, entId: string): string {
  try {
    const { alg } = decodeProtectedHeader(idToken);
    if (typeof alg === 'string') return alg;
  } catch {
    // Not a JWS (or an encrypted JWT the broker never asked for): refused below.
  }
  throw invalid(entId, 'ID token header unreadable or without alg');
}

function checkAuthorizedParty(payload: JWTPayload, expected: IdTokenExpectations): void {
  const several = Array.isArray(payload.aud) && payload.aud.length > 1;
  if ((several || payload['azp'] !== undefined) && payload['azp'] !== expected.clientId) {
    throw invalid(expected.entId, several ? 'several audiences and azp is not the client' : 'azp is not the client');
  }
}

/** A key set that cannot be fetched is the provider's unavailability; any other jose failure is the token's. */
function joseFailure(error: unknown, entId: string): BrokerError {
  if (isProviderUnavailable(error)) {
    return fail(
      'ERR_OIDC_ENT_UNREACHABLE',
      "Le service d'authentification de l'ENT ne répond pas ; réessayez plus tard.",
      `entId=${entId} jwks: ${(error as Error).message}`,
    );
  }
  const joseError = error as errors.JOSEError; // isProviderUnavailable is true of anything else
  const claim = joseError instanceof errors.JWTClaimValidationFailed ? ` (${joseError.claim})` : '';
  return invalid(entId, `${joseError.code}${claim}: ${joseError.message}`);
}

function invalid(entId: string, detail: string): BrokerError {
  return fail(
    'ERR_OIDC_ENT_ID_TOKEN_INVALID',
    "L'ENT a renvoyé une réponse invalide ; recommencez depuis l'ENT.",
    `entId=${entId} id_token: ${detail}`,
  );
}
