/**
 * What follows an ENT's authentication, whichever protocol the ENT spoke (SAML or OIDC):
 *
 * | step                                      | refuses (a 4xx page; no session, nothing sent) |
 * |-------------------------------------------|-----------------------------------------------|
 * | login transaction, this browser, once     | unsolicited, unknown, expired, reused, other  |
 * |   (accept-ent-answer.ts, before this)     |   browser                                     |
 * | same ENT as the request                   | another ENT's identity provider               |
 * | the person is in the directory            | ERR_LOGIN_USER_UNKNOWN                         |
 * | a passive check: the same person confirms the session; else the previous session ends (logouts) | |
 * | broker session opened                     |                                               |
 * | the waiting downstream: médiacentre click → licence → resource URL; SAML request → answer   |
 * | at its ACS; OIDC interaction → back to it; CAS login → its ticket                          |
 */
import { fail } from '../core/fail.js';
import type { UpstreamIdentity } from '../core/upstream-identity.js';
import { requireSameEnt } from './accept-ent-answer.js';
import { answerServiceProvider } from './answer-service-provider.js';
import { casTicketAfterEntLogin } from './cas-login.js';
import { beginEntLogin, openSession, sessionCookieHash } from './browser-session.js';
import { continuationOf, notifyBackChannels, throughSamlPublishers } from './end-sessions.js';
import { unknownUser } from './access-decision.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, CookieChange, LoginOutcome } from './login-outcome.js';
import { enterResource } from './open-from-mediacentre.js';
import type { BrokerSession, LoginTransaction } from './ports.js';
import { definedFields } from '../core/defined-fields.js';

export async function continueAfterEnt(
  deps: LoginDeps,
  ctx: LoginContext,
  identity: UpstreamIdentity,
  transaction: LoginTransaction,
  cookies: BrowserCookies,
): Promise<LoginOutcome> {
  requireSameEnt(transaction, identity.entId);
  const settled = await settlePreviousSession(deps, ctx, identity, transaction, cookies);
  if (settled.kind === 'confirmed') {
    return continueDownstream(deps, ctx, settled.session, transaction, cookies, [], false);
  }
  const person = { entId: identity.entId, personId: identity.entUserId };
  if ((await deps.people.establishmentsOf(person.entId, person.personId)).length === 0) throw unknownUser(person);
  const downstream = transaction.downstream;
  const uai = downstream?.kind === 'mediacentre' ? downstream.uai : undefined;
  const { session, cookie } = await openSession(deps, identity, uai, ctx.now);
  ctx.log.info({
    event: 'login.ent_authenticated',
    entId: identity.entId,
    issuer: identity.issuer,
    downstream: downstream?.kind ?? 'none',
  });
  const outcome = await continueDownstream(deps, ctx, session, transaction, cookies, [cookie], true);
  // The previous session's SAML publishers are told through this browser before it goes on.
  return throughSamlPublishers(deps, ctx, settled.ended, continuationOf(outcome), outcome.cookies);
}

/**
 * The ENT answered a passive check (or a login) with "no session" (SAML NoPassive, OIDC
 * `login_required`): the session it was about ends with its logouts, then a normal login.
 */
export async function afterNoEntSession(
  deps: LoginDeps,
  ctx: LoginContext,
  transaction: LoginTransaction,
  cookies: BrowserCookies,
): Promise<LoginOutcome> {
  if (transaction.reconfirm === undefined || transaction.downstream === undefined) {
    throw fail(
      'ERR_LOGIN_TRANSACTION_UNKNOWN',
      "L'ENT n'a pas authentifié l'utilisateur : recommencez depuis le médiacentre.",
      'no-session answer to a non-passive request',
    );
  }
  const ended = await endPrevious(deps, ctx, transaction, cookies, 'no-ent-session');
  const login = await beginEntLogin(deps, cookies, transaction.upstream.entId, transaction.downstream, ctx.now);
  return throughSamlPublishers(deps, ctx, ended, continuationOf(login), [{ name: 'gar_session' }, ...login.cookies]);
}

