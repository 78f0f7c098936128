/**
 * The browser's two cookies and what the store keeps of them (their SHA-256 only): `gar_login`
 * binds login transactions to this browser; `gar_session` names its broker session, which lets a
 * second resource open without asking the ENT to authenticate again. `gar_session` is a browser
 * session cookie (no Max-Age): closing the browser forgets it, and the store's expiry bounds it.
 */
import { randomBytes } from 'node:crypto';
import { fail } from '../core/fail.js';
import type { UpstreamIdentity } from '../core/upstream-identity.js';
import { requestEntAuthentication, type EntLoginMode } from '../idp-bridge/index.js';
import { cookieDigest } from './cookie-digest.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, CookieChange, LoginOutcome } from './login-outcome.js';
import type { BrokerSession, LoginDownstream } from './ports.js';
import { definedFields } from '../core/defined-fields.js';

const cookieValuePattern = /^[A-Za-z0-9_-]{43}$/;

const randomCookieValue = (): string => randomBytes(32).toString('base64url');

/** The live broker session this browser presents, if any (its idle expiry renewed). */
export async function currentSession(
  deps: LoginDeps,
  cookies: BrowserCookies,
  now: Date,
): Promise<BrokerSession | undefined> {
  const value = cookies.session;
  if (value === undefined || !cookieValuePattern.test(value)) return undefined;
  return deps.sessions.find(cookieDigest(value), now);
}

/** The SHA-256 of the session this browser's cookie names (live or not), if it has a well-formed one. */
export function sessionCookieHash(cookies: BrowserCookies): string | undefined {
  const value = cookies.session;
  return value !== undefined && cookieValuePattern.test(value) ? cookieDigest(value) : undefined;
}

/**
 * A new broker session after an ENT login, bound to the ENT session the login came from (a logout
 * of that one ends this one); returns it and the cookie that names it.
 */
export async function openSession(
  deps: LoginDeps,
  identity: UpstreamIdentity,
  uai: string | undefined,
  now: Date,
): Promise<{ readonly session: BrokerSession; readonly cookie: CookieChange }> {
  const value = randomCookieValue();
  const expiresAt = new Date(now.getTime() + deps.session.maxHours * 3600_000);
  const idle = new Date(Math.min(now.getTime() + deps.session.idleMinutes * 60_000, expiresAt.getTime()));
  const session: BrokerSession = {
    idHash: cookieDigest(value),
    entId: identity.entId,
    personId: identity.entUserId,
    ...definedFields({ uai, entSession: identity.entSession }),
    createdAt: now,
    confirmedAt: now,
    expiresAt,
    idleExpiresAt: idle,
  };
  await deps.sessions.create(session);
  return { session, cookie: { name: 'gar_session', value } };
}

/** Logins stop before any ENT round-trip when IDO cannot be computed. */
export function requireLoginConfigured(deps: LoginDeps): void {
  if (deps.pseudonymKey === undefined) {
    throw fail(
      'ERR_LOGIN_NOT_CONFIGURED',
      "Le service de connexion n'est pas encore configuré.",
      'pseudonyms.secret is not set',
    );
  }
}

/**
 * Sends the browser to the ENT: a login transaction bound to this browser's `gar_login` cookie
 * (an existing one is reused, so two tabs can log in at once), then the signed AuthnRequest.
 * `reconfirm` names the broker session a passive check is about.
 */
export async function beginEntLogin(
  deps: LoginDeps,
  cookies: BrowserCookies,
  entId: string,
  downstream: LoginDownstream,
  now: Date,
  mode: EntLoginMode = 'normal',
  reconfirm?: string,
): Promise<LoginOutcome> {
  // An ENT registered as an OpenID Provider logs in through OIDC; any other through its SAML IdP.
  const request: { entId: string; requestId: string; redirectUrl: string; secret?: string } =
    (await deps.oidcEnts?.request(entId, now, mode))
    ?? (await requestEntAuthentication(deps.idps, deps.upstream, entId, now, mode));
  const existing = cookies.login !== undefined && cookieValuePattern.test(cookies.login) ? cookies.login : undefined;
  const binding = existing ?? randomCookieValue();
  const lifetime = deps.upstream.transactionMinutes * 60;
  await deps.transactions.open({
    id: randomCookieValue(),
    createdAt: now,
    expiresAt: new Date(now.getTime() + lifetime * 1000),
    browserBinding: cookieDigest(binding),
    downstream,
    ...definedFields({ reconfirm }),
    upstream: {
      entId: request.entId,
      requestId: request.requestId,
      ...definedFields({ secret: request.secret }),
    },
  });
  return {
    kind: 'redirect',
    location: request.redirectUrl,
    cookies: [{ name: 'gar_login', value: binding, maxAgeSeconds: lifetime }],
  };
}

export function loginBinding(cookies: BrowserCookies): string | undefined {
  return cookies.login !== undefined && cookieValuePattern.test(cookies.login)
    ? cookieDigest(cookies.login)
    : undefined;
}
