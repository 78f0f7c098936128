/**
 * How every login and logout endpoint answers a LoginOutcome: a redirect, an auto-posting form to
 * an address metadata vouched for, the ENT choice, or the logged-out page. Never cached.
 */
import type { Request, Response } from 'express';
import type { LoginOutcome } from '../../login-outcome.js';
import { writeCookies } from './browser-cookies.js';
import { pageLanguage } from './html.js';
import { renderLoggedOutPage } from './logged-out-page.js';
import { renderLogoutFrameDone } from './logout-pages.js';
import { renderAutoPostPage, renderDiscoveryPage, type DiscoveryChoice } from './login-pages.js';

export function renderLoginOutcome(
  req: Request,
  res: Response,
  outcome: LoginOutcome,
  discovery?: (ents: readonly string[]) => DiscoveryChoice[],
): void {
  writeCookies(res, outcome.cookies);
  res.set('Cache-Control', 'no-store');
  const lang = pageLanguage(req.headers['accept-language'], req.query['lang']);
  switch (outcome.kind) {
    case 'redirect':
      res.redirect(302, outcome.location);
      return;
    case 'post':
      // The form goes to an address from the partner's metadata: the page's CSP allows exactly that origin.
      res.set(
        'Content-Security-Policy',
        "default-src 'none'; script-src 'self'; style-src 'self'; "
          + `form-action ${new URL(outcome.post.action).origin}; frame-ancestors 'self'; base-uri 'none'`,
      );
      res.type('html').send(renderAutoPostPage(outcome.post.action, outcome.post.fields));
      return;
    case 'logged-out':
      res.type('html').send(renderLoggedOutPage(lang));
      return;
    case 'logout-frame-done':
      // The broker's own page inside a logout frame: this origin may frame it.
      res.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'self'; base-uri 'none'");
      res.removeHeader('X-Frame-Options');
      res.type('html').send(renderLogoutFrameDone());
      return;
    default:
      if (discovery === undefined) throw new Error('this endpoint never offers a choice of ENT');
      res.type('html').send(renderDiscoveryPage(lang, discovery(outcome.ents)));
  }
}
