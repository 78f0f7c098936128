import type { Kysely, CreateTableBuilder } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** A migration sees the dialect so that the few non-portable column kinds stay in one place. */
export interface Migration {
  readonly name: string;
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** An auto-numbered primary key: INTEGER AUTOINCREMENT on SQLite, an identity column on PostgreSQL. */
export function withSerialId<T extends string>(
  table: CreateTableBuilder<T, never>,
  dialect: Dialect,
): CreateTableBuilder<T, 'id'> {
  return dialect === 'sqlite'
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity());
}
