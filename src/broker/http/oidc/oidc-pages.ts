/**
 * The pages oidc-provider shows itself, in French like every login page: its error page (the
 * correlation id and a stable code, never the error's description, which goes to the log), and
 * the RP-initiated logout's confirmation, a plain form (the pages' CSP runs no inline script).
 */
import type { OidcPages } from '../../../federation/index.js';
import { escapeHtml, page } from '../login/html.js';
import { renderErrorPage } from '../login/login-pages.js';

export const oidcPages: OidcPages = {
  error: ({ status, correlationId }) =>
    renderErrorPage({
      lang: 'fr',
      status,
      code: status >= 500 ? 'ERR_HTTP_INTERNAL' : 'ERR_OIDC_FAILED',
      correlationId,
      message:
        'La demande de connexion envoyée par le service est invalide ou a expiré : revenez au service et recommencez.',
    }),
  logout: (form) =>
    page(
      'fr',
      'Déconnexion',
      `<h1>${escapeHtml('Déconnexion')}</h1>${form}`
        + '<p>Voulez-vous vous déconnecter du service de connexion aux ressources ?</p>'
        + '<p><button type="submit" form="op.logoutForm" value="yes" name="logout">Se déconnecter</button> '
        + '<button type="submit" form="op.logoutForm">Rester connecté</button></p>',
    ),
  loggedOut: () =>
    page(
      'fr',
      'Déconnexion',
      '<h1>Déconnexion</h1><p>Vous êtes déconnecté. Vous pouvez fermer cette page ou revenir à votre ENT.</p>',
    ),
};
