/**
 * The demo ENT's médiacentre page. First what the broker's médiacentre web service answered for
 * this user, shown as an ENT shows it (name, thumbnail, presentation type, the link as given);
 * then, kept apart, the demo resources it did not list, with links the demo ENT builds itself,
 * so that the newcomer can still see the broker's refusal page (README, `npm start`).
 */
import type { DemoEstablishment, DemoUser } from '../demo-directory.js';
import { escapeHtml as e, renderPage } from '../demo-html.js';
import type { ListedResource } from './demo-ent-mediacentre-client.js';
import { banner, profileLabel } from './demo-ent-pages.js';

/** A demo resource with the `/domaineGar` link the demo ENT builds by hand. */
export interface MediacentreEntry {
  readonly idRessource: string;
  readonly nom: string;
  readonly description: string;
  readonly href: string;
}

export type MediacentreView =
  /** The web service answered: `listed` as it gave them, `others` the demo resources it left out. */
  | {
      readonly kind: 'listed';
      readonly listed: readonly ListedResource[];
      readonly others: readonly MediacentreEntry[];
    }
  /** The web service answered an error, or nothing: every demo resource, hand-linked. */
  | {
      readonly kind: 'failed';
      readonly code: string;
      readonly message?: string;
      readonly others: readonly MediacentreEntry[];
    }
  /** `webServices.enabled` is false: no web service to ask. */
  | { readonly kind: 'static'; readonly others: readonly MediacentreEntry[] };

/** gar-reference §6: the codes of `typePresentation`, for an answer that carries no `nom`. */
const presentationLabels: Readonly<Record<string, string>> = {
  MAN: 'manuel numérique',
  MUL: 'multimédia',
  ACC: 'accompagnement',
  DIC: 'référence',
  DOC: 'documentaire, presse',
  PRO: 'production',
};

/** The ENT's counts of answers to the broker, and the accounts one may switch to. */
export interface MediacentreExtras {
  readonly answered: number;
  readonly passive: number;
  readonly others: readonly DemoUser[];
}

export function mediacentrePage(
  user: DemoUser,
  establishment: DemoEstablishment,
  view: MediacentreView,
  extras: MediacentreExtras,
): string {
  return renderPage({
    site: 'ent',
    title: 'Médiacentre',
    banner: banner(user),
    body:
      `<p class="note">${e(establishment.name)} · chaque lien passe par le courtier (<code>/domaineGar</code>), `
      + `qui vérifie la licence puis ouvre la ressource chez l’éditeur.
La première ressource demande à l’ENT qui vous êtes ; les suivantes réutilisent la session du courtier.</p>
${firstSection(view)}
${demonstrationSection(view, user)}
${switchSection(extras.others)}
<p class="muted">Réponses SAML envoyées par l’ENT au courtier depuis le démarrage :
${extras.answered} à des demandes de connexion, ${extras.passive} à des vérifications passives (sans écran).
<a href="/">Changer de compte</a></p>`,
  });
}

/**
 * « Changer d’utilisateur sans se déconnecter »: what a shared school computer does. The broker
 * is not told; before reusing its session it asks the ENT, without any screen, who is logged in.
 */
function switchSection(others: readonly DemoUser[]): string {
  if (others.length === 0) return '';
  const options = others
    .map((u) => {
      const classes = u.classes.length === 0 ? '' : `, ${e(u.classes.join(', '))}`;
      const label = `${e(u.firstName)} ${e(u.lastName)} (${e(profileLabel(u.profile))}${classes})`;
      return `<option value="${e(u.id)}">${label}</option>`;
    })
    .join('');
  return `<section id="ordinateur-partage" class="demo"><h2>Ordinateur partagé</h2>
<p class="muted">Comme sur un poste de l’établissement, un autre élève prend la place sans que le précédent
se soit déconnecté : l’ENT change de compte sans prévenir le courtier. À la ressource suivante, le courtier
demande à l’ENT, sans écran, qui est connecté maintenant, et ne transmet jamais l’identité du compte précédent.</p>
<form method="post" action="/changer-utilisateur"><select name="compte">${options}</select>
<button type="submit">Changer d’utilisateur sans se déconnecter</button></form></section>`;
}

function firstSection(view: MediacentreView): string {
  if (view.kind === 'static') {
    return (
      '<p class="note">Le service web médiacentre du courtier est désactivé dans sa configuration '
      + `(<code>webServices.enabled</code>) :
l’ENT de démonstration affiche sa liste fixe de ressources, avec des liens construits par lui-même.</p>`
    );
  }
  if (view.kind === 'failed') {
    const detail = view.message === undefined ? '' : ` : ${e(view.message)}`;
    return (
      '<section id="mes-ressources"><h2>Mes ressources</h2>'
      + `<p class="error">Le service web médiacentre du courtier n’a pas fourni la liste de vos ressources
(code <code>${e(view.code)}</code>${detail}). `
      + 'Les ressources de démonstration restent accessibles ci-dessous.</p></section>'
    );
  }
  const cards = view.listed.map(listedCard).join('\n');
  return (
    `<section id="mes-ressources"><h2>Mes ressources</h2>
<p class="muted">Liste donnée par le service web médiacentre du courtier, `
    + 'interrogé par le serveur de l’ENT avec son certificat client, comme le fait un vrai ENT.</p>\n'
    + (view.listed.length === 0
      ? '<p>Aucune ressource ne vous est affectée dans cet établissement.</p>'
      : `<div class="cards">${cards}</div>`)
    + '</section>'
  );
}

function listedCard(r: ListedResource): string {
  const label =
    r.typePresentation.nom !== ''
      ? r.typePresentation.nom
      : (presentationLabels[r.typePresentation.code] ?? r.typePresentation.code);
  const thumbnail = r.urlVignette === undefined ? '' : `<img class="vignette" src="${e(r.urlVignette)}" alt="">`;
  const open =
    r.urlAccesRessource === undefined
      ? '<p class="muted">Lien d’accès absent de la réponse.</p>'
      : `<a class="button" href="${e(r.urlAccesRessource)}">Ouvrir la ressource</a>`;
  return `<div class="card">${thumbnail}<h3>${e(r.nomRessource)}</h3><p class="muted">${e(label)}</p>${open}</div>`;
}

function demonstrationSection(view: MediacentreView, user: DemoUser): string {
  if (view.others.length === 0) return '';
  const who = user.profile === 'National_elv' ? 'cet élève' : 'ce compte';
  const title =
    view.kind === 'listed'
      ? `Pour la démonstration : ressources non affectées à ${who}`
      : 'Ressources de démonstration';
  const why =
    view.kind === 'listed'
      ? 'Un vrai médiacentre ne les montrerait pas. Leurs liens sont construits par l’ENT de démonstration : '
        + 'le courtier vérifie la licence et affiche sa page de refus.'
      : 'Liens construits par l’ENT de démonstration ; le courtier vérifie la licence de chacune.';
  const cards = view.others
    .map(
      (r) =>
        `<div class="card"><h3>${e(r.nom)}</h3><p class="muted">${e(r.description)}</p>`
        + `<a class="button" href="${e(r.href)}">Ouvrir la ressource</a></div>`,
    )
    .join('\n');
  return (
    `<section id="demonstration" class="demo"><h2>${e(title)}</h2><p class="muted">${e(why)}</p>`
    + `<div class="cards">${cards}</div></section>`
  );
}
