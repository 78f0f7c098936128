import { sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * Builds a statement from SQL text with `{name}` tokens bound as parameters, so the set-based
 * import reads as plain SQL while Kysely picks the dialect's placeholders. Only constant text
 * (table and column names from our own descriptors) is ever spliced in raw.
 */
export function namedSql(text: string, values: Readonly<Record<string, unknown>> = {}): RawBuilder<unknown> {
  const parts = text.split(/(\{\w+\})/).map((piece) => {
    const match = /^\{(\w+)\}$/.exec(piece);
    if (!match) return sql.raw(piece);
    const name = match[1] as string;
    if (!(name in values)) throw new Error(`no value for {${name}}`);
    return sql`${values[name]}`;
  });
  return sql.join(parts, sql.raw(''));
}

export async function runSql(db: Kysely<any>, text: string, values?: Readonly<Record<string, unknown>>): Promise<void> {
  await namedSql(text, values).execute(db);
}

export async function countSql(
  db: Kysely<any>,
  text: string,
  values?: Readonly<Record<string, unknown>>,
): Promise<number> {
  const result = await (namedSql(text, values) as RawBuilder<{ n: number | string }>).execute(db);
  return Number(result.rows[0]?.n ?? 0);
}
