/**
 * `gar_console_login`: binds a console login transaction (SP-initiated) to the browser that
 * started it; the store keeps only its SHA-256. SameSite=None: the ENT's Response comes back as a
 * cross-site POST, which Lax or Strict would strip (over a plain-http public URL, Lax without
 * Secure: core/cookie-security.ts). Path=/console/saml: sent only to the login
 * routes. A cookie of its own, not the brokered login's `gar_login`: a transaction the console
 * opened can never be finished at `/saml/sp/acs`, nor one of the brokered login here.
 */
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { cookiesSecure, crossSiteCookieAttributes } from '../../core/cookie-security.js';
import { readCookie } from '../console-session.js';

const name = 'gar_console_login';
const valuePattern = /^[A-Za-z0-9_-]{43}$/;

/** The browser's binding value, when it brought a well-formed one. */
export function readLoginBinding(req: Request): string | undefined {
  const value = readCookie(req, name);
  return value !== undefined && valuePattern.test(value) ? value : undefined;
}

/** The value to bind a new transaction to: the browser's own (two tabs may log in at once), else a fresh one. */
export function loginBindingFor(req: Request): string {
  return readLoginBinding(req) ?? randomBytes(32).toString('base64url');
}

export function loginBindingCookie(res: Response, value: string, maxAgeSeconds: number): string {
  const crossSite = crossSiteCookieAttributes(cookiesSecure(res));
  return `${name}=${value}; Path=/console/saml; HttpOnly; ${crossSite}; Max-Age=${maxAgeSeconds}`;
}
