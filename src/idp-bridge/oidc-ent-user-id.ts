/**
 * The ENT user id (the feeds' person id) from the registration's claim: in the verified ID token,
 * or in the userinfo answer when the registration says so. userinfo comes straight from the
 * provider over TLS with the access token, and openid-client checks that its `sub` is the ID
 * token's (OIDC Core §5.3.2), so a userinfo about someone else is refused.
 */
import { fetchUserInfo, type Configuration } from 'openid-client';
import { fail } from '../core/fail.js';
import { oidcExchangeFailure } from './oidc-exchange-failure.js';
import type { OidcEntRegistration } from './ports.js';

export async function oidcEntUserId(
  configuration: Configuration,
  registration: OidcEntRegistration,
  claims: Readonly<Record<string, unknown>> & { readonly sub: string },
  accessToken: string,
): Promise<string> {
  let source: Readonly<Record<string, unknown>> = claims;
  if (registration.useUserinfo) {
    try {
      source = await fetchUserInfo(configuration, accessToken, claims.sub);
    } catch (error) {
      throw oidcExchangeFailure(error, 'userinfo', registration.entId);
    }
  }
  const value = source[registration.userIdClaim];
  // A number is accepted as its decimal text: some directories hand out numeric ids.
  const text =
    typeof value === 'string'
      ? value.trim()
      : typeof value === 'number' && Number.isSafeInteger(value)
        ? String(value)
        : '';
  if (text === '') {
    throw fail(
      'ERR_OIDC_ENT_USER_ID_MISSING',
      "L'ENT n'a pas transmis l'identifiant de l'utilisateur ; contactez l'assistance de votre ENT.",
      `entId=${registration.entId}: claim ${registration.userIdClaim} `
        + `${value === undefined ? 'absent' : 'empty or not a string'} in `
        + `${registration.useUserinfo ? 'userinfo' : 'ID token'}`,
    );
  }
  return text;
}
