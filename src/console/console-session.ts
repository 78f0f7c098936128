/**
 * Console sessions and CSRF protection, as express middleware.
 *
 * - `gar_console`: the session, 32 random bytes; the store keeps only its SHA-256. Secure (when
 *   the public URL is https: core/cookie-security.ts), HttpOnly, SameSite=Strict: the browser
 *   never sends it on a request another site starts.
 * - `gar_console_csrf`: a random value per browser; every form carries HMAC(key, value) and every
 *   unsafe request must bring it back (synchronizer token bound to the browser), besides an
 *   `Origin` that, when sent, must be the console's own.
 * Managers' establishments are re-read on each request from the feed (GAR-ENT-RespAff), so a
 * manager removed by the nightly feed loses access at once.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Clock } from '../core/clock.js';
import { cookiesSecure } from '../core/cookie-security.js';
import { fail } from '../core/fail.js';
import type { ConsoleSessionStore, ConsoleSubject, ManagedEstablishment, ManagerScopeSource } from './ports.js';
import type { ConsoleLanguage } from './console-messages.js';

export type ConsolePrincipal =
  | { readonly kind: 'operator'; readonly login: string }
  | {
      readonly kind: 'manager';
      readonly entId: string;
      readonly personId: string;
      readonly displayName: string;
      readonly establishments: readonly ManagedEstablishment[];
    };

export interface ConsoleRequestState {
  readonly principal?: ConsolePrincipal;
  readonly sessionHash?: string;
  readonly csrfToken: string;
  readonly lang: ConsoleLanguage;
}

declare module 'express-serve-static-core' {
  interface Locals {
    console?: ConsoleRequestState;
  }
}

export interface ConsoleSessionOptions {
  readonly sessions: ConsoleSessionStore;
  readonly managers: ManagerScopeSource;
  readonly clock: Clock;
  /** Keys the CSRF tokens (random per process start is fine: a restart asks to reload the form). */
  readonly csrfKey: Buffer;
  readonly idleMinutes: number;
  readonly maxHours: number;
  /** The console's own origin (scheme://host:port) for the Origin check; a getter, known once listening. */
  readonly origin: () => string;
}

const sessionCookie = 'gar_console';
const csrfCookie = 'gar_console_csrf';
const langCookie = 'gar_lang';
const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function digest(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value === '' || value.length > 512 ? undefined : value;
    }
  }
  return undefined;
}

/** `; Secure` when the app's cookies are (core/cookie-security.ts), else nothing. */
function secureAttribute(res: Response): string {
  return cookiesSecure(res) ? '; Secure' : '';
}

function cookie(res: Response, name: string, value: string, maxAgeSeconds?: number): string {
  return (
    `${name}=${value}; Path=/console; HttpOnly${secureAttribute(res)}; `
    + `SameSite=Strict${maxAgeSeconds === undefined ? '' : `; Max-Age=${maxAgeSeconds}`}`
  );
}

/** Loads the session (if any), the CSRF token and the language into `res.locals.console`. */
export function consoleSession(options: ConsoleSessionOptions) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      let browser = readCookie(req, csrfCookie);
      if (browser === undefined || !/^[A-Za-z0-9_-]{43}$/.test(browser)) {
        browser = randomBytes(32).toString('base64url');
        res.append('Set-Cookie', cookie(res, csrfCookie, browser));
      }
      const csrfToken = createHmac('sha256', options.csrfKey).update(browser).digest('base64url');
      const lang: ConsoleLanguage = readCookie(req, langCookie) === 'en' ? 'en' : 'fr';
      const raw = readCookie(req, sessionCookie);
      const sessionHash = raw === undefined ? undefined : digest(raw);
      const principal = sessionHash === undefined ? undefined : await resolve(options, sessionHash);
      res.locals.console = { csrfToken, lang, ...(principal && sessionHash ? { principal, sessionHash } : {}) };
      next();
    } catch (error) {
      next(error);
    }
  };
}

async function resolve(options: ConsoleSessionOptions, sessionHash: string): Promise<ConsolePrincipal | undefined> {
  const now = options.clock.now();
  const record = await options.sessions.use(sessionHash, now, new Date(now.getTime() + options.idleMinutes * 60_000));
  if (record === undefined) return undefined;
  if (record.subject.kind === 'operator') return record.subject;
  const scope = await options.managers.managerScope(record.subject.entId, record.subject.personId);
  if (scope === undefined) {
    // No longer a manager in the feed: the session ends now, so a later feed listing them again
    // does not bring it back; they log in again through their ENT.
    await options.sessions.end(sessionHash);
    return undefined;
  }
  return { ...record.subject, displayName: scope.displayName, establishments: scope.establishments };
}

/** Refuses an unsafe request without this browser's CSRF token, or from another origin. */
export function requireCsrf(options: Pick<ConsoleSessionOptions, 'origin'>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!unsafe.has(req.method)) {
      next();
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== options.origin()) {
      next(fail('ERR_CONSOLE_CSRF', 'Requête refusée : elle ne vient pas de la console.', `origin ${origin}`));
      return;
    }
    const body = req.body as Record<string, unknown> | undefined;
    const sent = typeof body?.['_csrf'] === 'string' ? body['_csrf'] : req.headers['x-csrf-token'];
    const expected = res.locals.console?.csrfToken ?? '';
    const ok =
      typeof sent === 'string'
      && sent.length === expected.length
      && expected.length > 0
      && timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
    next(
      ok ? undefined : fail('ERR_CONSOLE_CSRF', 'Formulaire expiré ou invalide : rechargez la page et recommencez.'),
    );
  };
}

/**
 * Opens a session for `subject`: a fresh cookie value (never one the browser brought: no fixation);
 * the session the browser had, if any, ends, so a value seen before the login opens nothing after it.
 */
export async function startConsoleSession(
  res: Response,
  subject: ConsoleSubject,
  options: Pick<ConsoleSessionOptions, 'sessions' | 'clock' | 'idleMinutes' | 'maxHours'>,
): Promise<void> {
  const previous = readCookie(res.req, sessionCookie);
  if (previous !== undefined) await options.sessions.end(digest(previous));
  const raw = randomBytes(32).toString('base64url');
  const now = options.clock.now();
  const expiresAt = new Date(now.getTime() + options.maxHours * 3_600_000);
  await options.sessions.create(digest(raw), subject, {
    createdAt: now,
    expiresAt,
    idleExpiresAt: new Date(now.getTime() + options.idleMinutes * 60_000),
  });
  res.append('Set-Cookie', cookie(res, sessionCookie, raw, options.maxHours * 3600));
}

export async function endConsoleSession(res: Response, sessions: ConsoleSessionStore): Promise<void> {
  const hash = res.locals.console?.sessionHash;
  if (hash !== undefined) await sessions.end(hash);
  res.append('Set-Cookie', cookie(res, sessionCookie, '', 0));
}

export function languageCookie(res: Response, lang: ConsoleLanguage): string {
  return `${langCookie}=${lang}; Path=/console${secureAttribute(res)}; SameSite=Lax; Max-Age=31536000`;
}
