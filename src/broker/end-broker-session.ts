/**
 * Logout: the broker session ends now, and every CAS service that received a ticket of it is
 * told by the back channel (CAS protocol 3.0 §2.3.3), one LogoutRequest per ticket whose
 * SessionIndex is that ticket. The tickets are taken from the store as they are read, so a
 * second logout of the same session tells no one twice. Sent in parallel and awaited: each send
 * is bounded by `cas.logoutTimeoutSeconds` and never fails the logout (send-ticket-logouts.ts).
 * Sessions that expire or are revoked elsewhere are handled by notify-ended-sessions.ts.
 */
import { cookieDigest } from './cookie-digest.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, CookieChange } from './login-outcome.js';
import { sendTicketLogouts } from './send-ticket-logouts.js';

const sessionCookiePattern = /^[A-Za-z0-9_-]{43}$/;

/** Returns the cookie changes that forget the session in this browser. */
export async function endBrokerSession(deps: LoginDeps, ctx: LoginContext, cookies: BrowserCookies): Promise<readonly CookieChange[]> {
  const clear: CookieChange[] = [{ name: 'gar_session' }, ...(cookies.intent === undefined ? [] : [{ name: 'gar_intent' as const }])];
  const value = cookies.session;
  if (value === undefined || !sessionCookiePattern.test(value)) return clear;
  const idHash = cookieDigest(value);
  await deps.sessions.revoke(idHash, ctx.now);
  const { cas } = deps;
  const tickets = cas === undefined ? [] : await cas.tickets.takeOfSession(idHash);
  if (cas !== undefined) await sendTicketLogouts(cas, tickets, ctx.now);
  ctx.log.info({ event: 'login.session_ended', casServicesNotified: tickets.length });
  return clear;
}
