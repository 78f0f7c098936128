/**
 * Sends one back-channel logout (CAS protocol 3.0 §2.3.3): a POST of the form field
 * `logoutRequest` to the service's logout URL. Best effort, as the protocol says: the user's
 * logout never waits longer than the timeout and never fails because a service did; a failure is
 * logged (the service's origin, never the ticket) and not retried. Redirects are not followed: the
 * address is the registered one, and a redirect could carry the ticket elsewhere.
 */
import type { Logger } from '../core/logger.js';
import { casLogoutRequest } from './cas-logout-request.js';

export interface CasLogoutSenderOptions {
  readonly timeoutMs: number;
  readonly logger: Logger;
}

/** Resolves once the service answered, failed or timed out; never rejects. */
export type CasLogoutSender = (logoutUrl: string, ticket: string, now: Date) => Promise<void>;

export function createCasLogoutSender(options: CasLogoutSenderOptions): CasLogoutSender {
  return async (logoutUrl, ticket, now) => {
    const origin = originOf(logoutUrl);
    try {
      const response = await fetch(logoutUrl, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logoutRequest: casLogoutRequest(ticket, now) }).toString(),
      });
      await response.body?.cancel();
      if (response.status >= 200 && response.status < 300)
        options.logger.info({ event: 'cas.logout_sent', service: origin });
      else options.logger.warn({ event: 'cas.logout_failed', service: origin, status: response.status });
    } catch (error) {
      options.logger.warn({
        event: 'cas.logout_failed',
        service: origin,
        reason: error instanceof Error ? error.name : 'error',
      });
    }
  };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid-url';
  }
}
