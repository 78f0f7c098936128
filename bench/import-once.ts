/**
 * One import in its own process, so that its peak RSS is its own: prints one JSON line.
 * Usage: tsx bench/import-once.ts <delivery> <entId> <databaseUrl>
 */
import { systemClock } from '../src/core/clock.js';
import { importFeedPath } from '../src/directory/index.js';
import { createDirectoryImportStore, migrateStore, openStore } from '../src/store/index.js';

const [path, entId, url] = process.argv.slice(2) as [string, string, string];
const store = await openStore({ url });
await migrateStore(store);
const started = performance.now();
const report = await importFeedPath(createDirectoryImportStore(store, { batchSize: 500 }), {
  path,
  entId,
  maxInvalidShare: 0.01,
  clock: systemClock,
  readerThreads: Number(process.env['GAR_READER_THREADS'] ?? 2),
});
const wallMs = performance.now() - started;
await store.close();
const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({
    status: report.status,
    refusal: report.refusal,
    records: report.totals.read,
    wallMs: Math.round(wallMs),
    recordsPerSecond: Math.round(report.totals.read / (wallMs / 1000)),
    peakRssMiB: Math.round(usage.maxRSS / 1024),
    phases: report.phases,
    cpuUserMs: Math.round(usage.userCPUTime / 1000),
    cpuSystemMs: Math.round(usage.systemCPUTime / 1000),
    counts: Object.fromEntries(
      Object.entries(report.counts).map(([k, c]) => [k, [c.read, c.added, c.changed, c.left, c.rejected]]),
    ),
  })}\n`,
);
