/**
 * `GET /etablissements/:uai/abonnements/:distributor/:subscription`: one subscription, entry by
 * resource (gar-reference §7). The subscription must belong to the route's establishment, which
 * kit.requireManagerOf has checked is the manager's: another's is "not found".
 */
import type { Request, Response } from 'express';
import type { ManagedSubscription } from '../manager-ports.js';
import { fail } from '../../core/fail.js';
import type { ConsoleKit } from '../console-kit.js';
import { pageContext } from '../render-console-page.js';
import type { ManagerHandler, ManagerPagesDeps } from './manager-deps.js';
import { peopleNamedBy, targetNames } from './manager-format.js';
import { queryText } from './manager-form.js';
import { managerFrame } from './manager-frame.js';
import type { PageRefusal } from './manager-refusals.js';
import { peopleResults, searchLimit } from './people-search.js';
import { subscriptionModel } from './subscription-model.js';

/** Holders listed on the page; the CSV and the counts give the whole picture. */
const holderLimit = 200;

export async function requireSubscription(
  deps: ManagerPagesDeps,
  kit: ConsoleKit,
  req: Request,
  res: Response,
): Promise<ManagedSubscription> {
  const { uai } = kit.establishment(res);
  const key = { distributorId: String(req.params['distributor']), subscriptionId: String(req.params['subscription']) };
  const sub = await deps.source.findSubscription(uai, key);
  if (sub === undefined)
    throw fail(
      'ERR_HTTP_NOT_FOUND',
      'Cet abonnement n’existe pas dans cet établissement.',
      `${key.distributorId}/${key.subscriptionId}`,
    );
  return sub;
}

export async function renderSubscriptionPage(
  deps: ManagerPagesDeps,
  kit: ConsoleKit,
  req: Request,
  res: Response,
  sub: ManagedSubscription,
  refusal?: PageRefusal,
): Promise<void> {
  const { uai } = kit.establishment(res);
  const { t, lang } = pageContext(res);
  const q = queryText(req, 'q');
  const [views, populations, holders, found] = await Promise.all([
    deps.source.listAssignments(sub.uai, sub.key),
    deps.source.listPopulations(uai),
    deps.source.listHolders(uai, sub.key, holderLimit),
    q.length >= 2 ? deps.source.searchPeople(uai, q, searchLimit) : Promise.resolve([]),
  ]);
  const people = await deps.source.describePeople(uai, peopleNamedBy(views));
  const model = subscriptionModel({
    uai,
    sub,
    views,
    holders,
    populations,
    names: targetNames(populations, people),
    lang,
    t,
  });
  const frame = managerFrame(req, res, kit, 'subscription');
  const search = { q, searchPath: `${frame.links.dashboard}/personnes`, ...peopleResults(q, found, t) };
  const data = { ...frame, ...model, search, refusal };
  kit.render(res, 'manager-subscription', sub.resourceName, data, refusal?.status ?? 200);
}

export const subscriptionPage: ManagerHandler = (deps, kit) => async (req, res) => {
  await renderSubscriptionPage(deps, kit, req, res, await requireSubscription(deps, kit, req, res));
};
