/**
 * The registrations a back-channel logout token is for, from its unverified `iss`, `aud` and
 * `alg` (Back-Channel Logout 1.0 §2.6): those of that issuer (exactly, as for ID tokens), whose
 * client id is an audience, and whose algorithm list admits the token's (`none` and HMAC never,
 * oidcAllowedAlgorithms). Usually one; several ENT projects registered with the same provider and
 * client all share the provider's session, and its logout is for each of them.
 */
import { logoutTokenRefused } from './logout-token-refused.js';
import { oidcAllowedAlgorithms } from './oidc-allowed-algorithms.js';
import type { OidcEntRegistration } from './ports.js';
import type { UnverifiedLogoutToken } from './read-unverified-logout-token.js';

export function logoutTokenRegistrations(
  registrations: readonly OidcEntRegistration[],
  token: UnverifiedLogoutToken,
  defaultAlgorithms: readonly string[],
): readonly [OidcEntRegistration, ...OidcEntRegistration[]] {
  const ofIssuer = registrations.filter((r) => r.issuer === token.iss);
  if (ofIssuer.length === 0) {
    throw logoutTokenRefused('ERR_OIDC_ENT_LOGOUT_TOKEN_ISSUER_UNKNOWN', 'iss of no registered OIDC ENT');
  }
  const forUs = ofIssuer.filter((r) => token.aud.includes(r.clientId));
  if (forUs.length === 0) {
    throw logoutTokenRefused('ERR_OIDC_ENT_LOGOUT_TOKEN_AUDIENCE', 'aud holds no registered client of its iss');
  }
  const [first, ...others] = forUs.filter((r) => oidcAllowedAlgorithms(r, defaultAlgorithms).includes(token.alg));
  if (first === undefined) {
    throw logoutTokenRefused('ERR_OIDC_ENT_LOGOUT_TOKEN_SIGNATURE', `alg ${printable(token.alg)} not allowed`);
  }
  return [first, ...others];
}

const printable = (value: string): string => (/^[\x20-\x7E]{1,32}$/.test(value) ? value : '?');
