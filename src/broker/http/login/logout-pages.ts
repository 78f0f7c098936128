/**
 * The front-channel logout page: each SAML publisher of the ended sessions gets its signed
 * LogoutRequest in a frame of this page, one after the other; a publisher that has not answered
 * within `waitSeconds` is left behind and the next one asked; then the browser goes on. Without
 * script, every frame loads at once and the page moves on after all the turns (meta refresh).
 * The publishers' names are not shown: the page says only what happens, in French first.
 */
import type { LogoutRunPage } from '../../logout-run.js';
import { escapeHtml, page, type PageLanguage } from './html.js';

export function renderLogoutRunPage(lang: PageLanguage, run: LogoutRunPage): string {
  const title = lang === 'fr' ? 'Déconnexion en cours…' : 'Logging out…';
  const text =
    lang === 'fr'
      ? `Fermeture de votre session dans les ressources ouvertes (${run.frames.length}). Merci de patienter.`
      : `Closing your session in the resources you opened (${run.frames.length}). Please wait.`;
  const next = lang === 'fr' ? 'Continuer' : 'Continue';
  const total = run.frames.length * run.waitSeconds;
  const frameTitle = lang === 'fr' ? 'Déconnexion' : 'Logout';
  const frames = run.frames
    .map(
      (src, n) =>
        `<iframe title="${escapeHtml(`${frameTitle} ${n + 1}`)}"` + ` data-src="${escapeHtml(src)}" hidden></iframe>`,
    )
    .join('');
  const fallback = run.frames.map((src) => `<iframe src="${escapeHtml(src)}" hidden></iframe>`).join('');
  const body =
    `<h1>${escapeHtml(title)}</h1><p role="status">${escapeHtml(text)}</p>`
    + `<div id="logout-frames" data-wait="${run.waitSeconds}" data-done="${escapeHtml(run.doneUrl)}">${frames}</div>`
    + `<noscript>${fallback}</noscript><p><a href="${escapeHtml(run.doneUrl)}">${escapeHtml(next)}</a></p>`;
  const head =
    `<noscript><meta http-equiv="refresh" content="${total};url=${escapeHtml(run.doneUrl)}"></noscript>`
    + '<script src="/saml/assets/logout.js" defer></script>';
  return page(lang, title, body, head);
}

/** What a publisher's frame shows once its LogoutResponse came back (the page's script waits for it). */
export function renderLogoutFrameDone(): string {
  return (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Déconnecté</title></head>'
    + '<body data-logout-done="1"><p>Déconnexion effectuée.</p></body></html>'
  );
}

/**
 * One frame at a time: a frame is done when it shows the broker's own done page (same origin, so
 * readable), or when its time is up; then the next; then the continuation.
 */
export const logoutScript = `(function () {
  var box = document.getElementById('logout-frames');
  if (!box) return;
  var frames = box.querySelectorAll('iframe[data-src]');
  var wait = Number(box.getAttribute('data-wait')) * 1000;
  var done = box.getAttribute('data-done');
  function finished(frame) {
    try {
      var body = frame.contentDocument && frame.contentDocument.body;
      return Boolean(body && body.hasAttribute('data-logout-done'));
    } catch (e) {
      return false;
    }
  }
  function next(i) {
    if (i >= frames.length) { window.location.replace(done); return; }
    var frame = frames[i];
    var over = false;
    function go() { if (over) return; over = true; clearTimeout(timer); next(i + 1); }
    var timer = setTimeout(go, wait);
    frame.addEventListener('load', function () { if (finished(frame)) go(); });
    frame.src = frame.getAttribute('data-src');
  }
  next(0);
})();
`;
