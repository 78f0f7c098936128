/**
 * The licence manager's pages (gar-reference §7), all under `/console/etablissements/:uai` and
 * all behind kit.requireManagerOf: the table below is every route, and each is reachable only for
 * an establishment the logged-in manager manages (default deny; the isolation tests walk it).
 *
 * | route                                                    | what                                     |
 * |----------------------------------------------------------|------------------------------------------|
 * | GET  …                                                   | dashboard, alerts, establishment switch  |
 * | GET  …/populations, POST …/populations/affecter          | entry by population                      |
 * | GET  …/personnes?q=                                      | people search (htmx fragment)            |
 * | POST …/recuperer                                         | recover leavers' licences (reconcile)    |
 * | GET  …/affectations.csv                                  | CSV export                               |
 * | GET  …/abonnements/:d/:s, POST …/affectations            | entry by resource, assign                |
 * | GET, POST …/affectations/:id/retirer                     | remove an assignment (confirm, do)       |
 * | GET, POST …/licences/reprendre                           | take one person's licence back           |
 */
import type { ConsolePageModule } from '../console-router.js';
import { assignFromPopulations, populationsPage } from './populations-page.js';
import { addAssignments } from './assignment-actions.js';
import { exportAssignments } from './assignments-csv.js';
import { dashboardPage, recoverLicences } from './dashboard-page.js';
import type { ManagerHandler, ManagerPagesDeps } from './manager-deps.js';
import { peopleSearch } from './people-search.js';
import { confirmRemoval, confirmTakeBack, removeAssignment, takeBackLicence } from './removal-actions.js';
import { subscriptionPage } from './subscription-page.js';

const establishment = '/etablissements/:uai';
const subscription = `${establishment}/abonnements/:distributor/:subscription`;

export const managerRoutes: readonly (readonly ['get' | 'post', string, ManagerHandler])[] = [
  ['get', establishment, dashboardPage],
  ['get', `${establishment}/populations`, populationsPage],
  ['post', `${establishment}/populations/affecter`, assignFromPopulations],
  ['get', `${establishment}/personnes`, peopleSearch],
  ['post', `${establishment}/recuperer`, recoverLicences],
  ['get', `${establishment}/affectations.csv`, exportAssignments],
  ['get', subscription, subscriptionPage],
  ['post', `${subscription}/affectations`, addAssignments],
  ['get', `${subscription}/affectations/:id/retirer`, confirmRemoval],
  ['post', `${subscription}/affectations/:id/retirer`, removeAssignment],
  ['get', `${subscription}/licences/reprendre`, confirmTakeBack],
  ['post', `${subscription}/licences/reprendre`, takeBackLicence],
];

export function managerPages(deps: ManagerPagesDeps): ConsolePageModule {
  return (router, kit) => {
    for (const [method, path, handler] of managerRoutes) router[method](path, kit.requireManagerOf, handler(deps, kit));
  };
}

export type { ManagerPagesDeps } from './manager-deps.js';
