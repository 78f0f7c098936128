/**
 * The demo publisher (not part of the broker): each resource page is the resource's
 * `urlAccesRessource`; opening it starts a login at the broker (signed AuthnRequest by
 * HTTP-Redirect); the broker's answer comes back at the ACS, which shows the resource and the
 * attributes it received. The publisher keeps no session of its own, so that every opening shows
 * the broker's answer — and, for the second resource, that no ENT login was needed.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../../src/core/logger.js';
import { autoPostJs, demoCss, setPageHeaders } from '../demo-html.js';
import type { DemoKeyPair } from '../demo-keys.js';
import { publisherHomePage, refusedPage, resourcePage, type PublisherResource, type Visit } from './demo-publisher-pages.js';
import { createDemoPublisherSp, type DemoPublisherSp } from './demo-publisher-sp.js';

export interface DemoPublisherOptions {
  readonly entityId: string;
  readonly publisherUrl: string;
  readonly brokerUrl: string;
  readonly mediacentreUrl: string;
  readonly keys: { readonly signing: DemoKeyPair; readonly encryption: DemoKeyPair };
  readonly resources: readonly PublisherResource[];
  readonly logger: Logger;
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
  const visits = new Map<string, Visit[]>();
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => { setPageHeaders(res); next(); });
  app.get('/demo.css', (_req, res) => { res.type('text/css').send(demoCss); });
  app.get('/post.js', (_req, res) => { res.type('text/javascript').send(autoPostJs); });
  app.get('/saml/metadata', (_req, res) => { res.type('application/samlmetadata+xml').send(sp.metadataXml); });
  app.get('/', (_req, res) => { res.type('html').send(publisherHomePage(options.resources, options.mediacentreUrl)); });
  for (const resource of options.resources) {
    app.get(resource.path, async (_req, res, next) => {
      try {
        res.redirect(302, await sp.loginUrl(resource.path));
      } catch (error) {
        next(error);
      }
    });
  }
  app.post('/saml/acs', express.urlencoded({ extended: false, limit: '400kb', parameterLimit: 5 }), async (req, res, next) => {
    try {
      res.type('html').send(await openResource(sp, options, visits, req.body as { SAMLResponse?: string; RelayState?: string }, log));
    } catch (error) {
      next(error);
    }
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    log.warn({ event: 'demo_publisher.answer_refused', detail: String(error).slice(0, 300) });
    res.status(403).type('html').send(refusedPage(options.mediacentreUrl));
  });
  return { app, entityId: sp.entityId, metadataXml: sp.metadataXml };
}

/** The verified answer: the resource it was asked for, shown with what the broker sent. */
async function openResource(
  sp: DemoPublisherSp, options: DemoPublisherOptions, visits: Map<string, Visit[]>, body: { SAMLResponse?: string; RelayState?: string }, log: Logger,
): Promise<string> {
  const answer = await sp.readAnswer(body);
  const resource = options.resources.find((r) => r.path === answer.path) as PublisherResource;
  const ido = answer.attributes['IDO']?.[0] ?? '';
  const earlier = visits.get(ido) ?? [];
  // Demo memory, bounded: a long-running demo forgets rather than grows.
  if (visits.size > 1000) visits.clear();
  visits.set(ido, [...earlier.slice(-20), { nom: resource.nom, at: new Date(), ...(answer.authnInstant === undefined ? {} : { authnInstant: answer.authnInstant }) }]);
  log.info({ event: 'demo_publisher.assertion_accepted', path: resource.path, encrypted: answer.encrypted });
  return resourcePage(resource, answer, earlier, options.mediacentreUrl);
}
