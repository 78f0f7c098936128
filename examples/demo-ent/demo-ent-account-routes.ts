/**
 * The demo ENT's account routes: the pick-an-account page, "log in as" (no password: a new ENT
 * session for the account), and « Changer d’utilisateur sans se déconnecter », which opens a
 * session for another account in the same browser without any logout at the broker, as happens
 * on a shared school computer. Logging out is in demo-ent-logout-routes.ts.
 */
import express, { type Request } from 'express';
import type { DemoEstablishment, DemoUser } from '../demo-directory.js';
import { entErrorPage, pickUserPage } from './demo-ent-pages.js';
import type { EntSessions } from './demo-ent-sessions.js';

export interface AccountRoutesDeps {
  readonly users: readonly DemoUser[];
  readonly establishment: DemoEstablishment;
  readonly sessions: EntSessions;
}

export function mountAccountRoutes(app: express.Express, deps: AccountRoutesDeps): void {
  const { users, establishment, sessions } = deps;
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 5 });
  const field = (req: Request, name: string): unknown => (req.body as Record<string, unknown>)[name];
  const chosen = (req: Request): DemoUser | undefined => users.find((u) => u.id === field(req, 'compte'));
  const unknownAccount = (res: express.Response): void => {
    res.status(400).type('html').send(entErrorPage('Compte de démonstration inconnu.'));
  };
  app.get('/', (req, res) => {
    const page = pickUserPage(users, establishment, {
      next: localPath(req.query['suite']),
      current: sessions.of(req)?.user,
      notice: req.query['info'],
    });
    res.type('html').send(page);
  });
  app.post('/connexion', form, (req, res) => {
    const user = chosen(req);
    if (user === undefined) {
      unknownAccount(res);
      return;
    }
    sessions.open(req, res, user);
    res.redirect(303, localPath(field(req, 'suite')) ?? '/mediacentre');
  });
  // The broker is not told: its session, opened for the previous account, is still in this browser.
  app.post('/changer-utilisateur', form, (req, res) => {
    const user = chosen(req);
    if (user === undefined) {
      unknownAccount(res);
      return;
    }
    sessions.open(req, res, user);
    res.redirect(303, '/mediacentre');
  });
}

/** Only a path of this site: `/x`, never `//host` or a full URL (no open redirect). */
function localPath(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && value.length <= 8192 ? value : undefined;
}
