/**
 * The end of broker sessions, whatever ended them (an ENT's logout, a passive check that found
 * another person or none, a fresh login in the same browser, CAS or OIDC logout): every publisher
 * that received something in them is told, once.
 *
 * | who                     | how                                                   | when                  |
 * |-------------------------|-------------------------------------------------------|-----------------------|
 * | CAS services            | back channel: LogoutRequest, SessionIndex = ticket (CAS 3.0 §2.3.3) | now, in parallel |
 * | OIDC clients            | back channel: logout token (Back-Channel Logout 1.0)  | now, in parallel      |
 * | SAML service providers  | front channel: LogoutRequest through the browser, in turn     | when a browser is there |
 * |                         | (logout-run.ts)                                               |                       |
 *
 * Rows are taken from the store as they are read, so a second end of the same session tells no
 * one twice, and two nodes never tell the same publisher.
 */
import { openLogoutRun } from './logout-run.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { CookieChange, LoginOutcome } from './login-outcome.js';
import type { LogoutContinuation } from './ports.js';
import { sendTicketLogouts } from './send-ticket-logouts.js';

/** Tells the back channels (CAS, OIDC) of sessions already revoked. Never throws for a publisher's failure. */
export async function notifyBackChannels(
  deps: LoginDeps,
  ctx: LoginContext,
  sessionHashes: readonly string[],
): Promise<void> {
  if (sessionHashes.length === 0) return;
  const { cas } = deps;
  const tickets =
    cas === undefined ? [] : (await Promise.all(sessionHashes.map((h) => cas.tickets.takeOfSession(h)))).flat();
  const oidc = deps.oidcBackchannel === undefined ? [] : await deps.participants.take(sessionHashes, 'oidc');
  await Promise.all([
    cas === undefined ? undefined : sendTicketLogouts(cas, tickets, ctx.now),
    oidc.length === 0 ? undefined : deps.oidcBackchannel?.(oidc),
  ]);
  ctx.log.info({
    event: 'logout.back_channel_sent',
    sessions: sessionHashes.length,
    casTickets: tickets.length,
    oidcClients: oidc.length,
  });
}

/**
 * Sessions already revoked: their back channels now, then their SAML publishers through this
 * browser, then `then`. `cookies` go with the first answer (the session cookie cleared, say).
 */
export async function endSessions(
  deps: LoginDeps,
  ctx: LoginContext,
  sessionHashes: readonly string[],
  then: LogoutContinuation,
  cookies: readonly CookieChange[],
): Promise<LoginOutcome> {
  await notifyBackChannels(deps, ctx, sessionHashes);
  return throughSamlPublishers(deps, ctx, sessionHashes, then, cookies);
}

/** The SAML publishers of these sessions told through the browser (if any), then `then`. */
export async function throughSamlPublishers(
  deps: LoginDeps,
  ctx: LoginContext,
  sessionHashes: readonly string[],
  then: LogoutContinuation,
  cookies: readonly CookieChange[],
): Promise<LoginOutcome> {
  const saml = (await deps.participants.take(sessionHashes, 'saml')).filter((p) => p.kind === 'saml');
  if (saml.length === 0) return continueWith(then, cookies);
  const location = await openLogoutRun(deps, ctx, saml, then);
  return { kind: 'redirect', location, cookies };
}

/** A continuation as the answer to send now. */
export function continueWith(then: LogoutContinuation, cookies: readonly CookieChange[]): LoginOutcome {
  switch (then.kind) {
    case 'redirect':
      return { kind: 'redirect', location: then.location, cookies };
    case 'post':
      return { kind: 'post', post: { action: then.action, fields: then.fields }, cookies };
    default:
      return { kind: 'logged-out', cookies };
  }
}

/** What to do after a logout instead of answering `outcome` right away: `outcome` itself, later. */
export function continuationOf(outcome: LoginOutcome): LogoutContinuation {
  if (outcome.kind === 'redirect') return { kind: 'redirect', location: outcome.location };
  if (outcome.kind === 'post') return { kind: 'post', action: outcome.post.action, fields: outcome.post.fields };
  return { kind: 'page' };
}
