/**
 * The demo publisher (not part of the broker): each resource page is the resource's
 * `urlAccesRessource`; opening it starts a login at the broker in the resource's protocol —
 * SAML (signed AuthnRequest by HTTP-Redirect, the answer at the ACS), OpenID Connect (the
 * authorization endpoint, the answer at the callback) or CAS (`/cas/login`, the ticket back at the
 * page itself) — and the page shows the resource and the attributes received. The publisher keeps
 * no session of its own, so that every opening shows the broker's answer — and, for the second
 * resource, that no ENT login was needed. It takes the broker's logouts in each protocol
 * (demo-publisher-logout-routes.ts) and lists them on its pages.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../../src/core/logger.js';
import { autoPostJs, demoCss, setPageHeaders } from '../demo-html.js';
import type { DemoKeyPair } from '../demo-keys.js';
import { mountCasResource, mountOidcResources } from './demo-publisher-protocol-routes.js';
import type { DemoOidcSettings } from './demo-publisher-oidc.js';
import { mountSamlLogout } from './demo-publisher-logout-routes.js';
import { createPublisherMemory, type PublisherMemory } from './demo-publisher-memory.js';
import { publisherHomePage, refusedPage, resourcePage, type PublisherResource } from './demo-publisher-pages.js';
import { createDemoPublisherSp, type DemoPublisherSp } from './demo-publisher-sp.js';
import { definedFields } from '../../src/core/defined-fields.js';

export interface DemoPublisherOptions {
  readonly entityId: string;
  readonly publisherUrl: string;
  readonly brokerUrl: string;
  readonly mediacentreUrl: string;
  readonly keys: { readonly signing: DemoKeyPair; readonly encryption: DemoKeyPair };
  readonly resources: readonly PublisherResource[];
  /** The OIDC client registered at the broker (client id, secret, redirect URI). */
  readonly oidc: Omit<DemoOidcSettings, 'brokerUrl'>;
  readonly logger: Logger;
}

/** What each protocol's routes need from the app. */
export interface PublisherContext {
  readonly options: DemoPublisherOptions;
  readonly log: Logger;
  /** The openings per person (same IDO), and the journal of the logouts received. */
  readonly memory: PublisherMemory;
}

export interface DemoPublisher {
  readonly app: express.Express;
  readonly entityId: string;
  readonly metadataXml: string;
}

export function createDemoPublisher(options: DemoPublisherOptions): DemoPublisher {
  const sp = createDemoPublisherSp(options.entityId, options.publisherUrl, options.brokerUrl, options.keys);
  const log = options.logger.child({ component: 'demo-publisher' });
  // Openings per IDO, to show that a second resource reused the broker's session (demo memory only).
  const context: PublisherContext = { options, log, memory: createPublisherMemory() };
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    setPageHeaders(res);
    next();
  });
  app.get('/demo.css', (_req, res) => {
    res.type('text/css').send(demoCss);
  });
  app.get('/post.js', (_req, res) => {
    res.type('text/javascript').send(autoPostJs);
  });
  app.get('/saml/metadata', (_req, res) => {
    res.type('application/samlmetadata+xml').send(sp.metadataXml);
  });
  app.get('/', (_req, res) => {
    res.type('html').send(publisherHomePage(options.resources, options.mediacentreUrl, context.memory.journal()));
  });
  mountSamlLogout(app, sp, context);
  for (const resource of options.resources.filter((r) => r.protocol === 'saml')) {
    app.get(resource.path, async (_req, res, next) => {
      try {
        res.redirect(302, await sp.loginUrl(resource.path));
      } catch (error) {
        next(error);
      }
    });
  }
  for (const resource of options.resources.filter((r) => r.protocol === 'cas'))
    mountCasResource(app, resource, context);
  mountOidcResources(
    app,
    options.resources.filter((r) => r.protocol === 'oidc'),
    context,
  );
  app.post(
    '/saml/acs',
    express.urlencoded({ extended: false, limit: '400kb', parameterLimit: 5 }),
    async (req, res, next) => {
      try {
        res
          .type('html')
          .send(await openResource(sp, context, req.body as { SAMLResponse?: string; RelayState?: string }));
      } catch (error) {
        next(error);
      }
    },
  );
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    log.warn({ event: 'demo_publisher.answer_refused', detail: String(error).slice(0, 300) });
    res.status(403).type('html').send(refusedPage(options.mediacentreUrl));
  });
  return { app, entityId: sp.entityId, metadataXml: sp.metadataXml };
}

/** The verified answer: the resource it was asked for, shown with what the broker sent. */
async function openResource(
  sp: DemoPublisherSp,
  context: PublisherContext,
  body: { SAMLResponse?: string; RelayState?: string },
): Promise<string> {
  const answer = await sp.readAnswer(body);
  const resource = context.options.resources.find((r) => r.path === answer.path) as PublisherResource;
  const visit = { nom: resource.nom, at: new Date(), ...definedFields({ authnInstant: answer.authnInstant }) };
  // What a LogoutRequest of the broker names: the assertion's NameID, and its SessionIndex.
  const keys = [`saml-nameid:${answer.nameId}`];
  if (answer.sessionIndex !== undefined) keys.push(`saml-session:${answer.sessionIndex}`);
  const earlier = context.memory.remember(answer.attributes['IDO']?.[0] ?? '', visit, keys);
  context.log.info({ event: 'demo_publisher.assertion_accepted', path: resource.path, encrypted: answer.encrypted });
  return resourcePage(resource, answer, earlier, context.options.mediacentreUrl, context.memory.journal());
}
