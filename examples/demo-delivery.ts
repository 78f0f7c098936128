/**
 * The demo ENT's directory: a small generated delivery (one collège, four classes), imported
 * through the same generator and importer as `gar-broker feed generate` and `feed import`. Once a
 * delivery of the demo ENT project is applied, later starts leave the directory alone.
 */
import { join } from 'node:path';
import type { BrokerConfig } from '../src/config/index.js';
import type { Clock } from '../src/core/clock.js';
import { fail } from '../src/core/fail.js';
import type { Logger } from '../src/core/logger.js';
import { generateDelivery, importFeedPath } from '../src/directory/index.js';
import { createDirectoryImportStore, createLicensingStore, type Store } from '../src/store/index.js';
import { reconcileAfterImport } from '../src/subscriptions/index.js';
import { demoEntId, demoUaiPrefix } from './demo-catalogue.js';

export type DeliveryOutcome = 'imported' | 'unchanged';

export async function importDemoDelivery(
  store: Store,
  config: BrokerConfig,
  deps: { dataDir: string; clock: Clock; logger: Logger },
): Promise<DeliveryOutcome> {
  const applied = await store.db
    .selectFrom('feed_import')
    .select('id')
    .where('ent_id', '=', demoEntId)
    .where('status', '=', 'applied')
    .executeTakeFirst();
  if (applied !== undefined) return 'unchanged';
  // Same seed, same bytes: every demo starts from the same collège (classes 6A, 5A, 4A, 3A).
  const delivery = await generateDelivery({
    entId: demoEntId,
    establishments: 1,
    pupils: 40,
    teachers: 5,
    seed: 'college-demo',
    uaiPrefix: demoUaiPrefix,
    outDir: join(deps.dataDir, 'feeds'),
  });
  const report = await importFeedPath(createDirectoryImportStore(store, { batchSize: config.feeds.batchSize }), {
    path: delivery.archivePath,
    entId: demoEntId,
    maxInvalidShare: 0,
    clock: deps.clock,
    readerThreads: 0,
  });
  if (report.status !== 'applied') {
    throw fail(
      'ERR_DEMO_SEED',
      'La livraison de démonstration a été refusée.',
      `${report.refusal?.code ?? ''} ${report.refusal?.message ?? ''}`,
    );
  }
  await reconcileAfterImport(createLicensingStore(store), demoEntId, deps.clock, deps.logger);
  return 'imported';
}
