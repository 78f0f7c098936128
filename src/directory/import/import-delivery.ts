import { isBrokerError } from '../../core/broker-error.js';
import { fail } from '../../core/fail.js';
import type { Clock } from '../../core/clock.js';
import type { FeedFileInfo, FeedIssue, FeedItem } from '../feed/feed-records.js';
import type { Degree } from '../feed/feed-spec.js';
import type { DeliveryStaging, DirectoryImportStore, ImportKind, KindCounts, StagedItem } from '../ports.js';
import { crossIssueMessage } from './cross-issue-message.js';
import { emptyCounts, type ImportReport, type ReportIssue } from './import-report.js';
import { kindOfItem } from './kind-of-item.js';

/** What the importer needs of a delivery reader (src/directory/feed/read-delivery.ts). */
export interface DeliverySource {
  readonly source: string;
  items(): AsyncGenerator<FeedItem>;
  readonly files: readonly FeedFileInfo[];
  degree(): Degree | null;
}

export interface ImportOptions {
  readonly entId: string;
  readonly maxInvalidShare: number;
  readonly clock: Clock;
  /** Called now and then with the number of records read so far. */
  readonly onProgress?: (recordsRead: number) => void;
  readonly issueLimit?: number;
}

const batchSize = 2000;
const busy = new Set<string>();

/**
 * Imports one delivery as a full snapshot of its (ENT project, degree): stage every record,
 * check across records, count, then apply in one transaction — or refuse the whole delivery and
 * leave the directory exactly as it was.
 */
export async function importDelivery(port: DirectoryImportStore, open: () => Promise<DeliverySource>, options: ImportOptions): Promise<ImportReport> {
  if (!/^[A-Za-z0-9]{1,16}$/.test(options.entId)) throw fail('ERR_FEED_ENT_UNKNOWN', `Identifiant de projet ENT invalide : ${options.entId}`);
  if (busy.has(options.entId)) throw fail('ERR_FEED_BUSY', `Un import du projet ENT ${options.entId} est déjà en cours.`);
  busy.add(options.entId);
  try {
    return await runImport(port, open, options);
  } finally {
    busy.delete(options.entId);
  }
}

interface RunState {
  readonly counts: Record<ImportKind, KindCounts>;
  readonly issues: ReportIssue[];
  readonly startedAt: Date;
  source: DeliverySource | null;
}

async function runImport(port: DirectoryImportStore, open: () => Promise<DeliverySource>, options: ImportOptions): Promise<ImportReport> {
  const state: RunState = { counts: emptyCounts(), issues: [], startedAt: options.clock.now(), source: null };
  const report = await port.withStaging(options.entId, async (staging) => {
    try {
      state.source = await open();
      await stageAll(staging, state, options);
      return await decide(staging, state, options);
    } catch (error) {
      if (!isBrokerError(error) || error.status >= 500) throw error;
      return finish(state, options, { code: error.code, message: error.message });
    }
  });
  await port.recordImport({
    entId: options.entId, degree: report.degree, source: report.source, status: report.status,
    startedAt: state.startedAt, finishedAt: new Date(report.finishedAt), summary: { counts: report.counts, totals: report.totals, refusal: report.refusal },
  });
  return report;
}

async function stageAll(staging: DeliveryStaging, state: RunState, options: ImportOptions): Promise<void> {
  let batch: StagedItem[] = [];
  let rejected: FeedIssue[] = [];
  let read = 0;
  for await (const item of state.source!.items()) {
    read++;
    const kind = kindOfItem(item);
    if (kind) state.counts[kind].read++;
    if (item.ok) batch.push({ record: item.record, at: item.at });
    else {
      rejected.push(item.issue);
      state.issues.push({ ...item.issue, own: true });
    }
    if (batch.length >= batchSize || rejected.length >= batchSize) {
      await staging.stage(batch);
      await staging.reject(rejected);
      batch = [];
      rejected = [];
      options.onProgress?.(read);
    }
  }
  await staging.stage(batch);
  await staging.reject(rejected);
  options.onProgress?.(read);
}

async function decide(staging: DeliveryStaging, state: RunState, options: ImportOptions): Promise<ImportReport> {
  const degree = state.source!.degree();
  if (degree === null) throw fail('ERR_FEED_EMPTY', 'La livraison ne contient aucun fichier de flux.');
  const scope = { entId: options.entId, degree };
  for (const issue of await staging.checkIntegrity(scope)) {
    state.issues.push({ ...issue, message: crossIssueMessage(issue.code, issue.message) });
  }
  const plan = await staging.plan(scope);
  for (const [kind, counts] of Object.entries(plan) as [ImportKind, Omit<KindCounts, 'read'>][]) {
    state.counts[kind] = { read: state.counts[kind].read, ...counts };
  }
  const { read, rejected } = totals(state.counts);
  if (read > 0 && rejected / read > options.maxInvalidShare) {
    return finish(state, options, {
      code: 'ERR_FEED_TOO_MANY_INVALID',
      message: `${rejected} enregistrements invalides sur ${read} : au-delà du seuil de ${(options.maxInvalidShare * 100).toFixed(2)} %`,
    });
  }
  await staging.apply(scope, options.clock.now());
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

function finish(state: RunState, options: ImportOptions, refusal: { code: string; message: string } | null): ImportReport {
  const finishedAt = options.clock.now();
  const t = totals(state.counts);
  const limit = options.issueLimit ?? 1000;
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
    issues: state.issues.slice(0, limit),
    issueCount: state.issues.length,
    startedAt: state.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - state.startedAt.getTime(),
  };
}
