/**
 * A query of fixed shape built with Kysely once per database, then run with new values.
 *
 * Kysely builds and compiles every query anew; on the login path that was a fifth of the broker's
 * CPU (measured with bench:sso: ~19 queries a login, most of their cost in building and
 * compiling, not in the database). A prepared query is built with a marker in place of each value,
 * compiled, and from then on only its parameters are substituted: the SQL is the one Kysely wrote
 * for this dialect, and the values still travel as bound parameters, never as SQL text.
 *
 * Only for queries whose shape does not depend on the values: no `in` lists of varying length, no
 * optional clauses. Every marker must come back as a parameter of its own, and every declared name
 * must be used, or the first run throws (a builder that inspected or transformed a value would
 * otherwise bind the marker text).
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { DatabaseSchema } from './database-schema.js';

export type PreparedValue = string | number | null;

type Db = Kysely<DatabaseSchema>;

interface Plan {
  readonly sql: string;
  /** For each bound parameter, the name of the value it takes, or the constant Kysely bound. */
  readonly slots: readonly ({ readonly name: string } | { readonly constant: unknown })[];
}

const markerPrefix = '\u0000prepared:';

export interface PreparedQuery<P extends Record<string, PreparedValue>, R> {
  /** All rows (a select, or a statement with `returning`). */
  rows(db: Db, values: P): Promise<R[]>;
  /** The first row, if any. */
  first(db: Db, values: P): Promise<R | undefined>;
}

export function prepareQuery<P extends Record<string, PreparedValue>, R>(
  names: readonly (keyof P & string)[],
  build: (db: Db, values: P) => Compilable<R>,
): PreparedQuery<P, R> {
  const plans = new WeakMap<Db, Plan>();
  const planFor = (db: Db): Plan => {
    let plan = plans.get(db);
    if (plan === undefined) {
      plan = compilePlan(db, names, build);
      plans.set(db, plan);
    }
    return plan;
  };
  const rows = async (db: Db, values: P): Promise<R[]> => {
    const plan = planFor(db);
    const parameters = plan.slots.map((slot) => ('name' in slot ? values[slot.name] : slot.constant));
    return (await db.executeQuery<R>(CompiledQuery.raw(plan.sql, parameters) as CompiledQuery<R>)).rows;
  };
  return { rows, first: async (db, values) => (await rows(db, values))[0] };
}

function compilePlan<P extends Record<string, PreparedValue>, R>(
  db: Db,
  names: readonly string[],
  build: (db: Db, values: P) => Compilable<R>,
): Plan {
  const markers = Object.fromEntries(names.map((name) => [name, `${markerPrefix}${name}`])) as unknown as P;
  const compiled = build(db, markers).compile();
  const used = new Set<string>();
  const slots = compiled.parameters.map((parameter) => {
    if (typeof parameter === 'string' && parameter.startsWith(markerPrefix)) {
      const name = parameter.slice(markerPrefix.length);
      if (!names.includes(name)) throw new Error(`prepared query: unknown marker ${name}`);
      used.add(name);
      return { name };
    }
    return { constant: parameter };
  });
  const unused = names.filter((name) => !used.has(name));
  if (unused.length > 0 || compiled.sql.includes(markerPrefix)) {
    throw new Error(
      `prepared query: values not bound as parameters (${unused.join(', ') || 'marker in SQL text'}): ${compiled.sql}`,
    );
  }
  return { sql: compiled.sql, slots };
}
