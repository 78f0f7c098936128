/**
 * Publishers and distributors (gar-reference §1, §4): each distributor with its service
 * providers' SAML metadata, the certificates it calls the subscription services with, and its
 * resources; each publisher with its resources; service providers tied to no known distributor.
 * Then the login registrations made with the CLI, read-only: ENT projects as OpenID Providers, publishers' OIDC
 * clients, CAS services (never a secret: see login-registration-rows.ts).
 */
import type { OperatorHandler } from './operator-deps.js';
import { sectionPath } from './operator-paths.js';
import { renderOperatorPage, translator } from './operator-render.js';
import { casServiceRow, oidcClientRow, oidcEntRow } from './login-registration-rows.js';
import { certificateRow, metadataRow } from './partner-rows.js';

const resourcesOf = (id: string): string => `${sectionPath('resources')}?partenaire=${encodeURIComponent(id)}`;

export const partnersPage: OperatorHandler = (deps, kit) => async (_req, res) => {
  const now = kit.clock.now();
  const t = translator(res);
  const [parties, sps, certificates, resources, oidcEnts, oidcClients, casServices] = await Promise.all([
    deps.source.listParties(),
    deps.samlPartners.list('sp'),
    deps.certificates.listCertificates(),
    deps.resources.listResources(),
    deps.oidcEnts.list(),
    deps.oidcClients.list(),
    deps.casServices.list(),
  ]);
  const distributors = parties.distributors.map((d) => ({
    ...d,
    resourcesHref: resourcesOf(d.id),
    serviceProviders: sps.filter((s) => s.distributorId === d.id).map((s) => metadataRow(s, now, t)),
    certificates: certificates
      .filter((c) => c.partnerKind === 'distributor' && c.partnerId === d.id)
      .map((c) => certificateRow(c, now)),
    technical: resources.filter((r) => r.distributeurTech.id === d.id).length,
    commercial: resources.filter((r) => r.distributeurCom.id === d.id).length,
  }));
  const publishers = parties.publishers.map((p) => ({
    ...p,
    resourcesHref: resourcesOf(p.id),
    resources: resources.filter((r) => r.editeur.id === p.id).length,
  }));
  const known = new Set(parties.distributors.map((d) => d.id));
  const unattached = sps
    .filter((s) => s.distributorId === undefined || !known.has(s.distributorId))
    .map((s) => metadataRow(s, now, t));
  renderOperatorPage(kit, res, 'operator-partners', 'partners', {
    distributors,
    publishers,
    unattached,
    oidcEnts: oidcEnts.map(oidcEntRow),
    oidcClients: oidcClients.map((c) => oidcClientRow(c, parties.distributors)),
    casServices: casServices.map((c) => casServiceRow(c, resources)),
  });
};
