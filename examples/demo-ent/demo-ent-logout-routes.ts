/**
 * The demo ENT's logout routes.
 *
 * | route                          | what happens                                                        |
 * |--------------------------------|---------------------------------------------------------------------|
 * | `POST /deconnexion`            | the ENT session ends; if it sent the broker an assertion and the    |
 * |                                | broker declares a SingleLogoutService, a signed LogoutRequest there |
 * | `GET /saml/slo?SAMLResponse=…` | the broker's answer: the account page says what was logged out      |
 * | `GET /saml/slo?SAMLRequest=…`  | a logout started at the broker: the ENT session it names ends, a    |
 * |                                | signed LogoutResponse goes back                                     |
 *
 * The account page's message is picked by a fixed key (`?info=`), never text from the URL.
 */
import type express from 'express';
import type { Logger } from '../../src/core/logger.js';
import { rawQueryOf } from '../samlify-setup.js';
import type { DemoEntLogout } from './demo-ent-logout.js';
import type { EntSessions } from './demo-ent-sessions.js';

export interface LogoutRoutesDeps {
  readonly sessions: EntSessions;
  readonly logout: DemoEntLogout;
  readonly log: Logger;
}

export function mountLogoutRoutes(app: express.Express, deps: LogoutRoutesDeps): void {
  const { sessions, logout, log } = deps;
  app.post('/deconnexion', async (req, res) => {
    const session = sessions.close(req, res);
    if (session?.toBroker !== true) {
      res.redirect(303, '/?info=deconnexion-ent');
      return;
    }
    try {
      const url = await logout.requestUrl(session);
      log.info({ event: 'demo_ent.logout_started', toBroker: url !== undefined });
      res.redirect(url === undefined ? 303 : 302, url ?? '/?info=deconnexion-sans-slo');
    } catch (error) {
      log.warn({ event: 'demo_ent.logout_failed', detail: String(error).slice(0, 300) });
      res.redirect(303, '/?info=deconnexion-non-confirmee');
    }
  });
  app.get('/saml/slo', async (req, res, next) => {
    const rawQuery = rawQueryOf(req.originalUrl);
    if (typeof req.query['SAMLResponse'] === 'string') {
      try {
        await logout.readResponse(rawQuery);
        log.info({ event: 'demo_ent.logout_confirmed' });
        res.redirect(303, '/?info=deconnexion');
      } catch (error) {
        // This browser's ENT session ended already; only the message differs.
        log.warn({ event: 'demo_ent.logout_response_refused', detail: String(error).slice(0, 300) });
        res.redirect(303, '/?info=deconnexion-non-confirmee');
      }
      return;
    }
    try {
      const request = await logout.readRequest(rawQuery);
      const ended = sessions.byAssertion(request.nameId, request.sessionIndex);
      // In this browser, its cookie goes too; a session of another browser just ends.
      if (ended !== undefined && sessions.of(req) === ended) sessions.close(req, res);
      else if (ended !== undefined) sessions.end(ended);
      log.info({ event: 'demo_ent.logout_requested', sessionFound: ended !== undefined });
      // Success even for a session already gone: what the broker asked for holds (saml-core §3.7.3.2).
      res.redirect(302, logout.responseUrl(request));
    } catch (error) {
      next(error);
    }
  });
}
