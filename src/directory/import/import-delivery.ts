import { isBrokerError } from '../../core/broker-error.js';
import { fail } from '../../core/fail.js';
import type { Clock } from '../../core/clock.js';
import type { FeedFileInfo } from '../feed/feed-records.js';
import type { Degree } from '../feed/feed-spec.js';
import type { DeliveryStaging, DirectoryImportStore, ImportKind, KindCounts } from '../ports.js';
import { crossIssueMessage } from './cross-issue-message.js';
import { emptyCounts, type ImportReport, type ReportIssue } from './import-report.js';
import type { ReadBatch } from './staging-rows.js';

/** What the importer needs of a delivery reader (src/directory/feed/read-delivery.ts). */
export interface DeliverySource {
  readonly source: string;
  /** The delivery a batch at a time, already in staging rows (see staging-rows.ts). */
  batches(): AsyncGenerator<ReadBatch>;
  readonly files: readonly FeedFileInfo[];
  degree(): Degree | null;
  /** Share of the input read so far (0 to 1). */
  progress(): number;
}

export interface ImportOptions {
  readonly entId: string;
  readonly maxInvalidShare: number;
  readonly clock: Clock;
  /** Called now and then with the number of records read so far and the share of the input read. */
  readonly onProgress?: (recordsRead: number, fraction: number) => void;
  readonly issueLimit?: number;
}

const busy = new Set<string>();

/**
 * Imports one delivery as a full snapshot of its (ENT project, degree): stage every record,
 * check across records, count, then apply in one transaction — or refuse the whole delivery and
 * leave the directory exactly as it was.
 */
export async function importDelivery(
  port: DirectoryImportStore,
  open: () => Promise<DeliverySource>,
  options: ImportOptions,
): Promise<ImportReport> {
  if (!/^[A-Za-z0-9]{1,16}$/.test(options.entId))
    throw fail('ERR_FEED_ENT_UNKNOWN', `Identifiant de projet ENT invalide : ${options.entId}`);
  if (busy.has(options.entId))
    throw fail('ERR_FEED_BUSY', `Un import du projet ENT ${options.entId} est déjà en cours.`);
  busy.add(options.entId);
  try {
    return await runImport(port, open, options);
  } finally {
    busy.delete(options.entId);
  }
}

interface RunState {
  readonly counts: Record<ImportKind, KindCounts>;
  /** The first issues only (memory stays flat whatever the delivery); issueCount counts them all. */
  readonly issues: ReportIssue[];
  issueCount: number;
  readonly startedAt: Date;
  readonly phases: Record<'readAndStage' | 'check' | 'plan' | 'apply', number>;
  source: DeliverySource | null;
}

/** Runs a step and adds its duration to the report's phases (a measurement, not a decision). */
async function timed<T>(state: RunState, phase: keyof RunState['phases'], step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await step();
  } finally {
    state.phases[phase] += Math.round(performance.now() - started);
  }
}

async function runImport(
  port: DirectoryImportStore,
  open: () => Promise<DeliverySource>,
  options: ImportOptions,
): Promise<ImportReport> {
  const state: RunState = {
    counts: emptyCounts(),
    issues: [],
    issueCount: 0,
    startedAt: options.clock.now(),
    source: null,
    phases: { readAndStage: 0, check: 0, plan: 0, apply: 0 },
  };
  const report = await port.withStaging(options.entId, async (staging) => {
    try {
      state.source = await open();
      await timed(state, 'readAndStage', () => stageAll(staging, state, options));
      return await decide(staging, state, options);
    } catch (error) {
      if (!isBrokerError(error) || error.status >= 500) throw error;
      return finish(state, options, { code: error.code, message: error.message });
    }
  });
  await port.recordImport({
    entId: options.entId,
    degree: report.degree,
    source: report.source,
    status: report.status,
    startedAt: state.startedAt,
    finishedAt: new Date(report.finishedAt),
    summary: { counts: report.counts, totals: report.totals, refusal: report.refusal },
  });
  return report;
}

function note(state: RunState, options: ImportOptions, issue: ReportIssue): void {
  state.issueCount++;
  if (state.issues.length < (options.issueLimit ?? 1000)) state.issues.push(issue);
}

async function stageAll(staging: DeliveryStaging, state: RunState, options: ImportOptions): Promise<void> {
  let read = 0;
  for await (const batch of state.source!.batches()) {
    for (const [kind, n] of Object.entries(batch.read) as [ImportKind, number][]) state.counts[kind].read += n;
    for (const issue of batch.issues) note(state, options, { ...issue, own: true });
    await staging.stage(batch);
    read += batch.size;
    options.onProgress?.(read, state.source!.progress());
  }
}

async function decide(staging: DeliveryStaging, state: RunState, options: ImportOptions): Promise<ImportReport> {
  const degree = state.source!.degree();
  if (degree === null) throw fail('ERR_FEED_EMPTY', 'La livraison ne contient aucun fichier de flux.');
  const scope = { entId: options.entId, degree };
  const limit = options.issueLimit ?? 1000;
  const found = await timed(state, 'check', () =>
    staging.checkIntegrity(scope, Math.max(0, limit - state.issues.length)),
  );
  for (const issue of found.issues)
    state.issues.push({ ...issue, message: crossIssueMessage(issue.code, issue.message) });
  state.issueCount += found.total;
  const plan = await timed(state, 'plan', () => staging.plan(scope));
  for (const [kind, counts] of Object.entries(plan) as [ImportKind, Omit<KindCounts, 'read'>][]) {
    state.counts[kind] = { read: state.counts[kind].read, ...counts };
  }
  const { read, rejected } = totals(state.counts);
  if (read > 0 && rejected / read > options.maxInvalidShare) {
    return finish(state, options, {
      code: 'ERR_FEED_TOO_MANY_INVALID',
      message:
        `${rejected} enregistrements invalides sur ${read} : au-delà `
        + `du seuil de ${(options.maxInvalidShare * 100).toFixed(2)} %`,
    });
  }
  await timed(state, 'apply', () => staging.apply(scope, options.clock.now()));
  return finish(state, options, null);
}

function totals(counts: Record<ImportKind, KindCounts>): { read: number; rejected: number; held: number } {
  const all = Object.values(counts);
  return {
    read: all.reduce((n, c) => n + c.read, 0),
    rejected: all.reduce((n, c) => n + c.rejected, 0),
    held: all.reduce((n, c) => n + c.held, 0),
  };
}

function finish(
  state: RunState,
  options: ImportOptions,
  refusal: { code: string; message: string } | null,
): ImportReport {
  const finishedAt = options.clock.now();
  const t = totals(state.counts);
  return {
    entId: options.entId,
    degree: state.source?.degree() ?? null,
    source: state.source?.source ?? 'unknown',
    status: refusal ? 'refused' : 'applied',
    refusal,
    files: state.source?.files ?? [],
    counts: state.counts,
    totals: { ...t, invalidShare: t.read === 0 ? 0 : t.rejected / t.read },
    maxInvalidShare: options.maxInvalidShare,
    issues: state.issues,
    issueCount: state.issueCount,
    phases: state.phases,
    startedAt: state.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - state.startedAt.getTime(),
  };
}
