import type { BrokerError } from '../core/broker-error.js';
import type { ErrorCode } from '../core/error-codes.js';
import { fail } from '../core/fail.js';

export type LogoutTokenRefusal = Extract<ErrorCode, `ERR_OIDC_ENT_LOGOUT_TOKEN_${string}`>;

/**
 * A back-channel logout token refused. The provider gets a 400 (Back-Channel Logout 1.0 §2.8), so
 * the public message is for its operators; the detail (logged) names the check, never a claim value.
 */
export function logoutTokenRefused(code: LogoutTokenRefusal, detail: string): BrokerError {
  return fail(code, 'Jeton de déconnexion (logout_token) refusé.', `logout_token: ${detail}`);
}
