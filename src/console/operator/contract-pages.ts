/**
 * Contracts (gar-reference §3): the list of resources with a contract, those waiting for the
 * operator first; one resource's review, where a submitted version is approved or rejected.
 */
import type { Request, Response } from 'express';
import type { ConsoleKit } from '../console-kit.js';
import { contractReview } from './contract-review.js';
import type { OperatorHandler, OperatorPagesDeps } from './operator-deps.js';
import { queryText, routeParam } from './operator-form.js';
import { contractPath } from './operator-paths.js';
import type { PageRefusal } from './operator-refusals.js';
import { renderOperatorPage, translator } from './operator-render.js';

export const contractsPage: OperatorHandler = (deps, kit) => async (_req, res) => {
  const states = await deps.source.listContractStates();
  renderOperatorPage(kit, res, 'operator-contracts', 'contracts', {
    rows: states.map((s) => ({ ...s, href: contractPath(s.resourceId) })),
    waiting: states.filter((s) => s.pendingVersions.length > 0).length,
  });
};

export const contractPage: OperatorHandler = (deps, kit) => async (req, res) => {
  await showContract(deps, kit, req, res, {});
};

/** What a refused decision keeps: the refusal, and the reason typed for that version. */
export interface ContractPageState {
  readonly refusal?: PageRefusal;
  readonly typed?: { readonly version: number; readonly reason: string };
}

/** The resource's review; ERR_CONTRACT_RESOURCE_UNKNOWN (404) when the catalogue does not have it. */
export async function showContract(
  deps: OperatorPagesDeps,
  kit: ConsoleKit,
  req: Request,
  res: Response,
  state: ContractPageState,
): Promise<void> {
  const id = routeParam(req, 'idRessource');
  const versions = await deps.contracts.listContracts(id);
  const resource = await deps.resources.findResource(id);
  const t = translator(res);
  const name = resource?.nomRessource ?? id;
  renderOperatorPage(
    kit,
    res,
    'operator-contract',
    'contracts',
    {
      title: t('operator.contract.title', { name }),
      resourceId: id,
      resourceName: name,
      publisher: resource?.editeur.nom,
      review: contractReview(versions),
      action: contractPath(id),
      notice: state.refusal ? undefined : readNotice(req, t),
      ...state,
    },
    state.refusal?.status ?? 200,
  );
}

/** `?fait=approuvee&version=3` after a decision: only known words and a small number are read. */
function readNotice(req: Request, t: ReturnType<typeof translator>): string | undefined {
  const done = queryText(req, 'fait', 20);
  const version = queryText(req, 'version', 6);
  if (!['approuvee', 'refusee'].includes(done) || !/^\d{1,6}$/.test(version)) return undefined;
  return t(`operator.contract.done.${done}`, { version });
}
