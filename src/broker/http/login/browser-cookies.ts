/**
 * The broker's login cookies on the wire. SameSite=None because the ENT's Response and a
 * publisher's HTTP-POST AuthnRequest arrive as cross-site POSTs, which Lax would strip; Secure
 * with it when the public URL is https (core/cookie-security.ts: over plain http, neither, and
 * SameSite=Lax); HttpOnly always; values are random or sealed.
 */
import type { Request, Response } from 'express';
import { cookiesSecure, crossSiteCookieAttributes } from '../../../core/cookie-security.js';
import type { BrokerCookieName, BrowserCookies, CookieChange } from '../../login-outcome.js';

const names: Record<keyof BrowserCookies, BrokerCookieName> = {
  login: 'gar_login',
  session: 'gar_session',
  intent: 'gar_intent',
};

export function readBrowserCookies(req: Request): BrowserCookies {
  const header = req.headers.cookie ?? '';
  const found: Record<string, string> = {};
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    // The first occurrence wins, as browsers send the most specific path first.
    if (!(name in found)) found[name] = part.slice(eq + 1).trim();
  }
  const cookies: { -readonly [K in keyof BrowserCookies]: string } = {};
  for (const [key, name] of Object.entries(names) as [keyof BrowserCookies, BrokerCookieName][]) {
    const value = found[name];
    if (value !== undefined && value !== '' && value.length <= 4096) cookies[key] = value;
  }
  return cookies;
}

export function writeCookies(res: Response, changes: readonly CookieChange[]): void {
  const attributes = `Path=/; HttpOnly; ${crossSiteCookieAttributes(cookiesSecure(res))}`;
  const lines = changes.map((c) =>
    c.value === undefined
      ? `${c.name}=; ${attributes}; Max-Age=0`
      : `${c.name}=${c.value}; ${attributes}${c.maxAgeSeconds === undefined ? '' : `; Max-Age=${c.maxAgeSeconds}`}`,
  );
  if (lines.length > 0) res.append('Set-Cookie', lines);
}
