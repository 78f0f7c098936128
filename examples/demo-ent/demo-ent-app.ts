/**
 * The demo ENT (not part of the broker): "log in as" a demo account (a cookie on the ENT), the
 * médiacentre, which asks the broker's médiacentre web service what the user may open (as a real
 * ENT does, gar-reference §2 A step 1), and the IdP endpoints the broker uses. When the broker
 * asks who the user is and nobody is logged in, the account page comes first, then the same
 * AuthnRequest is answered.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../../src/core/logger.js';
import type { DemoEstablishment, DemoUser } from '../demo-directory.js';
import { autoPostJs, demoCss, renderAutoPost, setPageHeaders } from '../demo-html.js';
import type { DemoKeyPair } from '../demo-keys.js';
import { createDemoEntIdp } from './demo-ent-idp.js';
import { askMediacentre, type DemoMediacentreService } from './demo-ent-mediacentre-client.js';
import { mediacentrePage, type MediacentreEntry, type MediacentreView } from './demo-ent-mediacentre-page.js';
import { entErrorPage, pickUserPage } from './demo-ent-pages.js';

export interface DemoEntOptions {
  readonly entUrl: string;
  readonly entityId: string;
  readonly brokerUrl: string;
  readonly entId: string;
  readonly key: DemoKeyPair;
  readonly establishment: DemoEstablishment;
  readonly users: readonly DemoUser[];
  readonly resources: readonly { readonly idRessource: string; readonly nom: string; readonly description: string }[];
  readonly logger: Logger;
  /** The broker's médiacentre web service; absent when the broker runs without web services. */
  readonly mediacentre?: DemoMediacentreService;
}

export interface DemoEnt {
  readonly app: express.Express;
  readonly entityId: string;
  readonly metadataXml: string;
  /** SAML Responses sent to the broker since start (a second resource must not add one). */
  answered(): number;
}

const cookieName = 'demo_ent_compte';

export function createDemoEnt(options: DemoEntOptions): DemoEnt {
  const idp = createDemoEntIdp(options.entUrl, options.brokerUrl, options.key, options.entityId);
  const log = options.logger.child({ component: 'demo-ent' });
  const userOf = (req: Request): DemoUser | undefined => options.users.find((u) => u.id === readCookie(req, cookieName));
  const counter = { answered: 0 };
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => { setPageHeaders(res); next(); });
  app.get('/demo.css', (_req, res) => { res.type('text/css').send(demoCss); });
  app.get('/post.js', (_req, res) => { res.type('text/javascript').send(autoPostJs); });
  accountRoutes(app, options, userOf);
  app.get('/mediacentre', async (req, res, next) => {
    try {
      const user = userOf(req);
      if (user === undefined) { res.redirect(303, `/?suite=${encodeURIComponent('/mediacentre')}`); return; }
      const view = await mediacentreView(options, user, log);
      res.type('html').send(mediacentrePage(user, options.establishment, view, counter.answered));
    } catch (error) {
      next(error);
    }
  });
  app.get('/saml/metadata', (_req, res) => { res.type('application/samlmetadata+xml').send(idp.metadataXml); });
  app.get('/saml/sso', async (req, res, next) => {
    try {
      const user = userOf(req);
      // Not logged into the ENT yet: the account page first, then this same request again.
      if (user === undefined) { res.redirect(303, `/?suite=${encodeURIComponent(req.originalUrl)}`); return; }
      const post = await idp.answer(await idp.readAuthnRequest(rawQueryOf(req)), user.id);
      counter.answered += 1;
      log.info({ event: 'demo_ent.response_sent', answered: counter.answered });
      setPageHeaders(res, 'anywhere');
      res.type('html').send(renderAutoPost('ent', post.action, post.fields));
    } catch (error) {
      next(error);
    }
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    log.warn({ event: 'demo_ent.request_refused', detail: String(error).slice(0, 300) });
    res.status(400).type('html').send(entErrorPage('La demande d’authentification du courtier n’a pas pu être lue (signature, destinataire ou format).'));
  });
  return { app, entityId: idp.entityId, metadataXml: idp.metadataXml, answered: () => counter.answered };
}

/** "Log in as": no password, a cookie naming the demo account; then on to `suite` (a local path). */
function accountRoutes(app: express.Express, options: DemoEntOptions, userOf: (req: Request) => DemoUser | undefined): void {
  app.get('/', (req, res) => { res.type('html').send(pickUserPage(options.users, options.establishment, localPath(req.query['suite']), userOf(req))); });
  app.post('/connexion', express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 5 }), (req, res) => {
    const body = req.body as Record<string, unknown>;
    const user = options.users.find((u) => u.id === body['compte']);
    if (user === undefined) { res.status(400).type('html').send(entErrorPage('Compte de démonstration inconnu.')); return; }
    res.append('Set-Cookie', `${cookieName}=${encodeURIComponent(user.id)}; Path=/; HttpOnly; SameSite=Lax`);
    res.redirect(303, localPath(body['suite']) ?? '/mediacentre');
  });
  app.post('/deconnexion', (_req, res) => {
    res.append('Set-Cookie', `${cookieName}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
    res.redirect(303, '/');
  });
}

/**
 * What the web service lists for this user, then the demo resources it left out. On an error the
 * page names its code and offers every demo resource, so the demo keeps working.
 */
async function mediacentreView(options: DemoEntOptions, user: DemoUser, log: Logger): Promise<MediacentreView> {
  const all = handBuiltEntries(options);
  if (options.mediacentre === undefined) return { kind: 'static', others: all };
  const answer = await askMediacentre(options.mediacentre, { entId: options.entId, uai: options.establishment.uai, personId: user.id });
  if (answer.kind === 'error') {
    log.warn({ event: 'demo_ent.mediacentre_failed', code: answer.code });
    return { kind: 'failed', code: answer.code, ...(answer.message === undefined ? {} : { message: answer.message }), others: all };
  }
  const listed = new Set(answer.resources.map((r) => r.idRessource));
  return { kind: 'listed', listed: answer.resources, others: all.filter((entry) => !listed.has(entry.idRessource)) };
}

/**
 * GAR's médiacentre links built by the demo ENT itself (idENT and idEtab in base64, the ARK
 * URL-encoded, gar-reference §2 A): only for what the web service did not list.
 */
function handBuiltEntries(options: DemoEntOptions): MediacentreEntry[] {
  const b64 = (text: string): string => encodeURIComponent(Buffer.from(text).toString('base64'));
  return options.resources.map((r) => ({
    idRessource: r.idRessource, nom: r.nom, description: r.description,
    href: `${options.brokerUrl}/domaineGar?idENT=${b64(options.entId)}&idEtab=${b64(options.establishment.uai)}&idRessource=${encodeURIComponent(r.idRessource)}`,
  }));
}

/** Only a path of this site: `/x`, never `//host` or a full URL (no open redirect). */
function localPath(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && value.length <= 8192 ? value : undefined;
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The query exactly as sent: the Redirect binding's signature covers these octets. */
function rawQueryOf(req: Request): string {
  const at = req.originalUrl.indexOf('?');
  return at < 0 ? '' : req.originalUrl.slice(at + 1);
}
