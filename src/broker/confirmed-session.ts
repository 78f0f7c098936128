/**
 * The shared-computer rule: a broker session is reused for a médiacentre click or a publisher's
 * request only while the ENT still has the same person logged in in this browser. When the
 * session was last confirmed longer ago than `session.confirmSeconds` (and at every médiacentre
 * click, by default), the broker first asks the ENT without any screen (SAML IsPassive, OIDC
 * `prompt=none`); continue-after-ent.ts reads the answer:
 *
 * | the ENT answers           | the broker                                                          |
 * |---------------------------|---------------------------------------------------------------------|
 * | the same person           | confirms the session and goes on with it                            |
 * | another person            | ends the old session (with its logouts) and opens the new person's  |
 * | no session (NoPassive, `login_required`) | ends the old session (with its logouts), then a normal login |
 *
 * An ENT listed in `login.entsWithoutPassiveLogin` gets a normal request instead: silent when it
 * has a session, its login page when not; the answer is read the same way.
 */
import { beginEntLogin, currentSession } from './browser-session.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, LoginOutcome } from './login-outcome.js';
import type { BrokerSession, LoginDownstream } from './ports.js';

export type SessionForEntry =
  | { readonly kind: 'session'; readonly session: BrokerSession }
  /** Off to the ENT to confirm who is there. */
  | { readonly kind: 'check'; readonly outcome: LoginOutcome }
  | { readonly kind: 'none' };

export async function sessionForEntry(
  deps: LoginDeps,
  ctx: LoginContext,
  cookies: BrowserCookies,
  downstream: LoginDownstream,
  entry: 'mediacentre' | 'publisher',
  entId?: string,
): Promise<SessionForEntry> {
  const session = await currentSession(deps, cookies, ctx.now);
  // A session of another ENT is never reused: the login at this one ends it (continue-after-ent).
  if (session === undefined || (entId !== undefined && session.entId !== entId)) return { kind: 'none' };
  if (!needsCheck(deps, session, entry, ctx.now)) return { kind: 'session', session };
  const mode = deps.session.entsWithoutPassiveLogin.has(session.entId) ? 'normal' : 'passive';
  ctx.log.info({ event: 'login.session_check', entId: session.entId, mode });
  const outcome = await beginEntLogin(deps, cookies, session.entId, downstream, ctx.now, mode, session.idHash);
  return { kind: 'check', outcome };
}

function needsCheck(deps: LoginDeps, session: BrokerSession, entry: 'mediacentre' | 'publisher', now: Date): boolean {
  if (entry === 'mediacentre' && deps.session.confirmEveryMediacentreEntry) return true;
  return now.getTime() - session.confirmedAt.getTime() > deps.session.confirmSeconds * 1000;
}
