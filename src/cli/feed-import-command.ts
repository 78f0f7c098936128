import { writeFileSync, statSync } from 'node:fs';
import { systemClock } from '../core/clock.js';
import { fail } from '../core/fail.js';
import { importFeedPath, renderImportReport } from '../directory/index.js';
import { reconcileAfterImport } from '../subscriptions/index.js';
import { createDirectoryImportStore, createLicensingStore, openMigratedStore } from '../store/index.js';
import { commandLogger, configFrom, parseCommandArgs, type CliIo } from './cli-context.js';
import { createProgressBar } from './progress-bar.js';

/** Imports one delivery; exit code 0 when applied, 1 when refused. */
export async function feedImportCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, ['ent', 'config', 'json', 'max-invalid-share']);
  const path = positionals[0];
  if (path === undefined || positionals.length > 1 || values.ent === undefined) {
    throw fail('ERR_CLI_USAGE', 'Usage : gar-broker feed import <chemin> --ent <idENT>');
  }
  const share = values['max-invalid-share'];
  const overrides = share === undefined ? undefined : { feeds: { maxInvalidShare: Number(share) } };
  const config = configFrom(io, values.config, overrides);
  const logger = commandLogger(config, io);
  const store = await openMigratedStore(config, logger);
  const progress = createProgressBar(io.stderr, 'Import');
  try {
    statSync(path);
  } catch {
    await store.close();
    throw fail('ERR_FEED_UNREADABLE', `Livraison introuvable : ${path}`);
  }
  try {
    const report = await importFeedPath(createDirectoryImportStore(store, { batchSize: config.feeds.batchSize }), {
      path,
      entId: values.ent,
      maxInvalidShare: config.feeds.maxInvalidShare,
      readerThreads: config.feeds.readerThreads,
      clock: systemClock,
      onProgress: (records, fraction) => progress.update(records, fraction),
    });
    progress.done();
    io.stdout.write(renderImportReport(report));
    const summary = { status: report.status, refusal: report.refusal, totals: report.totals, counts: report.counts };
    io.stdout.write(`${JSON.stringify(summary)}\n`);
    if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
    logger.info({
      event: 'feed.import_finished',
      entId: report.entId,
      status: report.status,
      code: report.refusal?.code,
      totals: report.totals,
    });
    if (report.status !== 'applied') return 1;
    const licences = await reconcileAfterImport(createLicensingStore(store), report.entId, systemClock, logger);
    io.stderr.write(
      `Licences : ${licences.granted} attribuée(s), ${licences.released} rendue(s), ${licences.waiting} en attente.\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
