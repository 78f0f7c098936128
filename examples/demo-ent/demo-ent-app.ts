/**
 * The demo ENT (not part of the broker): "log in as" a demo account (an ENT session per browser),
 * the médiacentre, which asks the broker's médiacentre web service what the user may open (as a
 * real ENT does, gar-reference §2 A step 1), and the IdP endpoints the broker uses. When the
 * broker asks who the user is and nobody is logged in, the account page comes first, then the
 * same AuthnRequest is answered; a passive request is answered at once (who is logged in now, or
 * NoPassive). « Se déconnecter » ends the ENT session and, by single logout, what the broker
 * opened from it; « Changer d’utilisateur sans se déconnecter » does not tell the broker.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../../src/core/logger.js';
import type { DemoEstablishment, DemoUser } from '../demo-directory.js';
import { autoPostJs, demoCss, renderAutoPost, setPageHeaders } from '../demo-html.js';
import type { DemoKeyPair } from '../demo-keys.js';
import { rawQueryOf } from '../samlify-setup.js';
import { mountAccountRoutes } from './demo-ent-account-routes.js';
import { createDemoEntIdp, type AutoPost, type BrokerRequest, type DemoEntIdp } from './demo-ent-idp.js';
import { createDemoEntLogout } from './demo-ent-logout.js';
import { mountLogoutRoutes } from './demo-ent-logout-routes.js';
import { askMediacentre, type DemoMediacentreService } from './demo-ent-mediacentre-client.js';
import { mediacentrePage, type MediacentreEntry, type MediacentreView } from './demo-ent-mediacentre-page.js';
import { entErrorPage } from './demo-ent-pages.js';
import { createEntSessions, type EntSession } from './demo-ent-sessions.js';
import { definedFields } from '../../src/core/defined-fields.js';

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
  /** Responses to the broker's interactive AuthnRequests since start (a second resource must not add one). */
  answered(): number;
  /** Answers to the broker's passive AuthnRequests since start (who is logged in now, or NoPassive). */
  passiveAnswered(): number;
}

export function createDemoEnt(options: DemoEntOptions): DemoEnt {
  const idp = createDemoEntIdp(options.entUrl, options.brokerUrl, options.key, options.entityId);
  const log = options.logger.child({ component: 'demo-ent' });
  const sessions = createEntSessions();
  const counters = { answered: 0, passive: 0 };
  const app = express();
  app.disable('x-powered-by');
  // « Se déconnecter » is a form whose answer redirects to the broker's SingleLogoutService.
  const brokerOrigin = new URL(options.brokerUrl).origin;
  app.use((_req, res, next) => {
    setPageHeaders(res, 'self', [brokerOrigin]);
    next();
  });
  app.get('/demo.css', (_req, res) => {
    res.type('text/css').send(demoCss);
  });
  app.get('/post.js', (_req, res) => {
    res.type('text/javascript').send(autoPostJs);
  });
  mountAccountRoutes(app, { users: options.users, establishment: options.establishment, sessions });
  mountLogoutRoutes(app, { sessions, logout: createDemoEntLogout(idp, options.brokerUrl), log });
  app.get('/mediacentre', async (req, res, next) => {
    try {
      const user = sessions.of(req)?.user;
      if (user === undefined) {
        res.redirect(303, `/?suite=${encodeURIComponent('/mediacentre')}`);
        return;
      }
      const view = await mediacentreView(options, user, log);
      const others = options.users.filter((u) => u.id !== user.id);
      res.type('html').send(mediacentrePage(user, options.establishment, view, { ...counters, others }));
    } catch (error) {
      next(error);
    }
  });
  app.get('/saml/metadata', (_req, res) => {
    res.type('application/samlmetadata+xml').send(idp.metadataXml);
  });
  app.get('/saml/sso', async (req, res, next) => {
    try {
      const request = await idp.readAuthnRequest(rawQueryOf(req.originalUrl));
      const post = await answerBroker(idp, request, sessions.of(req));
      // Not logged into the ENT and asked interactively: the account page first, then this same request again.
      if (post === undefined) {
        res.redirect(303, `/?suite=${encodeURIComponent(req.originalUrl)}`);
        return;
      }
      if (request.isPassive) counters.passive += 1;
      else counters.answered += 1;
      log.info({ event: 'demo_ent.response_sent', isPassive: request.isPassive, ...counters });
      setPageHeaders(res, 'anywhere');
      res.type('html').send(renderAutoPost('ent', post.action, post.fields));
    } catch (error) {
      next(error);
    }
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    log.warn({ event: 'demo_ent.request_refused', detail: String(error).slice(0, 300) });
    const message = 'La demande du courtier n’a pas pu être lue (signature, destinataire ou format).';
    res.status(400).type('html').send(entErrorPage(message));
  });
  return {
    app,
    entityId: idp.entityId,
    metadataXml: idp.metadataXml,
    answered: () => counters.answered,
    passiveAnswered: () => counters.passive,
  };
}

/**
 * The Response for the session's user; for a passive request without a session, the NoPassive
 * status; undefined when the user must log in first.
 */
async function answerBroker(
  idp: DemoEntIdp,
  request: BrokerRequest,
  session: EntSession | undefined,
): Promise<AutoPost | undefined> {
  if (session === undefined) return request.isPassive ? idp.answerNoPassive(request) : undefined;
  // A logout at the broker's login SP ends what that SP opened; the console keeps its own sessions.
  if (request.sp === 'login') session.toBroker = true;
  const { user, loginAt, nameId, sessionIndex } = session;
  return idp.answer(request, { personId: user.id, loginAt, nameId, sessionIndex });
}

/**
 * What the web service lists for this user, then the demo resources it left out. On an error the
 * page names its code and offers every demo resource, so the demo keeps working.
 */
async function mediacentreView(options: DemoEntOptions, user: DemoUser, log: Logger): Promise<MediacentreView> {
  const all = handBuiltEntries(options);
  if (options.mediacentre === undefined) return { kind: 'static', others: all };
  const answer = await askMediacentre(options.mediacentre, {
    entId: options.entId,
    uai: options.establishment.uai,
    personId: user.id,
  });
  if (answer.kind === 'error') {
    log.warn({ event: 'demo_ent.mediacentre_failed', code: answer.code });
    return { kind: 'failed', code: answer.code, ...definedFields({ message: answer.message }), others: all };
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
    idRessource: r.idRessource,
    nom: r.nom,
    description: r.description,
    href:
      `${options.brokerUrl}/domaineGar?idENT=${b64(options.entId)}&idEtab=${b64(options.establishment.uai)}`
      + `&idRessource=${encodeURIComponent(r.idRessource)}`,
  }));
}
