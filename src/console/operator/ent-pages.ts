/**
 * ENT projects (gar-reference §1, §6): each with its identity provider's metadata, the
 * certificates it calls the médiacentre with, its establishments, and its last feed import with
 * the report kept beside it (applied or refused, counts per kind, the refusal's reason), and how
 * its users log in: SAML, or OpenID Connect when it is registered as an OpenID Provider.
 */
import { fail } from '../../core/fail.js';
import type { ImportKind } from '../../directory/index.js';
import type { OperatorHandler } from './operator-deps.js';
import { routeParam } from './operator-form.js';
import { entPath } from './operator-paths.js';
import { renderOperatorPage, translator } from './operator-render.js';
import { entLogin } from './login-registration-rows.js';
import { certificateRow, certificateState, metadataRow } from './partner-rows.js';

/** The kinds of records a report counts, in the import's order (src/directory/import/import-report.ts). */
const importKinds: readonly ImportKind[] = [
  'establishment',
  'mef',
  'subject',
  'person',
  'personLevel',
  'pupilSubject',
  'group',
  'membership',
  'teaching',
  'manager',
];

/** The imports shown on a project's page. */
const importsShown = 10;

export const entsPage: OperatorHandler = (deps, kit) => async (_req, res) => {
  const now = kit.clock.now();
  const [projects, idps, certificates, oidcEnts] = await Promise.all([
    deps.source.listEntProjects(),
    deps.samlPartners.list('idp'),
    deps.certificates.listCertificates(),
    deps.oidcEnts.list(),
  ]);
  const t = translator(res);
  const ids = new Set([
    ...projects.map((p) => p.entId),
    ...idps.flatMap((i) => (i.entId ? [i.entId] : [])),
    ...certificates.filter((c) => c.partnerKind === 'ent').map((c) => c.partnerId),
    ...oidcEnts.map((o) => o.entId),
  ]);
  const rows = [...ids].sort().map((entId) => {
    const project = projects.find((p) => p.entId === entId);
    const idp = idps.find((i) => i.entId === entId);
    const live = certificates.filter(
      (c) => c.partnerKind === 'ent' && c.partnerId === entId && certificateState(c, now) === 'valid',
    ).length;
    return {
      entId,
      href: entPath(entId),
      name: project?.name,
      establishments: project?.establishments ?? 0,
      login: entLogin(
        oidcEnts.find((o) => o.entId === entId),
        idp,
        now,
        t,
      ),
      certificates: live,
      lastImport: project?.lastImport,
    };
  });
  renderOperatorPage(kit, res, 'operator-ents', 'ents', { rows });
};

export const entPage: OperatorHandler = (deps, kit) => async (req, res) => {
  const entId = routeParam(req, 'entId');
  const now = kit.clock.now();
  const [projects, idps, certificates, imports, oidc] = await Promise.all([
    deps.source.listEntProjects(),
    deps.samlPartners.list('idp'),
    deps.certificates.listCertificates({ kind: 'ent', id: entId }),
    deps.source.listFeedImports(entId, importsShown),
    deps.oidcEnts.list().then((all) => all.find((o) => o.entId === entId)),
  ]);
  const project = projects.find((p) => p.entId === entId);
  const idp = idps.find((i) => i.entId === entId);
  if (!project && !idp && !oidc && certificates.length === 0 && imports.length === 0)
    throw fail('ERR_HTTP_NOT_FOUND', 'Projet ENT inconnu.');
  const t = translator(res);
  renderOperatorPage(kit, res, 'operator-ent', 'ents', {
    title: t('operator.ent.title', { entId }),
    entId,
    name: project?.name,
    establishments: project?.establishments ?? 0,
    idp: idp ? metadataRow(idp, now, t) : undefined,
    login: entLogin(oidc, idp, now, t),
    certificates: certificates.map((c) => certificateRow(c, now)),
    last: imports[0],
    earlier: imports.slice(1),
    kinds: importKinds,
  });
};
