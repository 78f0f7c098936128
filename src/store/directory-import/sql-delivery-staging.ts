import type { Kysely } from 'kysely';
import type { DeliveryScope, DeliveryStaging, ImportKind, ReadBatch, StagingRowTable } from '../../directory/index.js';
import type { FeedIssue } from '../../directory/index.js';
import { BulkInserter } from './bulk-inserter.js';
import { runIntegrityChecks } from './integrity-checks.js';
import { kindForElement } from '../../directory/index.js';
import { rejectedKeyOf } from './rejected-key.js';
import { applySnapshot, planSnapshot } from './plan-and-apply.js';
import { createIndexSql, stageTables, type StageTableName } from './stage-tables.js';
import { readRejected } from './read-rejected.js';
import { runSql } from './named-sql.js';

type Plan = Record<ImportKind, { added: number; changed: number; left: number; rejected: number; held: number }>;

/** Staging of one delivery on one pinned connection (temporary tables are per connection). */
export class SqlDeliveryStaging implements DeliveryStaging {
  readonly #db: Kysely<any>;
  readonly #inserters: Record<StageTableName, BulkInserter>;
  #rejectedSeq = 0;
  #indexed = false;
  /** Staging and checks write only temporary tables: one transaction for them all is far faster than autocommit. */
  #open = false;
  #plan: Plan | null = null;

  constructor(db: Kysely<any>, batchSize: number) {
    this.#db = db;
    this.#inserters = Object.fromEntries(
      Object.entries(stageTables).map(([name, table]) => [name, new BulkInserter(db, table, batchSize)]),
    ) as Record<StageTableName, BulkInserter>;
  }

  async #begin(): Promise<void> {
    if (this.#open) return;
    await runSql(this.#db, 'begin');
    this.#open = true;
  }

  /** Ends the staging transaction (the caller drops the temporary tables afterwards). */
  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    await runSql(this.#db, 'commit');
  }

  async stage(batch: ReadBatch): Promise<void> {
    await this.#begin();
    for (const [table, rows] of Object.entries(batch.rows) as [StagingRowTable, unknown[][]][]) {
      const inserter = this.#inserters[table];
      for (const row of rows) inserter.add(row);
    }
    // Records rejected while reading have no staged row: negative numbers keep their seq apart.
    for (const issue of batch.issues) {
      const kind = kindForElement(issue.element);
      const [uai, personId, code] = rejectedKeyOf(issue);
      this.#inserters.rejected.add([
        kind ?? 'unknown',
        uai,
        personId,
        code,
        --this.#rejectedSeq,
        issue.file,
        issue.line,
        issue.element,
        issue.recordId,
        issue.code,
        issue.message,
        1,
      ]);
    }
    for (const inserter of Object.values(this.#inserters)) if (inserter.pending) await inserter.flush();
  }

  async #finishStaging(): Promise<void> {
    if (this.#indexed) return;
    await this.#begin();
    for (const inserter of Object.values(this.#inserters)) await inserter.flush();
    for (const table of Object.values(stageTables)) {
      for (const statement of createIndexSql(table)) await runSql(this.#db, statement);
    }
    this.#indexed = true;
  }

  async checkIntegrity(
    scope: DeliveryScope,
    issueLimit: number,
  ): Promise<{ issues: readonly (FeedIssue & { readonly own: boolean })[]; total: number }> {
    await this.#finishStaging();
    await runIntegrityChecks(this.#db, scope);
    return readRejected(this.#db, issueLimit);
  }

  async plan(scope: DeliveryScope): Promise<Plan> {
    await this.#finishStaging();
    this.#plan = await planSnapshot(this.#db, scope);
    return this.#plan;
  }

  async apply(scope: DeliveryScope, at: Date): Promise<void> {
    const plan = this.#plan ?? (await this.plan(scope));
    await this.close();
    await this.#db.transaction().execute((trx) => applySnapshot(trx, scope, at, plan));
  }
}
