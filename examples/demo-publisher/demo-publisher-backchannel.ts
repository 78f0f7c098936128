/**
 * The demo publisher's check of the broker's back-channel logout token (OpenID Connect
 * Back-Channel Logout 1.0 §2.6), with jose against the broker's JWKS (its discovery document's
 * `jwks_uri`):
 *
 * | check                                                   | why (§2.4, §2.6)                          |
 * |---------------------------------------------------------|-------------------------------------------|
 * | signed by a key of the JWKS, an algorithm announced     | only the broker ends sessions             |
 * | header `typ` = `logout+jwt` (explicit typing, §2.4)      | no other JWT of the broker taken for this |
 * | `iss` = the issuer, `aud` contains our client id        | for us, from our provider                 |
 * | `iat` recent, `exp` not passed                          | a token kept aside is not used later      |
 * | `events` has the back-channel logout member (an object) | not an ID token                           |
 * | `sid` or `sub` present                                  | names what to end                         |
 * | no `nonce`                                              | an ID token has one                       |
 * | `jti` present, not seen before                          | replay                                    |
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { OidcProviderKeys } from './demo-publisher-oidc.js';
import { definedFields } from '../../src/core/defined-fields.js';

export interface LogoutTokenNames {
  readonly sid?: string;
  readonly sub?: string;
}

export type LogoutTokenVerifier = (token: string) => Promise<LogoutTokenNames>;

const logoutEvent = 'http://schemas.openid.net/event/backchannel-logout';
/** How old a logout token may be (its `iat`), and the clock skew allowed. */
const maxAge = '5 minutes';
const clockTolerance = '30 seconds';
const maxSeen = 1000;

export function createLogoutTokenVerifier(
  provider: () => Promise<OidcProviderKeys>,
  clientId: string,
): LogoutTokenVerifier {
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  const seen = new Set<string>();
  return async (token) => {
    const { issuer, jwksUri, algorithms } = await provider();
    const keys = keySets.get(jwksUri) ?? createRemoteJWKSet(new URL(jwksUri));
    keySets.set(jwksUri, keys);
    const { payload } = await jwtVerify(token, keys, {
      issuer,
      audience: clientId,
      algorithms: [...algorithms],
      typ: 'logout+jwt',
      maxTokenAge: maxAge,
      clockTolerance,
      requiredClaims: ['iat', 'exp', 'jti'],
    });
    const events = payload['events'];
    const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
    const member = isObject(events) ? events[logoutEvent] : undefined;
    if (!isObject(member)) throw new Error('no back-channel logout event');
    if ('nonce' in payload) throw new Error('a nonce: not a logout token');
    const sid = typeof payload['sid'] === 'string' ? payload['sid'] : undefined;
    const sub = typeof payload.sub === 'string' ? payload.sub : undefined;
    if (sid === undefined && sub === undefined) throw new Error('neither sid nor sub');
    const jti = String(payload.jti);
    if (seen.has(jti)) throw new Error('jti already seen');
    if (seen.size >= maxSeen) seen.clear();
    seen.add(jti);
    return { ...definedFields({ sid, sub }) };
  };
}
