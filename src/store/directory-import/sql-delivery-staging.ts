import type { Kysely } from 'kysely';
import type { DeliveryScope, DeliveryStaging, ImportKind, StagedItem } from '../../directory/index.js';
import type { FeedIssue } from '../../directory/index.js';
import { BulkInserter } from './bulk-inserter.js';
import { runIntegrityChecks } from './integrity-checks.js';
import { kindForElement } from '../../directory/index.js';
import { rejectedKeyOf } from './rejected-key.js';
import { applySnapshot, planSnapshot } from './plan-and-apply.js';
import { recordRows } from './record-rows.js';
import { createIndexSql, stageTables, type StageTableName } from './stage-tables.js';
import { readRejected } from './read-rejected.js';
import { runSql } from './named-sql.js';

type Plan = Record<ImportKind, { added: number; changed: number; left: number; rejected: number; held: number }>;

/** Staging of one delivery on one pinned connection (temporary tables are per connection). */
export class SqlDeliveryStaging implements DeliveryStaging {
  readonly #db: Kysely<any>;
  readonly #inserters: Record<StageTableName, BulkInserter>;
  #seq = 0;
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

  async stage(items: readonly StagedItem[]): Promise<void> {
    await this.#begin();
    const sink = (table: StageTableName, row: readonly unknown[]): void => this.#inserters[table].pushNoFlush(row);
    for (const item of items) recordRows(item.record, item.at, ++this.#seq, sink);
    for (const inserter of Object.values(this.#inserters)) if (inserter.pending) await inserter.flush();
  }

  async reject(issues: readonly FeedIssue[]): Promise<void> {
    await this.#begin();
    for (const issue of issues) {
      const kind = kindForElement(issue.element);
      const [uai, personId, code] = rejectedKeyOf(issue);
      await this.#inserters.rejected.push([kind ?? 'unknown', uai, personId, code, ++this.#seq, issue.file, issue.line,
        issue.element, issue.recordId, issue.code, issue.message, 1]);
    }
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

  async checkIntegrity(scope: DeliveryScope, issueLimit: number): Promise<{ issues: readonly (FeedIssue & { readonly own: boolean })[]; total: number }> {
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
    const plan = this.#plan ?? await this.plan(scope);
    await this.close();
    await this.#db.transaction().execute((trx) => applySnapshot(trx, scope, at, plan));
  }
}
