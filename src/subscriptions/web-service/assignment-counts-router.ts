/**
 * Assignment counts (GAR `decompteaffectations`, gar-reference §5): `GET {path}?idAbonnement=X`
 * or `?codeProjetRessource=Y` (exactly one) → `;`-separated CSV of the caller's own
 * subscriptions. Counts only: no person is named.
 */
import { Router, type RequestHandler } from 'express';
import { fail } from '../../core/fail.js';
import type { Logger } from '../../core/logger.js';
import { renderAssignmentCountsCsv } from '../wire/render-assignment-counts-csv.js';
import type { SubscriptionStore } from '../ports.js';
import { caller } from './partner-of-response.js';
import { wsErrorHandler } from './send-ws-error.js';

export function assignmentCountsRouter(deps: {
  readonly store: SubscriptionStore;
  readonly authenticate: RequestHandler;
  readonly logger: Logger;
}): Router {
  const router = Router();
  router.use(deps.authenticate);
  router.get('/', async (req, res) => {
    const id = single(req.query['idAbonnement']);
    const project = single(req.query['codeProjetRessource']);
    if ((id === undefined) === (project === undefined) || id === '' || project === '') {
      throw fail('ERR_WS_COUNTS_QUERY', 'Indiquez soit idAbonnement, soit codeProjetRessource (un seul des deux).');
    }
    const rows = await deps.store.countAssignments(
      caller(res),
      id !== undefined ? { idAbonnement: id } : { codeProjetRessource: project as string },
    );
    res.type('text/csv; charset=utf-8').send(renderAssignmentCountsCsv(rows));
  });
  router.use(wsErrorHandler(deps.logger));
  return router;
}

/** One value, or '' for a repeated parameter (refused above). */
function single(value: unknown): string | undefined {
  return value === undefined ? undefined : typeof value === 'string' ? value : '';
}
