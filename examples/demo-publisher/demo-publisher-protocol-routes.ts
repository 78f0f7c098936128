/**
 * The demo publisher's routes for the resources opened through OpenID Connect and CAS. Errors go
 * to the app's error handler (the "accès refusé" page, the detail in the log only).
 */
import type express from 'express';
import { createDemoPublisherCas } from './demo-publisher-cas.js';
import { mountCasLogout, mountOidcBackchannelLogout } from './demo-publisher-logout-routes.js';
import { createDemoPublisherOidc, oidcStateCookie } from './demo-publisher-oidc.js';
import type { PublisherContext } from './demo-publisher-app.js';
import type { PublisherResource } from './demo-publisher-pages.js';
import { casResourcePage, oidcResourcePage } from './demo-publisher-protocol-pages.js';

/**
 * The page is the CAS service: without `ticket`, to the broker's `/cas/login`; with one, its
 * validation (the service URL is the page's exact registered URL, never the request's Host).
 */
export function mountCasResource(app: express.Express, resource: PublisherResource, context: PublisherContext): void {
  const { options, log } = context;
  const cas = createDemoPublisherCas(options.brokerUrl);
  const serviceUrl = `${options.publisherUrl}${resource.path}`;
  app.get(resource.path, async (req, res, next) => {
    try {
      const ticket = typeof req.query['ticket'] === 'string' ? req.query['ticket'] : undefined;
      if (ticket === undefined) {
        res.redirect(302, cas.loginUrl(serviceUrl));
        return;
      }
      const answer = await cas.validate(serviceUrl, ticket);
      // The back-channel logout names the ticket (its SessionIndex).
      const visit = { nom: resource.nom, at: new Date() };
      const earlier = context.memory.remember(answer.user, visit, [`cas-ticket:${ticket}`]);
      log.info({ event: 'demo_publisher.cas_ticket_validated', path: resource.path });
      const journal = context.memory.journal();
      res.type('html').send(casResourcePage(resource, answer, earlier, options.mediacentreUrl, journal));
    } catch (error) {
      next(error);
    }
  });
  mountCasLogout(app, resource, context);
}

/** Each page starts an authorization for its resource (`idRessource`); one callback for all. */
export function mountOidcResources(
  app: express.Express,
  resources: readonly PublisherResource[],
  context: PublisherContext,
): void {
  const { options, log } = context;
  if (resources.length === 0) return;
  const oidc = createDemoPublisherOidc({ ...options.oidc, brokerUrl: options.brokerUrl });
  const callback = new URL(options.oidc.redirectUri);
  for (const resource of resources) {
    app.get(resource.path, async (_req, res, next) => {
      try {
        const { url, state } = await oidc.start(resource.path, resource.idRessource);
        res.cookie(oidcStateCookie, state, {
          httpOnly: true,
          sameSite: 'lax',
          path: callback.pathname,
          maxAge: 10 * 60_000,
        });
        res.redirect(302, url);
      } catch (error) {
        next(error);
      }
    });
  }
  app.get(callback.pathname, async (req, res, next) => {
    try {
      res.clearCookie(oidcStateCookie, { path: callback.pathname });
      // The URL the browser came to, on this site's own origin (the registered redirect URI's).
      const answer = await oidc.finish(
        new URL(req.originalUrl, callback.origin),
        cookieOf(req.headers.cookie, oidcStateCookie),
      );
      const resource = resources.find((r) => r.path === answer.path) as PublisherResource;
      // A logout token names the ID token's `sid`, or the `sub`.
      const keys = [`oidc-sub:${answer.sub}`, ...(answer.sid === undefined ? [] : [`oidc-sid:${answer.sid}`])];
      const earlier = context.memory.remember(answer.sub, { nom: resource.nom, at: new Date() }, keys);
      log.info({ event: 'demo_publisher.oidc_tokens_accepted', path: resource.path });
      const journal = context.memory.journal();
      res.type('html').send(oidcResourcePage(resource, answer, earlier, options.mediacentreUrl, journal));
    } catch (error) {
      next(error);
    }
  });
  mountOidcBackchannelLogout(app, oidc, context);
}

function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
