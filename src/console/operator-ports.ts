/**
 * What the operator's pages read that the domain stores do not give: ENT projects with
 * their last feed import, the catalogue's parties, the state of each resource's contract, an
 * overview of subscriptions, and the audit trail with filters. Reads only: every change goes
 * through the domain's own store (contracts, certificates), which audits it.
 */
import type { ImportKind, KindCounts } from '../directory/index.js';

/** What the feed import kept of its report (src/directory/import: counts, totals, refusal). */
export interface FeedImportReport {
  readonly counts: Readonly<Partial<Record<ImportKind, KindCounts>>>;
  readonly totals?: {
    readonly read: number;
    readonly rejected: number;
    readonly held: number;
    readonly invalidShare: number;
  };
  readonly refusal: { readonly code: string; readonly message: string } | null;
}

/** One row of `feed_import`: a delivery of an ENT project, applied or refused as a whole. */
export interface FeedImportRecord {
  readonly id: number;
  readonly entId: string;
  readonly degree: string | null;
  readonly source: string;
  readonly status: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** Undefined when the row holds no report the console can read. */
  readonly report?: FeedImportReport;
}

export interface EntProjectSummary {
  readonly entId: string;
  /** Undefined for a project known only by its identity provider or certificates (no feed yet). */
  readonly name?: string;
  /** Establishments of its feeds still present (not departed). */
  readonly establishments: number;
  readonly lastImport?: FeedImportRecord;
}

/** A publisher or a distributor of the catalogue. */
export interface CataloguePartyRow {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

/** Where a resource's contract stands (gar-reference §3: only an approved version is in effect). */
export interface ContractState {
  readonly resourceId: string;
  readonly resourceName: string;
  readonly versions: number;
  readonly approvedVersion?: number;
  /** Submitted versions waiting for the operator, oldest first. */
  readonly pendingVersions: readonly number[];
  readonly lastSubmittedAt: string;
}

export type SubscriptionGrouping = 'establishment' | 'resource' | 'distributor';

/** Subscriptions of one establishment, resource or (commercial) distributor, counted. */
export interface SubscriptionGroup {
  readonly key: string;
  readonly label?: string;
  readonly subscriptions: number;
  /** Valid at the instant asked about. */
  readonly live: number;
  /** Licences held now, all counts together. */
  readonly licencesUsed: number;
}

export interface PageRequest {
  /** 1-based. */
  readonly page: number;
  readonly size: number;
}

export interface AuditFilter {
  /** Actor starting with this (`console:operator:` finds every operator). */
  readonly actorPrefix?: string;
  /** Action starting with this (`contract.` finds every contract decision). */
  readonly actionPrefix?: string;
  /** Target containing this (case-sensitive). */
  readonly targetContains?: string;
  /** ISO instants: from (inclusive), until (exclusive). */
  readonly from?: string;
  readonly until?: string;
}

export interface AuditEventRow {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly before: string | null;
  readonly after: string | null;
  readonly correlationId: string | null;
}

export interface OperatorConsoleSource {
  /** ENT projects of the feeds, by id, each with its last import. */
  listEntProjects(): Promise<readonly EntProjectSummary[]>;
  /** The project's latest feed imports, newest first. */
  listFeedImports(entId: string, limit: number): Promise<readonly FeedImportRecord[]>;
  /** Publishers and distributors of the catalogue, by id. */
  listParties(): Promise<{
    readonly publishers: readonly CataloguePartyRow[];
    readonly distributors: readonly CataloguePartyRow[];
  }>;
  /** Each resource that has at least one contract version, those waiting for a decision first. */
  listContractStates(): Promise<readonly ContractState[]>;
  /** Subscriptions counted per group, by key; `now` is French legal time `YYYY-MM-DDThh:mm:ss`. */
  subscriptionOverview(
    by: SubscriptionGrouping,
    now: string,
    page: PageRequest,
  ): Promise<{ readonly groups: readonly SubscriptionGroup[]; readonly total: number }>;
  /** Audit events matching the filter, newest first; `more` when a next page exists. */
  auditTrail(
    filter: AuditFilter,
    page: PageRequest,
  ): Promise<{ readonly events: readonly AuditEventRow[]; readonly more: boolean }>;
}
