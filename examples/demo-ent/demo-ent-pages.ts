/** The demo ENT's pages: pick an account, an error (the médiacentre has its own file). */
import type { DemoEstablishment, DemoUser } from '../demo-directory.js';
import { escapeHtml as e, renderPage } from '../demo-html.js';

const profiles: Readonly<Record<string, string>> = {
  National_elv: 'Élève',
  National_ens: 'Enseignant·e',
  National_doc: 'Professeur·e documentaliste',
  National_dir: 'Direction',
  National_evs: 'Vie scolaire',
  National_eta: 'Personnel administratif',
  National_col: 'Collectivité',
};

export const profileLabel = (profile: string): string => profiles[profile] ?? profile;

export function banner(user: DemoUser | undefined): string {
  if (user === undefined) return 'Non connecté';
  return (
    `${e(user.firstName)} ${e(user.lastName)} (${e(profileLabel(user.profile))}) `
    + '<form method="post" action="/deconnexion" class="inline"><button type="submit">Se déconnecter</button></form>'
  );
}

export interface PickUserView {
  /** A local path to go on to once logged in (the broker's AuthnRequest waiting). */
  readonly next?: string | undefined;
  readonly current?: DemoUser | undefined;
  /** The `info` query parameter: a key of `notices`, anything else is ignored. */
  readonly notice?: unknown;
}

/** What the account page says after a logout, by key (never text taken from the URL). */
const notices: Readonly<Record<string, { readonly css: 'ok' | 'error'; readonly text: string }>> = {
  deconnexion: { css: 'ok', text: 'Vous êtes déconnecté de l’ENT et des ressources ouvertes depuis le courtier.' },
  'deconnexion-ent': {
    css: 'ok',
    text: 'Vous êtes déconnecté de l’ENT (aucune ressource n’avait été ouverte par le courtier).',
  },
  'deconnexion-sans-slo': {
    css: 'error',
    text:
      'Vous êtes déconnecté de l’ENT. Les métadonnées du courtier n’annoncent pas de service de déconnexion '
      + '(SingleLogoutService) : il n’a pas été prévenu, ses sessions et les ressources ouvertes restent actives.',
  },
  'deconnexion-non-confirmee': {
    css: 'error',
    text:
      'Vous êtes déconnecté de l’ENT, mais le courtier n’a pas confirmé la déconnexion '
      + 'des ressources ouvertes depuis lui.',
  },
};

export function pickUserPage(
  users: readonly DemoUser[],
  establishment: DemoEstablishment,
  view: PickUserView = {},
): string {
  const { next, current } = view;
  const cards = users
    .map((u) => {
      const classes = u.classes.length === 0 ? '' : ` · ${e(u.classes.join(', '))}`;
      const suite = next === undefined ? '' : `<input type="hidden" name="suite" value="${e(next)}">`;
      return `<div class="card"><h2>${e(u.firstName)} ${e(u.lastName)}</h2>
<p>${e(profileLabel(u.profile))}${classes}</p><p class="muted">${e(u.hint)}</p>
<form method="post" action="/connexion"><input type="hidden" name="compte" value="${e(u.id)}">${suite}
<button type="submit">Se connecter avec ce compte</button></form></div>`;
    })
    .join('\n');
  const intro =
    next === undefined
      ? `<p class="note">Choisissez un compte de démonstration du ${e(establishment.name)} `
        + `(UAI ${e(establishment.uai)}), puis ouvrez une ressource depuis le médiacentre. `
        + 'Aucun mot de passe : c’est une démonstration.</p>'
      : '<p class="note">Le courtier (GAR) demande à l’ENT qui vous êtes : '
        + 'connectez-vous, et la ressource s’ouvrira ensuite.</p>';
  const key = typeof view.notice === 'string' && Object.hasOwn(notices, view.notice) ? view.notice : undefined;
  const notice = key === undefined ? undefined : notices[key];
  const shown = notice === undefined ? '' : `<p class="${notice.css}" id="avis">${e(notice.text)}</p>`;
  const body = `${shown}${intro}<div class="cards">${cards}</div>`;
  return renderPage({ site: 'ent', title: 'Connexion à l’ENT', banner: banner(current), body });
}

export function entErrorPage(message: string): string {
  return renderPage({
    site: 'ent',
    title: 'Erreur',
    body: `<p class="note">${e(message)}</p><p><a href="/">Retour à l’accueil de l’ENT</a></p>`,
  });
}
