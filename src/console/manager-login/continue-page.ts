/**
 * The page the console's ACS answers once the session is open. Not a 302: the session cookie is
 * SameSite=Strict and this response ends a cross-site POST (from the ENT), so a redirect would
 * still belong to that cross-site navigation and the browser would not send the new cookie:
 * the manager would land on the login page. A page of our own origin that moves on by itself
 * (meta refresh; a link for browsers that do not) starts a same-site navigation, which does
 * send it. No inline script: the console's CSP forbids one. Fixed text, no personal data.
 */
import type { Response } from 'express';

const page =
  '<!doctype html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
  + '<meta http-equiv="refresh" content="0; url=/console/">\n'
  + '<title>Connexion · Console d’affectation</title>\n<link rel="stylesheet" href="/console/assets/console.css">\n'
  + '</head>\n<body>\n<main id="contenu">\n<h1>Connexion réussie</h1>\n'
  + '<p><a class="button" href="/console/">Continuer vers la console</a></p>\n</main>\n</body>\n</html>\n';

export function sendContinuePage(res: Response): void {
  res.status(200).setHeader('Cache-Control', 'no-store');
  res.type('html').send(page);
}
