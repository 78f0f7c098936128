/** The page `/cas/logout` ends on when no registered service is to be shown next. */
import { escapeHtml, page, type PageLanguage } from './html.js';

export function renderLoggedOutPage(lang: PageLanguage): string {
  const title = lang === 'fr' ? 'Vous êtes déconnecté' : 'You are logged out';
  const text =
    lang === 'fr'
      ? 'Votre session auprès du service d’accès aux ressources est '
        + 'terminée. Pour quitter aussi votre ENT, déconnectez-vous de l’ENT.'
      : 'Your session with the resource access service has ended. '
        + 'To leave your school portal (ENT) too, log out of the ENT.';
  return page(lang, title, `<h1>${escapeHtml(title)}</h1><p role="status">${escapeHtml(text)}</p>`);
}
