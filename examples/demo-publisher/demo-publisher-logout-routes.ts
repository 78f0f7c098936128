/**
 * The demo publisher's logout receivers, one per protocol. Each checks the broker's message, then
 * journals it and forgets the person it names (demo-publisher-memory.ts):
 *
 * | route                           | message                                                              |
 * |---------------------------------|----------------------------------------------------------------------|
 * | `GET /saml/slo` (front channel) | signed LogoutRequest (Redirect); a signed LogoutResponse back        |
 * | `POST /oidc/backchannel-logout` | `logout_token` (Back-Channel Logout 1.0 §2.5); 200, or 400 (§2.8)    |
 * | `POST` at each CAS service URL  | `logoutRequest` (CAS 3.0 §2.3.3): unsigned, so it ends no more than  |
 * |                                 | the session of the ticket it names                                   |
 */
import express from 'express';
import { DOMParser } from '@xmldom/xmldom';
import { rawQueryOf } from '../samlify-setup.js';
import type { PublisherContext } from './demo-publisher-app.js';
import { createLogoutTokenVerifier } from './demo-publisher-backchannel.js';
import type { DemoPublisherOidc } from './demo-publisher-oidc.js';
import type { PublisherResource } from './demo-publisher-pages.js';
import type { DemoPublisherSp } from './demo-publisher-sp.js';

export function mountSamlLogout(app: express.Express, sp: DemoPublisherSp, context: PublisherContext): void {
  app.get('/saml/slo', async (req, res, next) => {
    try {
      const request = await sp.readLogoutRequest(rawQueryOf(req.originalUrl));
      const named: [string, string][] = [['NameID', request.nameId]];
      if (request.sessionIndex !== undefined) named.push(['SessionIndex', request.sessionIndex]);
      const keys = [`saml-nameid:${request.nameId}`];
      if (request.sessionIndex !== undefined) keys.push(`saml-session:${request.sessionIndex}`);
      const entry = context.memory.loggedOut('saml', named, keys);
      context.log.info({ event: 'demo_publisher.saml_logout_received', matched: entry.matched });
      res.redirect(302, sp.logoutResponseUrl(request));
    } catch (error) {
      next(error);
    }
  });
}

export function mountOidcBackchannelLogout(
  app: express.Express,
  oidc: DemoPublisherOidc,
  context: PublisherContext,
): void {
  const verify = createLogoutTokenVerifier(() => oidc.provider(), context.options.oidc.clientId);
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 5 });
  app.post(new URL(context.options.oidc.backchannelLogoutUri).pathname, form, async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const token = (req.body as Record<string, unknown> | undefined)?.['logout_token'];
    try {
      if (typeof token !== 'string') throw new Error('no logout_token');
      const { sid, sub } = await verify(token);
      const named: [string, string][] = [];
      const keys: string[] = [];
      if (sid !== undefined) {
        named.push(['sid', sid]);
        keys.push(`oidc-sid:${sid}`);
      }
      if (sub !== undefined) {
        named.push(['sub', shortened(sub)]);
        keys.push(`oidc-sub:${sub}`);
      }
      const entry = context.memory.loggedOut('oidc', named, keys);
      context.log.info({ event: 'demo_publisher.oidc_logout_received', matched: entry.matched });
      res.status(200).end();
    } catch (error) {
      context.log.warn({ event: 'demo_publisher.oidc_logout_refused', detail: String(error).slice(0, 300) });
      res.status(400).json({ error: 'invalid_request', error_description: 'logout_token refusé' });
    }
  });
}

/** The back-channel POST at the service URL itself, as the broker sends it when no logout URL is registered. */
export function mountCasLogout(app: express.Express, resource: PublisherResource, context: PublisherContext): void {
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 5 });
  app.post(resource.path, form, (req, res) => {
    const ticket = sessionIndexOf((req.body as Record<string, unknown> | undefined)?.['logoutRequest']);
    if (ticket === undefined) {
      context.log.warn({ event: 'demo_publisher.cas_logout_refused', path: resource.path });
      res.status(400).type('text/plain').send('logoutRequest illisible');
      return;
    }
    const entry = context.memory.loggedOut('cas', [['ticket', ticket]], [`cas-ticket:${ticket}`]);
    context.log.info({ event: 'demo_publisher.cas_logout_received', path: resource.path, matched: entry.matched });
    res.status(200).type('text/plain').send('ok');
  });
}

const samlProtocol = 'urn:oasis:names:tc:SAML:2.0:protocol';

/** The ticket a CAS `samlp:LogoutRequest` names in its `samlp:SessionIndex` (namespace-aware). */
function sessionIndexOf(xml: unknown): string | undefined {
  if (typeof xml !== 'string' || xml.length > 16_384) return undefined;
  const problems: string[] = [];
  const errorHandler = (level: string): void => {
    if (level !== 'warning') problems.push(level);
  };
  const root = new DOMParser({ errorHandler }).parseFromString(xml, 'application/xml').documentElement;
  if (problems.length > 0 || root === null) return undefined;
  if (root.namespaceURI !== samlProtocol || root.localName !== 'LogoutRequest') return undefined;
  const indexes = root.getElementsByTagNameNS(samlProtocol, 'SessionIndex');
  const ticket = indexes.length === 1 ? indexes.item(0)?.textContent?.trim() : undefined;
  return ticket === undefined || ticket === '' ? undefined : ticket;
}

/** `sub` is the IDO (128 hex characters), already on the pages: its start is enough to recognise it. */
function shortened(value: string): string {
  return value.length > 16 ? `${value.slice(0, 16)}…` : value;
}