type Settled =
  | { readonly kind: 'confirmed'; readonly session: BrokerSession }
  | { readonly kind: 'ended'; readonly ended: readonly string[] };

/**
 * A passive check that finds the same person confirms the session; anything else (another person,
 * or any fresh login in a browser that had a session: ForceAuthn, `prompt=login`, CAS `renew`)
 * ends the previous session first, its back channels told now.
 */
async function settlePreviousSession(
  deps: LoginDeps,
  ctx: LoginContext,
  identity: UpstreamIdentity,
  transaction: LoginTransaction,
  cookies: BrowserCookies,
): Promise<Settled> {
  const checked = transaction.reconfirm === undefined ? undefined : await deps.sessions.get(transaction.reconfirm);
  const live =
    checked !== undefined
    && checked.revokedAt === undefined
    && checked.expiresAt > ctx.now
    && checked.idleExpiresAt > ctx.now;
  if (live && checked.entId === identity.entId && checked.personId === identity.entUserId) {
    const entSession = identity.entSession ?? checked.entSession;
    await deps.sessions.confirm(checked.idHash, entSession, ctx.now);
    ctx.log.info({ event: 'login.session_confirmed', entId: identity.entId });
    const session = { ...checked, confirmedAt: ctx.now, ...definedFields({ entSession }) };
    return { kind: 'confirmed', session };
  }
  const reason = transaction.reconfirm === undefined ? 'new-login' : 'other-person';
  return { kind: 'ended', ended: await endPrevious(deps, ctx, transaction, cookies, reason) };
}

/** Revokes the checked session and the browser's own, tells their back channels; returns their hashes. */
async function endPrevious(
  deps: LoginDeps,
  ctx: LoginContext,
  transaction: LoginTransaction,
  cookies: BrowserCookies,
  reason: string,
): Promise<readonly string[]> {
  const named = [transaction.reconfirm, sessionCookieHash(cookies)].filter((h): h is string => h !== undefined);
  const hashes = [...new Set(named)];
  if (hashes.length === 0) return [];
  for (const hash of hashes) await deps.sessions.revoke(hash, ctx.now);
  ctx.log.info({ event: 'login.session_ended', reason });
  await notifyBackChannels(deps, ctx, hashes);
  return hashes;
}

async function continueDownstream(
  deps: LoginDeps,
  ctx: LoginContext,
  session: BrokerSession,
  transaction: LoginTransaction,
  cookies: BrowserCookies,
  sessionCookie: readonly CookieChange[],
  fromNewLogin: boolean,
): Promise<LoginOutcome> {
  const downstream = transaction.downstream;
  const person = { entId: session.entId, personId: session.personId };
  switch (downstream?.kind) {
    case 'mediacentre': {
      const resource = await deps.resources.findResource(downstream.idRessource);
      if (resource === undefined) throw fail('ERR_LOGIN_RESOURCE_UNKNOWN', 'Cette ressource est inconnue du service.');
      return enterResource(deps, ctx, person, downstream.uai, resource, sessionCookie);
    }
    case 'service-provider': {
      const outcome = await answerServiceProvider(deps, ctx, session, downstream, cookies);
      return { ...outcome, cookies: [...sessionCookie, ...outcome.cookies] };
    }
    // OIDC goes back to its interaction, which now finds the (confirmed) broker session.
    case 'oidc-interaction':
      return {
        kind: 'redirect',
        location: `/oidc/interaction/${encodeURIComponent(downstream.uid)}`,
        cookies: sessionCookie,
      };
    // CAS gets its ticket now; marked as from an ENT login (`renew`, CAS 3.0 §2.5.1) unless this was only a check.
    case 'cas': {
      const outcome = await casTicketAfterEntLogin(deps, ctx, session, downstream.service, cookies, fromNewLogin);
      return { ...outcome, cookies: [...sessionCookie, ...outcome.cookies] };
    }
    default:
      throw fail('ERR_LOGIN_TRANSACTION_UNKNOWN', 'Connexion sans destination.', 'transaction without downstream');
  }
}
