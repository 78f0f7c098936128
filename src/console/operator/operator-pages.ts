/**
 * The operator's pages, all under `/console/operateur` and all behind
 * kit.requireOperator: the table below is every route (the rights tests walk it).
 *
 * | route                                             | what                                              |
 * |---------------------------------------------------|---------------------------------------------------|
 * | GET  /ent, /ent/:entId                            | ENT projects: IdP metadata, certificates, imports |
 * | GET  /partenaires                                 | distributors and publishers                       |
 * | GET, POST /certificats/:fingerprint/revoquer      | revoke a partner certificate (confirm, do)        |
 * | GET  /ressources                                  | the catalogue and each contract's state           |
 * | GET  /contrats, /contrats/:idRessource            | contracts; review a version against the approved  |
 * | POST /contrats/:idRessource/approuver, /refuser   | approve, or reject with a reason                  |
 * | GET  /abonnements                                 | subscriptions per establishment/resource/distrib. |
 * | GET  /cles                                        | the broker's SAML keys and their rotation         |
 * | GET  /journal                                     | the audit trail, filtered and paged               |
 */
import type { ConsolePageModule } from '../console-router.js';
import { auditPage } from './audit-trail-page.js';
import { confirmRevocation, revokeCertificate } from './certificate-revocation.js';
import { approveVersion, rejectVersion } from './contract-actions.js';
import { contractPage, contractsPage } from './contract-pages.js';
import { entPage, entsPage } from './ent-pages.js';
import { keysPage } from './key-status.js';
import type { OperatorHandler, OperatorPagesDeps } from './operator-deps.js';
import { partnersPage } from './partners-page.js';
import { resourcesPage } from './resources-page.js';
import { subscriptionsPage } from './subscriptions-page.js';

const base = '/operateur';

export const operatorRoutes: readonly (readonly ['get' | 'post', string, OperatorHandler])[] = [
  ['get', `${base}/ent`, entsPage],
  ['get', `${base}/ent/:entId`, entPage],
  ['get', `${base}/partenaires`, partnersPage],
  ['get', `${base}/certificats/:fingerprint/revoquer`, confirmRevocation],
  ['post', `${base}/certificats/:fingerprint/revoquer`, revokeCertificate],
  ['get', `${base}/ressources`, resourcesPage],
  ['get', `${base}/contrats`, contractsPage],
  ['get', `${base}/contrats/:idRessource`, contractPage],
  ['post', `${base}/contrats/:idRessource/approuver`, approveVersion],
  ['post', `${base}/contrats/:idRessource/refuser`, rejectVersion],
  ['get', `${base}/abonnements`, subscriptionsPage],
  ['get', `${base}/cles`, keysPage],
  ['get', `${base}/journal`, auditPage],
];

export function operatorPages(deps: OperatorPagesDeps): ConsolePageModule {
  return (router, kit) => {
    for (const [method, path, handler] of operatorRoutes) router[method](path, kit.requireOperator, handler(deps, kit));
  };
}

export type { OperatorPagesDeps } from './operator-deps.js';
export { keyringReader } from './key-status.js';
