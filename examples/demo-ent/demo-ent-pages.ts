/** The demo ENT's pages: pick an account, an error (the médiacentre has its own file). */
import type { DemoEstablishment, DemoUser } from '../demo-directory.js';
import { escapeHtml as e, renderPage } from '../demo-html.js';

const profiles: Readonly<Record<string, string>> = {
  National_elv: 'Élève', National_ens: 'Enseignant·e', National_doc: 'Professeur·e documentaliste', National_dir: 'Direction',
  National_evs: 'Vie scolaire', National_eta: 'Personnel administratif', National_col: 'Collectivité',
};

export const profileLabel = (profile: string): string => profiles[profile] ?? profile;

export function banner(user: DemoUser | undefined): string {
  if (user === undefined) return 'Non connecté';
  return `${e(user.firstName)} ${e(user.lastName)} (${e(profileLabel(user.profile))}) <form method="post" action="/deconnexion" class="inline"><button type="submit">Se déconnecter</button></form>`;
}

export function pickUserPage(users: readonly DemoUser[], establishment: DemoEstablishment, next: string | undefined, current: DemoUser | undefined): string {
  const cards = users.map((u) => `<div class="card"><h2>${e(u.firstName)} ${e(u.lastName)}</h2>
<p>${e(profileLabel(u.profile))}${u.classes.length === 0 ? '' : ` · ${e(u.classes.join(', '))}`}</p><p class="muted">${e(u.hint)}</p>
<form method="post" action="/connexion"><input type="hidden" name="compte" value="${e(u.id)}">${next === undefined ? '' : `<input type="hidden" name="suite" value="${e(next)}">`}
<button type="submit">Se connecter avec ce compte</button></form></div>`).join('\n');
  const intro = next === undefined
    ? `<p class="note">Choisissez un compte de démonstration du ${e(establishment.name)} (UAI ${e(establishment.uai)}), puis ouvrez une ressource depuis le médiacentre. Aucun mot de passe : c’est une démonstration.</p>`
    : '<p class="note">Le courtier (GAR) demande à l’ENT qui vous êtes : connectez-vous, et la ressource s’ouvrira ensuite.</p>';
  return renderPage({ site: 'ent', title: 'Connexion à l’ENT', banner: banner(current), body: `${intro}<div class="cards">${cards}</div>` });
}

export function entErrorPage(message: string): string {
  return renderPage({ site: 'ent', title: 'Erreur', body: `<p class="note">${e(message)}</p><p><a href="/">Retour à l’accueil de l’ENT</a></p>` });
}
