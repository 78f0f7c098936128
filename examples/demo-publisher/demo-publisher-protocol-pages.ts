/**
 * The demo publisher's pages for the resources opened through OpenID Connect and CAS: the same
 * table of GAR attributes as the SAML page, then what the protocol itself carried, and a note when
 * the same person (same IDO) already opened another resource of this publisher: one pseudonym per
 * technical distributor, whatever the protocol.
 */
import { escapeHtml as e, renderPage } from '../demo-html.js';
import type { CasVerifiedAnswer } from './demo-publisher-cas.js';
import type { OidcVerifiedAnswer } from './demo-publisher-oidc.js';
import type { LogoutEntry } from './demo-publisher-memory.js';
import { attributeTable, journalSection, type PublisherResource, type Visit } from './demo-publisher-pages.js';

export function oidcResourcePage(
  resource: PublisherResource,
  answer: OidcVerifiedAnswer,
  earlier: readonly Visit[],
  mediacentreUrl: string,
  journal: readonly LogoutEntry[],
): string {
  return protocolPage(
    resource,
    answer.attributes,
    { earlier, mediacentreUrl, journal },
    {
      how: 'en OpenID Connect (code d’autorisation avec PKCE ; jeton d’identité signé vérifié, puis userinfo)',
      facts: [
        ['sub (le pseudonyme IDO)', `<code>${e(answer.sub)}</code>`],
        ['Émetteur (iss)', `<code>${e(answer.issuer)}</code>`],
        ['Destinataire du jeton (aud, notre client)', `<code>${e(answer.audience)}</code>`],
        [
          'Attributs GAR aussi présents dans le jeton d’identité',
          answer.idTokenAttributes.map((c) => `<code>${e(c)}</code>`).join(' ') || 'aucun',
        ],
      ],
    },
  );
}

export function casResourcePage(
  resource: PublisherResource,
  answer: CasVerifiedAnswer,
  earlier: readonly Visit[],
  mediacentreUrl: string,
  journal: readonly LogoutEntry[],
): string {
  return protocolPage(
    resource,
    answer.attributes,
    { earlier, mediacentreUrl, journal },
    {
      how: 'en CAS 3 (ticket de service à usage unique, validé par l’éditeur auprès du courtier)',
      facts: [
        ['cas:user (le pseudonyme IDO)', `<code>${e(answer.user)}</code>`],
        ['Ticket de service', 'validé une fois par /cas/p3/serviceValidate, puis inutilisable'],
      ],
    },
  );
}

interface ProtocolFacts {
  /** Plain text: how the broker answered. */
  readonly how: string;
  /** Label (plain text) and value (already-escaped HTML). */
  readonly facts: readonly (readonly [string, string])[];
}

interface PageContext {
  readonly earlier: readonly Visit[];
  readonly mediacentreUrl: string;
  readonly journal: readonly LogoutEntry[];
}

function protocolPage(
  resource: PublisherResource,
  attributes: Readonly<Record<string, readonly string[]>>,
  page: PageContext,
  protocol: ProtocolFacts,
): string {
  const { earlier, mediacentreUrl } = page;
  const name = [attributes['PRE']?.[0], attributes['NOM']?.[0]].filter((x) => x !== undefined).join(' ');
  const facts = protocol.facts.map(([label, html]) => `<tr><th>${e(label)}</th><td>${html}</td></tr>`).join('\n');
  return renderPage({
    site: 'publisher',
    title: resource.nom,
    body:
      `<p class="ok">Bienvenue${name === '' ? '' : `, ${e(name)}`} : `
      + `vous êtes connecté·e à « ${e(resource.nom)} » par le courtier, ${e(protocol.how)}.</p>
${pseudonymNote(earlier)}
<h2>Ce que le courtier a transmis à l’éditeur</h2>
<p class="muted">Seuls IDO, UAI et PRO sont toujours envoyés ; `
      + `les autres attributs sont ceux que le contrat approuvé de cette ressource autorise.</p>
${attributeTable(attributes)}
<h2>Ce que le protocole a transporté</h2>
<table><tbody>${facts}</tbody></table>
<p><a class="button" href="${e(mediacentreUrl)}">Retour au médiacentre</a></p>
${journalSection(page.journal)}`,
  });
}

function pseudonymNote(earlier: readonly Visit[]): string {
  if (earlier.length === 0) return '';
  const names = [...new Set(earlier.map((v) => `« ${v.nom} »`))].join(', ');
  return (
    `<p class="note">Même IDO que pour ${e(names)} : `
    + 'le courtier donne à une personne un seul pseudonyme par distributeur technique, quel que soit le protocole.</p>'
  );
}
