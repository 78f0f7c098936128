/**
 * After a feed import, licences follow the directory (gar-reference §5): people who left give
 * theirs back, newcomers of live populations get one while licences remain.
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { LicensingStore, ReconcileSummary } from './ports.js';

export async function reconcileAfterImport(
  licensing: LicensingStore,
  entId: string,
  clock: Clock,
  logger: Logger,
): Promise<ReconcileSummary> {
  const summary = await licensing.reconcile({ entId }, { actor: `system:feed-import:${entId}`, at: clock.now() });
  logger.info({ event: 'licence.reconciled', entId, ...summary });
  return summary;
}
