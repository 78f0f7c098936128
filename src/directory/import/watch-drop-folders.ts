import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { DirectoryImportStore } from '../ports.js';
import { importFeedPath } from './import-feed-path.js';
import { renderImportReport } from './import-report.js';

export interface DropFolder {
  readonly entId: string;
  readonly path: string;
}

export interface WatchOptions {
  readonly folders: readonly DropFolder[];
  readonly intervalSeconds: number;
  readonly maxInvalidShare: number;
  readonly readerThreads: number;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Runs after a delivery was applied (licences follow the directory: leavers give theirs back). */
  readonly afterApplied?: (entId: string) => Promise<void>;
}

/** A delivery is ready when its .md5 is there (written last) and it has not changed for a while. */
function readyDeliveries(folder: string, now: number): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => /\.(tar\.gz|tgz)$/.test(name))
    .filter(
      (name) =>
        existsSync(join(folder, `${name}.md5`))
        || existsSync(join(folder, `${name.replace(/\.(tar\.gz|tgz)$/, '')}.md5`)),
    )
    .filter((name) => !existsSync(join(folder, `${name}.report.json`)))
    .filter((name) => now - statSync(join(folder, name)).mtimeMs > 2000)
    .sort();
}

/**
 * Watches each ENT project's drop folder and imports new deliveries one at a time, writing the
 * report (text and JSON) beside each delivery; the JSON report marks it as done.
 */
export function watchDropFolders(port: DirectoryImportStore, options: WatchOptions): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const scan = async (): Promise<void> => {
    for (const folder of options.folders) {
      for (const name of readyDeliveries(folder.path, options.clock.now().getTime())) {
        if (stopped) return;
        await importOne(port, folder, name, options);
      }
    }
  };
  const timer = setInterval(() => {
    running = running.then(scan).catch((error: unknown) => {
      options.logger.error({ event: 'feed.watch_failed', detail: String(error) });
    });
  }, options.intervalSeconds * 1000);
  timer.unref();
  running = running.then(scan).catch(() => undefined);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

async function importOne(
  port: DirectoryImportStore,
  folder: DropFolder,
  name: string,
  options: WatchOptions,
): Promise<void> {
  const path = join(folder.path, name);
  options.logger.info({ event: 'feed.import_started', entId: folder.entId, delivery: name });
  try {
    const report = await importFeedPath(port, {
      path,
      entId: folder.entId,
      maxInvalidShare: options.maxInvalidShare,
      readerThreads: options.readerThreads,
      clock: options.clock,
    });
    writeFileSync(`${path}.report.txt`, renderImportReport(report));
    writeFileSync(`${path}.report.json`, `${JSON.stringify(report, null, 2)}\n`);
    options.logger.info({
      event: 'feed.import_finished',
      entId: folder.entId,
      delivery: name,
      status: report.status,
      code: report.refusal?.code,
      totals: report.totals,
    });
    if (report.status === 'applied') await options.afterApplied?.(folder.entId);
  } catch (error) {
    writeFileSync(`${path}.report.json`, `${JSON.stringify({ status: 'failed', error: String(error) }, null, 2)}\n`);
    options.logger.error({ event: 'feed.import_failed', entId: folder.entId, delivery: name, detail: String(error) });
  }
}
