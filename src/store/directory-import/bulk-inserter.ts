import { CompiledQuery, type Kysely } from 'kysely';
import type { StageTable } from './stage-tables.js';

type Row = readonly unknown[];

/**
 * Buffers rows for one staging table and writes them with multi-row INSERTs. The statement for a
 * full batch is compiled once by Kysely (so placeholders suit the dialect) and reused with new
 * parameters: compiling per batch would cost more than the insert itself on a large delivery.
 */
export class BulkInserter {
  readonly #db: Kysely<any>;
  readonly #table: StageTable;
  readonly #batchSize: number;
  readonly #compiled = new Map<number, string>();
  #rows: Row[] = [];

  constructor(db: Kysely<any>, table: StageTable, batchSize: number) {
    this.#db = db;
    this.#table = table;
    // Stay well below SQLite's and PostgreSQL's limits on parameters per statement.
    this.#batchSize = Math.max(1, Math.min(batchSize, Math.floor(30_000 / table.columns.length)));
  }

  /** True when at least one full batch is buffered. */
  get pending(): boolean {
    return this.#rows.length >= this.#batchSize;
  }

  /** Buffers a row; the caller flushes when `pending` says a batch is full. */
  add(row: Row): void {
    this.#rows.push(row);
  }

  /** Writes every buffered row, one statement per batch. */
  async flush(): Promise<void> {
    const rows = this.#rows;
    this.#rows = [];
    for (let start = 0; start < rows.length; start += this.#batchSize) {
      const chunk = rows.slice(start, start + this.#batchSize);
      const parameters: unknown[] = [];
      for (const row of chunk) for (const value of row) parameters.push(value);
      await this.#db.executeQuery(CompiledQuery.raw(this.#sqlFor(chunk.length), parameters));
    }
  }

  #sqlFor(count: number): string {
    let text = this.#compiled.get(count);
    if (text === undefined) {
      const placeholderRow = Object.fromEntries(this.#table.columns.map((c) => [c, null]));
      text = this.#db
        .insertInto(this.#table.name)
        .values(Array.from({ length: count }, () => placeholderRow))
        .compile().sql;
      this.#compiled.set(count, text);
    }
    return text;
  }
}
