/**
 * The catalogue (gar-reference §4): each resource with its publisher, distributors, the service
 * provider that opens it, and where its contract stands (no approved contract: the resource
 * receives `IDO`, `UAI`, `PRO` only). Filtered by one partner, paged.
 */
import type { OperatorHandler } from './operator-deps.js';
import { pageNumber, queryText } from './operator-form.js';
import { pager } from './operator-pager.js';
import { contractPath, sectionPath } from './operator-paths.js';
import { renderOperatorPage } from './operator-render.js';

export const resourcesPerPage = 100;

export const resourcesPage: OperatorHandler = (deps, kit) => async (req, res) => {
  const partner = queryText(req, 'partenaire', 100);
  const page = pageNumber(req);
  const [resources, states] = await Promise.all([deps.resources.listResources(), deps.source.listContractStates()]);
  const contracts = new Map(states.map((s) => [s.resourceId, s]));
  const chosen =
    partner === ''
      ? resources
      : resources.filter((r) => [r.editeur.id, r.distributeurCom.id, r.distributeurTech.id].includes(partner));
  const shown = chosen.slice((page - 1) * resourcesPerPage, page * resourcesPerPage);
  renderOperatorPage(kit, res, 'operator-resources', 'resources', {
    partner,
    total: chosen.length,
    action: sectionPath('resources'),
    pager: pager(sectionPath('resources'), { partenaire: partner }, page, chosen.length > page * resourcesPerPage),
    rows: shown.map((r) => ({
      id: r.idRessource,
      name: r.nomRessource,
      publisher: r.editeur,
      commercial: r.distributeurCom,
      technical: r.distributeurTech,
      serviceProvider: r.fournisseurService,
      presentation: r.typePresentation.nom,
      contract: contracts.get(r.idRessource),
      contractHref: contractPath(r.idRessource),
    })),
  });
};
