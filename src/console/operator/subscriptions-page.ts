/**
 * Subscriptions overview (gar-reference §5): counted per establishment, resource or commercial
 * distributor, with how many are valid now and the licences held; 50 groups a page.
 */
import type { SubscriptionGrouping } from '../operator-ports.js';
import { toFrenchLocalDateTime } from '../../subscriptions/index.js';
import type { OperatorHandler } from './operator-deps.js';
import { pageNumber, queryText } from './operator-form.js';
import { pager } from './operator-pager.js';
import { sectionPath } from './operator-paths.js';
import { renderOperatorPage } from './operator-render.js';

export const groupsPerPage = 50;

/** The query word of each grouping, French like the paths. */
const groupings: readonly (readonly [string, SubscriptionGrouping])[] = [
  ['etablissement', 'establishment'],
  ['ressource', 'resource'],
  ['distributeur', 'distributor'],
];

export const subscriptionsPage: OperatorHandler = (deps, kit) => async (req, res) => {
  const word = queryText(req, 'par', 20);
  const [chosen, by] = groupings.find(([w]) => w === word) ?? groupings[0]!;
  const page = pageNumber(req);
  const { groups, total } = await deps.source.subscriptionOverview(by, toFrenchLocalDateTime(kit.clock.now()), {
    page,
    size: groupsPerPage,
  });
  const path = sectionPath('subscriptions');
  renderOperatorPage(kit, res, 'operator-subscriptions', 'subscriptions', {
    by,
    total,
    groups,
    tabs: groupings.map(([w, g]) => ({
      grouping: g,
      href: w === groupings[0]![0] ? path : `${path}?par=${w}`,
      current: w === chosen,
    })),
    pager: pager(path, { par: chosen === groupings[0]![0] ? '' : chosen }, page, total > page * groupsPerPage),
  });
};
