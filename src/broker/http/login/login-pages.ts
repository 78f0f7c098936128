/**
 * The pages a login can end on: an error page (French first, with the correlation id the
 * helpdesk asks for), the ENT discovery page, and the auto-posting form of the HTTP-POST binding.
 */
import { errorCodes } from '../../../core/error-codes.js';
import { escapeHtml, page, type PageLanguage } from './html.js';

const titles: Record<PageLanguage, Record<'denied' | 'failed' | 'internal', string>> = {
  fr: { denied: 'Accès refusé', failed: 'Connexion impossible', internal: 'Erreur du service' },
  en: { denied: 'Access refused', failed: 'Login failed', internal: 'Service error' },
};

export interface ErrorPageInput {
  readonly lang: PageLanguage;
  readonly status: number;
  readonly code: string;
  /** The BrokerError's public (French) message; not shown for a 5xx. */
  readonly message: string;
  readonly correlationId: string;
}

export function renderErrorPage(input: ErrorPageInput): string {
  const kind = input.status >= 500 ? 'internal' : input.status === 403 ? 'denied' : 'failed';
  const title = titles[input.lang][kind];
  const english = errorCodes[input.code as keyof typeof errorCodes]?.description ?? 'The request could not be served.';
  const text =
    input.status >= 500
      ? input.lang === 'fr'
        ? 'Le service a rencontré une erreur. Réessayez dans quelques instants.'
        : 'The service failed. Please try again in a moment.'
      : input.lang === 'fr'
        ? input.message
        : english;
  const reference = input.lang === 'fr' ? 'Référence à communiquer à l’assistance' : 'Reference for the helpdesk';
  const back =
    input.lang === 'fr' ? 'Revenez à votre ENT pour continuer.' : 'Go back to your school portal (ENT) to continue.';
  return page(
    input.lang,
    title,
    `<h1>${escapeHtml(title)}</h1><p role="alert">${escapeHtml(text)}</p><p>${escapeHtml(back)}</p>`
      + `<p class="ref">${escapeHtml(reference)} : `
      + `<code>${escapeHtml(input.correlationId)}</code> (${escapeHtml(input.code)})</p>`,
  );
}

/** One choice of the discovery page: a link (Redirect binding) or a form re-posting the request (POST binding). */
export type DiscoveryChoice =
  | { readonly entId: string; readonly href: string }
  | { readonly entId: string; readonly fields: Readonly<Record<string, string>> };

export function renderDiscoveryPage(lang: PageLanguage, choices: readonly DiscoveryChoice[]): string {
  const title = lang === 'fr' ? 'Choisissez votre ENT' : 'Choose your school portal (ENT)';
  const intro =
    lang === 'fr'
      ? 'Pour accéder à cette ressource, connectez-vous avec l’espace numérique de travail de votre établissement.'
      : 'To open this resource, log in with your school’s digital workspace (ENT).';
  const items = choices
    .map((c) =>
      'href' in c
        ? `<li><a href="${escapeHtml(c.href)}">ENT ${escapeHtml(c.entId)}</a></li>`
        : `<li><form method="post" action="/saml/idp/sso">${hiddenFields(c.fields)}`
          + `<button type="submit">ENT ${escapeHtml(c.entId)}</button></form></li>`,
    )
    .join('');
  return page(lang, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(intro)}</p><ul>${items}</ul>`);
}

/** The HTTP-POST binding: a form the script submits at once, and a button without script. */
export function renderAutoPostPage(action: string, fields: Readonly<Record<string, string>>): string {
  return page(
    'fr',
    'Connexion en cours…',
    `<form method="post" action="${escapeHtml(action)}" id="saml-post">${hiddenFields(fields)}`
      + '<p>Connexion à la ressource en cours…</p><noscript><button type="submit">Continuer</button></noscript></form>',
    '<script src="/saml/assets/post.js" defer></script>',
  );
}

function hiddenFields(fields: Readonly<Record<string, string>>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
}

export const autoPostScript = "document.getElementById('saml-post').submit();\n";
