/**
 * What must be read of a back-channel logout token before its signature can be checked: which
 * registration it claims to be for (`iss`, `aud`) and how it says it is signed (`alg`). Nothing read
 * here is trusted: it only chooses the key set and the expectations the token is then verified
 * against, and may refuse it sooner.
 * - its size, before any decoding: a provider, or anyone who can reach the endpoint, could post
 *   a token of any size (16 KiB is ample for a JWS of a few claims);
 * - a JWS in compact form (RFC 7515 §7.1): an encrypted token is refused, the broker registers
 *   no encryption key with the providers;
 * - `typ`, when present, is `logout+jwt` (Back-Channel Logout 1.0 §2.4, RFC 8725 §3.11): another
 *   kind of JWT of the same provider cannot be replayed here as a logout token.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { logoutTokenRefused } from './logout-token-refused.js';

export interface UnverifiedLogoutToken {
  readonly alg: string;
  readonly iss: string;
  readonly aud: readonly string[];
}

export const maxLogoutTokenLength = 16 * 1024;

export function readUnverifiedLogoutToken(token: string): UnverifiedLogoutToken {
  if (token.length > maxLogoutTokenLength) {
    throw logoutTokenRefused('ERR_OIDC_ENT_LOGOUT_TOKEN_TOO_LARGE', `${token.length} characters`);
  }
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token);
    payload = decodeJwt(token);
  } catch {
    throw logoutTokenRefused('ERR_OIDC_ENT_LOGOUT_TOKEN_MALFORMED', 'not a compact JWS of a JSON header and claims');
  }
  const { alg, typ } = header;
  if (typeof alg !== 'string') throw logoutTokenRefused('ERR_OIDC_ENT_LOGOUT_TOKEN_MALFORMED', 'no alg header');
  if (typ !== undefined && (typeof typ !== 'string' || !/^(application\/)?logout\+jwt$/i.test(typ))) {
    throw logoutTokenRefused('ERR_OIDC_ENT_LOGOUT_TOKEN_TYPE', 'typ header is not logout+jwt');
  }
  const { iss, aud } = payload;
  if (typeof iss !== 'string') throw logoutTokenRefused('ERR_OIDC_ENT_LOGOUT_TOKEN_ISSUER_UNKNOWN', 'no iss');
  return { alg, iss, aud: [aud].flat().filter((value): value is string => typeof value === 'string') };
}
