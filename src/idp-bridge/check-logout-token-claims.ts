/**
 * The claims of a back-channel logout token whose signature, `iss`, `aud` and `exp` (when present)
 * jose has verified, checked as Back-Channel Logout 1.0 §2.4 and §2.6 say, in the order of §2.6:
 * - item 3: `iat` present, not in the future, not older than `maxLogoutTokenAgeSeconds` (skew aside);
 * - item 4: `sid`, `sub`, or both: the provider's session, its user;
 * - item 5: `events` an object whose member `http://schemas.openid.net/event/backchannel-logout`
 *   is an object;
 * - item 6: no `nonce`: an ID token (the broker always asks for one with a nonce) is not a logout
 *   token;
 * - item 7: `jti` present, so that the broker can refuse a second token of the same issuer and `jti`.
 */
import type { JWTPayload } from 'jose';
import type { BrokerError } from '../core/broker-error.js';
import { logoutTokenRefused } from './logout-token-refused.js';
import { oidcIdentifier } from './oidc-identifier.js';
import { definedFields } from '../core/defined-fields.js';

/**
 * The spec does not require `exp` (providers may omit it; its §4 only asks them for short
 * lifetimes, at most two minutes), so the broker bounds the age itself: without a bound, a captured
 * token would stay acceptable for ever, and its `jti` would have to be remembered for ever. Five
 * minutes leave room for a provider's retries after a failed delivery.
 */
export const maxLogoutTokenAgeSeconds = 300;

export interface LogoutTokenClaims {
  readonly sub?: string;
  readonly sid?: string;
  readonly jti: string;
  readonly iat: Date;
  /** Until when this token could be accepted (iat bound, exp when earlier, each with the skew). */
  readonly usableUntil: Date;
}

const logoutEvent = 'http://schemas.openid.net/event/backchannel-logout';

export function checkLogoutTokenClaims(payload: JWTPayload, now: Date, skewSeconds: number): LogoutTokenClaims {
  const nowSeconds = now.getTime() / 1000;
  const { iat, exp } = payload;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw refused('IAT', 'iat missing');
  if (iat > nowSeconds + skewSeconds) throw refused('IAT', 'iat in the future');
  if (iat < nowSeconds - maxLogoutTokenAgeSeconds - skewSeconds) {
    throw refused('IAT', `issued more than ${maxLogoutTokenAgeSeconds} s ago`);
  }
  const sid = oidcIdentifier(payload['sid']);
  const sub = oidcIdentifier(payload.sub);
  if ((payload['sid'] !== undefined && sid === undefined) || (payload.sub !== undefined && sub === undefined)) {
    throw refused('SUBJECT', 'sid or sub is not an identifier');
  }
  if (sid === undefined && sub === undefined) throw refused('SUBJECT', 'neither sid nor sub');
  if (!isObject(payload['events']) || !isObject(payload['events'][logoutEvent])) {
    throw refused('EVENTS', 'no back-channel logout event object');
  }
  if (payload['nonce'] !== undefined) throw refused('NONCE', 'nonce present');
  const jti = oidcIdentifier(payload.jti);
  if (jti === undefined) throw refused('JTI', 'jti missing or not an identifier');
  const lastSecond = Math.min(iat + maxLogoutTokenAgeSeconds, typeof exp === 'number' ? exp : Infinity) + skewSeconds;
  return {
    ...definedFields({ sub, sid }),
    jti,
    iat: new Date(iat * 1000),
    usableUntil: new Date(lastSecond * 1000),
  };
}

function refused(reason: 'IAT' | 'SUBJECT' | 'EVENTS' | 'NONCE' | 'JTI', detail: string): BrokerError {
  return logoutTokenRefused(`ERR_OIDC_ENT_LOGOUT_TOKEN_${reason}`, detail);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
