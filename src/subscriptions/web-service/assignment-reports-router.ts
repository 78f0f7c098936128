/**
 * Assignment reports (GAR `ws-rapports-affectation`, gar-reference §5):
 * - `GET {path}/rapportsAffectation/{idDistributeur}/{TOUT|PRIS_EN_COMPTE|NON_PRIS_EN_COMPTE}` → JSON index;
 * - `GET {path}/GAR-Affectations/{idDistributeur}/{nomRapport}` → the zipped report.
 * The distributor in the path must be the one the certificate names: another's reports are
 * answered exactly like unknown ones (404), so nothing tells they exist.
 */
import { Router, type RequestHandler, type Response } from 'express';
import { fail } from '../../core/fail.js';
import type { Logger } from '../../core/logger.js';
import { renderReportIndex, reportStatuses, type ReportStatus } from '../wire/render-report-index.js';
import type { AssignmentReportStore } from '../ports.js';
import { caller } from './partner-of-response.js';
import { wsErrorHandler } from './send-ws-error.js';

export function assignmentReportsRouter(deps: {
  readonly store: AssignmentReportStore;
  readonly authenticate: RequestHandler;
  readonly logger: Logger;
}): Router {
  const router = Router();
  router.use(deps.authenticate);
  router.get('/rapportsAffectation/:distributor/:status', async (req, res) => {
    const distributorId = ownDistributor(res, req.params['distributor'] as string);
    const status = req.params['status'] as string;
    if (status !== 'TOUT' && !(reportStatuses as readonly string[]).includes(status)) throw unknownReport(status);
    const reports = await deps.store.listReports(
      distributorId,
      status === 'TOUT' ? undefined : (status as ReportStatus),
    );
    res.type('application/json; charset=utf-8').send(renderReportIndex(reports));
  });
  router.get('/GAR-Affectations/:distributor/:name', async (req, res) => {
    const distributorId = ownDistributor(res, req.params['distributor'] as string);
    const name = req.params['name'] as string;
    const content = await deps.store.takeReport(distributorId, name);
    if (content === undefined) throw unknownReport(name);
    res.type('application/zip').attachment(name).send(content);
  });
  router.use(wsErrorHandler(deps.logger));
  return router;
}

function ownDistributor(res: Response, inPath: string): string {
  const id = caller(res);
  if (inPath !== id) throw unknownReport(inPath);
  return id;
}

const unknownReport = (what: string) => fail('ERR_WS_REPORT_UNKNOWN', 'Rapport inconnu.', what);
