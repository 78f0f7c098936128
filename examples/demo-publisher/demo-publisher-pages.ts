/**
 * The demo publisher's pages: its home, a resource opened with what the broker sent, a refusal;
 * the home and resource pages end with the journal of the logouts received.
 */
import { attributeMeanings } from '../../src/attribute-filter/index.js';
import { escapeHtml as e, renderPage } from '../demo-html.js';
import type { LogoutEntry } from './demo-publisher-memory.js';
import type { VerifiedAnswer } from './demo-publisher-sp.js';

export interface PublisherResource {
  readonly path: string;
  readonly nom: string;
  readonly idRessource: string;
  readonly protocol: 'saml' | 'oidc' | 'cas';
}

const protocolNames = { saml: 'SAML 2', oidc: 'OpenID Connect', cas: 'CAS 3' } as const;

/** An earlier opening of a resource by the same user (same IDO) in this demo run. */
export interface Visit {
  readonly nom: string;
  readonly at: Date;
  readonly authnInstant?: string;
}

export function publisherHomePage(
  resources: readonly PublisherResource[],
  mediacentreUrl: string,
  journal: readonly LogoutEntry[],
): string {
  const items = resources
    .map((r) => `<li>${e(r.nom)} — <code>${e(r.path)}</code> (${protocolNames[r.protocol]})</li>`)
    .join('');
  return renderPage({
    site: 'publisher',
    title: 'Éditions Démo',
    body:
      '<p class="note">Ce site joue un éditeur. Ses ressources s’ouvrent depuis le '
      + `<a href="${e(mediacentreUrl)}">médiacentre de l’ENT</a> :
le courtier vérifie la licence, puis transmet ici les attributs autorisés par le contrat de la ressource, `
      + `selon le protocole de la ressource :
une assertion SAML signée et chiffrée, des jetons OpenID Connect, ou la validation d’un ticket CAS.</p><ul>${items}</ul>
${journalSection(journal)}`,
  });
}

export function resourcePage(
  resource: PublisherResource,
  answer: VerifiedAnswer,
  earlier: readonly Visit[],
  mediacentreUrl: string,
  journal: readonly LogoutEntry[],
): string {
  const name = [answer.attributes['PRE']?.[0], answer.attributes['NOM']?.[0]].filter((x) => x !== undefined).join(' ');
  return renderPage({
    site: 'publisher',
    title: resource.nom,
    body:
      `<p class="ok">Bienvenue${name === '' ? '' : `, ${e(name)}`} : `
      + `vous êtes connecté·e à « ${e(resource.nom)} » par le courtier, sans mot de passe.</p>
${sessionNote(answer, earlier)}
<h2>Ce que le courtier a transmis à l’éditeur</h2>
<p class="muted">Seuls IDO, UAI et PRO sont toujours envoyés ; `
      + `les autres attributs sont ceux que le contrat approuvé de cette ressource autorise.</p>
${attributeTable(answer.attributes)}
<table><tbody><tr><th>NameID (transitoire)</th><td><code>${e(answer.nameId)}</code></td></tr>
<tr><th>Authentification à l’ENT (AuthnInstant)</th><td>${e(answer.authnInstant ?? 'non indiqué')}</td></tr>
<tr><th>Assertion chiffrée pour l’éditeur</th><td>${answer.encrypted ? 'oui' : 'non'}</td></tr></tbody></table>
<p><a class="button" href="${e(mediacentreUrl)}">Retour au médiacentre</a></p>
${journalSection(journal)}`,
  });
}

function sessionNote(answer: VerifiedAnswer, earlier: readonly Visit[]): string {
  const same = earlier.filter((v) => v.authnInstant !== undefined && v.authnInstant === answer.authnInstant);
  if (same.length === 0)
    return '<p class="note">Première ressource de cette session : le courtier a demandé à l’ENT qui vous êtes.</p>';
  const names = [...new Set(same.map((v) => `« ${v.nom} »`))].join(', ');
  return (
    '<p class="note"><strong>Aucune nouvelle connexion à l’ENT</strong> : '
    + `le courtier a répondu depuis sa session, ouverte pour ${e(names)} (même instant d’authentification).</p>`
  );
}

/** What the broker sent, one row per GAR attribute, with its meaning. */
export function attributeTable(attributes: Readonly<Record<string, readonly string[]>>): string {
  const rows = Object.entries(attributes)
    .map(
      ([code, values]) => `<tr><th><code>${e(code)}</code></th>
<td>${e(meaning(code))}</td><td>${values.map((v) => `<code>${e(v)}</code>`).join('<br>')}</td></tr>`,
    )
    .join('\n');
  return (
    '<table><thead><tr><th>Attribut</th><th>Signification</th><th>Valeur(s)</th></tr></thead>'
    + `<tbody>${rows}</tbody></table>`
  );
}

const protocolLabels = {
  saml: 'SAML 2 (LogoutRequest signé)',
  oidc: 'OpenID Connect (logout_token)',
  cas: 'CAS 3 (logoutRequest)',
} as const;

/**
 * The logouts the broker sent, the latest first: when, in which protocol, what the message named,
 * and whether it matched an opening shown here (then forgotten).
 */
export function journalSection(journal: readonly LogoutEntry[]): string {
  const intro = `<h2>Journal des déconnexions reçues</h2>
<p class="muted">Quand une session du courtier se termine (« Se déconnecter » à l’ENT ou au courtier), le courtier
prévient chaque éditeur qui en a reçu une identité, dans le protocole de la ressource ; l’éditeur oublie alors ce
qu’il affichait pour cette personne.</p>`;
  if (journal.length === 0) {
    return `<section id="journal-deconnexions">${intro}<p>Aucune déconnexion reçue depuis le démarrage.</p></section>`;
  }
  const rows = journal
    .map((entry) => {
      const named = entry.named.map(([label, value]) => `${e(label)} <code>${e(value)}</code>`).join('<br>');
      const matched = entry.matched ? 'oui, oubliée' : 'aucune (déjà oubliée, ou inconnue ici)';
      const at = entry.at.toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris' });
      const protocol = protocolLabels[entry.protocol];
      return `<tr><td>${e(at)}</td><td>${e(protocol)}</td><td>${named}</td><td>${e(matched)}</td></tr>`;
    })
    .join('\n');
  return `<section id="journal-deconnexions">${intro}
<table><thead><tr><th>Heure</th><th>Protocole</th><th>Ce que le message nommait</th>
<th>Ouverture correspondante</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

function meaning(code: string): string {
  return (attributeMeanings as Readonly<Record<string, string>>)[code] ?? '';
}

export function refusedPage(mediacentreUrl: string): string {
  return renderPage({
    site: 'publisher',
    title: 'Accès refusé',
    body:
      '<p class="note">La réponse du courtier n’a pas ouvert de session : '
      + `elle signale un refus, ou n’a pas passé nos vérifications
(signature, destinataire, réponse à notre demande). Ouvrez la ressource depuis le médiacentre de l’ENT.</p>`
      + `<p><a class="button" href="${e(mediacentreUrl)}">Médiacentre</a></p>`,
  });
}
