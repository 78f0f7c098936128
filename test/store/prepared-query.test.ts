/**
 * prepareQuery (src/store/prepared-query.ts): a query of fixed shape built once per database with
 * markers, then run with new values. On both dialects it must answer exactly as the same Kysely
 * query run directly, carry every value as a bound parameter (quotes, `%` and SQL-looking text
 * match only themselves), keep the constants the builder bound itself, compile once per database,
 * and refuse at the first run a builder that did not hand each marker back as its own parameter.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql, type Compilable, type Kysely } from 'kysely';
import { openStore, migrateStore, type DatabaseSchema, type Store } from '../../src/store/index.js';
import { prepareQuery } from '../../src/store/prepared-query.js';
import { describeEachDialect, freshStore } from '../support/each-dialect.js';

type Db = Kysely<DatabaseSchema>;

const createdAt = '2026-01-05T08:00:00.000Z';

/** Names stored in ent_project: each is found by itself only. Two rows share `doublon`. */
const storedNames = [
  "O'Brien",
  "l'école",
  '100%',
  'a_b',
  'Zoë 🎒 Ærø – 東京',
  '"guillemets"',
  'back\\slash',
  'x -- y',
  ' ',
  '',
  'ÉCOLE',
  'école',
  'doublon',
  'doublon',
] as const;
const rowOf = (index: number): { id: string; name: string } => ({
  id: `p${String(index).padStart(2, '0')}`,
  name: storedNames[index] as string,
});
const storedRows = storedNames.map((_, i) => rowOf(i));

/** Values that are no stored name, several of which would match rows if they were spliced into the SQL text. */
const strangers = [
  "x' OR '1'='1",
  "' OR ''='",
  '%',
  '_',
  '100_',
  'a%',
  "O'Brien' --",
  "'; delete from ent_project; --",
  '" OR "1"="1',
  'ecole',
  'Ecole',
  'doublon ',
  '\\',
  '$1',
  '?',
] as const;

/** An outcome comparable across runs: the rows, or the database's error code. */
async function outcome<R>(work: Promise<R>): Promise<{ rows: R } | { code: unknown }> {
  try {
    return { rows: await work };
  } catch (error) {
    return { code: (error as { code?: unknown }).code ?? String(error) };
  }
}

/** A guard's refusal: a plain Error raised before the database saw anything (database errors carry a code). */
const guardRefusal = (error: unknown): boolean => {
  assert.ok(error instanceof Error);
  assert.equal((error as { code?: unknown }).code, undefined);
  return true;
};

const byName = (db: Db, v: { name: string }) =>
  db.selectFrom('ent_project').select(['id', 'name']).where('name', '=', v.name).orderBy('id');

const byPattern = (db: Db, v: { pattern: string; from: string; n: number }) =>
  db
    .selectFrom('ent_project')
    .select(['id', 'name'])
    .where('name', 'like', v.pattern)
    .where('id', '>=', v.from)
    .orderBy('id')
    .limit(v.n);

type TransactionValues = {
  id: string;
  requestId: string;
  binding: string;
  downstream: string | null;
  at: string;
};
const insertTransaction = (db: Db, v: TransactionValues) =>
  db
    .insertInto('login_transaction')
    .values({
      id: v.id,
      upstream_request_id: v.requestId,
      browser_binding: v.binding,
      ent_id: 'Z0',
      downstream: v.downstream,
      created_at: v.at,
      expires_at: v.at,
      consumed_at: null,
    })
    .returningAll();

// The statement of src/store/login/sql-replay-cache.ts.
type RememberValues = { key: string; expiresAt: string; at: string };
const remember = (db: Db, v: RememberValues) =>
  db
    .insertInto('replay_entry')
    .values({ key: v.key, expires_at: v.expiresAt })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet((eb) => ({ expires_at: eb.ref('excluded.expires_at') }))
        .where('replay_entry.expires_at', '<=', v.at),
    )
    .returning('key');

/** Runs the builder directly with the values, as Kysely alone would. */
const direct =
  <P, R>(build: (db: Db, v: P) => Compilable<R> & { execute(): Promise<R[]> }) =>
  (db: Db, values: P): Promise<R[]> =>
    build(db, values).execute();

describeEachDialect('prepared queries', (dialect) => {
  let store: Store;
  let db: Db;
  before(async () => {
    store = await freshStore(dialect);
    db = store.db;
    await db
      .insertInto('ent_project')
      .values(storedRows.map((r) => ({ ...r, created_at: createdAt })))
      .execute();
  });
  after(async () => {
    await store.close();
  });

  describe('selects', () => {
    const preparedByName = prepareQuery<{ name: string }, { id: string; name: string }>(['name'], byName);

    it('answers as the direct query, a stored name finding exactly its rows and SQL-looking text nothing', async () => {
      for (const name of [...strangers, ...storedNames]) {
        const rows = await preparedByName.rows(db, { name });
        assert.deepEqual(rows, await direct(byName)(db, { name }), name);
        assert.deepEqual(
          rows,
          storedRows.filter((r) => r.name === name),
          name,
        );
      }
      assert.equal((await preparedByName.rows(db, { name: 'doublon' })).length, 2);
      for (const name of strangers) assert.deepEqual(await preparedByName.rows(db, { name }), [], name);
    });

    it('answers as the direct query for any values (a like pattern, a bound, a limit)', async () => {
      const prepared = prepareQuery<{ pattern: string; from: string; n: number }, { id: string; name: string }>(
        ['pattern', 'from', 'n'],
        byPattern,
      );
      const text = fc.oneof(
        fc.constantFrom(...storedNames, ...strangers),
        fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replaceAll('\u0000', '')),
        fc.constantFrom('%', '_%', '%o%', '%\\', 'doub%', 'É%', "%'%"),
      );
      const from = fc.constantFrom('', 'p00', 'p05', 'p13', 'q', "' OR 1=1 --");
      await fc.assert(
        fc.asyncProperty(text, from, fc.integer({ min: 0, max: 20 }), async (pattern, start, n) => {
          const values = { pattern, from: start, n };
          assert.deepEqual(await outcome(prepared.rows(db, values)), await outcome(direct(byPattern)(db, values)));
        }),
        { numRuns: 60 },
      );
    });

    it('first gives the first row, or undefined when there is none', async () => {
      assert.deepEqual(await preparedByName.first(db, { name: 'doublon' }), storedRows[12]);
      assert.deepEqual(await preparedByName.first(db, { name: "O'Brien" }), storedRows[0]);
      assert.equal(await preparedByName.first(db, { name: "x' OR '1'='1" }), undefined);
      assert.equal(await preparedByName.first(db, { name: 'personne' }), undefined);
    });

    it('keeps the constants the builder binds itself (a literal, a limit)', async () => {
      const build = (d: Db, v: { at: string }) =>
        d
          .selectFrom('ent_project')
          .select(['id', 'name'])
          .where('name', '=', 'doublon')
          .where('created_at', '=', v.at)
          .where('name', 'is not', null)
          .orderBy('id', 'desc')
          .limit(1);
      const prepared = prepareQuery<{ at: string }, { id: string; name: string }>(['at'], build);
      assert.deepEqual(await prepared.rows(db, { at: createdAt }), [storedRows[13]]);
      assert.deepEqual(await prepared.rows(db, { at: createdAt }), await direct(build)(db, { at: createdAt }));
      assert.deepEqual(await prepared.rows(db, { at: 'doublon' }), []);
      const twoLimits = (d: Db, v: { name: string }) =>
        d
          .selectFrom('ent_project')
          .select('id')
          .where('name', '=', v.name)
          .where('id', '<>', 'p12')
          .orderBy('id')
          .limit(5)
          .offset(0);
      const preparedTwo = prepareQuery<{ name: string }, { id: string }>(['name'], twoLimits);
      assert.deepEqual(await preparedTwo.rows(db, { name: 'doublon' }), [{ id: 'p13' }]);
    });
  });

  describe('inserts', () => {
    beforeEach(async () => {
      await db.deleteFrom('login_transaction').execute();
      await db.deleteFrom('replay_entry').execute();
    });

    it(
      'insert … returning returns and stores what the direct insert does, a null included, '
        + 'and fails as it does on a duplicate',
      async () => {
        const prepared = prepareQuery<TransactionValues, Record<string, unknown>>(
          ['id', 'requestId', 'binding', 'downstream', 'at'],
          insertTransaction,
        );
        const cases: readonly Omit<TransactionValues, 'id' | 'requestId'>[] = [
          { binding: "x' OR '1'='1", downstream: null, at: createdAt },
          { binding: '100% "ok"', downstream: '{"resource":"ark:/1/é\'"}', at: '2026-02-01T00:00:00.000Z' },
          { binding: '', downstream: 'Zoë 🎒', at: '' },
        ];
        for (const [i, values] of cases.entries()) {
          const viaPrepared = await prepared.rows(db, { ...values, id: `prep-${i}`, requestId: `req-p-${i}` });
          const viaDirect = await direct(insertTransaction)(db, { ...values, id: `dir-${i}`, requestId: `req-d-${i}` });
          const expected = {
            id: `prep-${i}`,
            upstream_request_id: `req-p-${i}`,
            browser_binding: values.binding,
            ent_id: 'Z0',
            downstream: values.downstream,
            created_at: values.at,
            expires_at: values.at,
            consumed_at: null,
            upstream_secret: null,
            reconfirm_session: null,
          };
          assert.deepEqual(viaPrepared, [expected]);
          assert.deepEqual(viaDirect, [{ ...expected, id: `dir-${i}`, upstream_request_id: `req-d-${i}` }]);
          assert.deepEqual(
            await db.selectFrom('login_transaction').selectAll().where('id', '=', `prep-${i}`).execute(),
            [expected],
          );
        }
        const again = { ...(cases[0] as TransactionValues), id: 'prep-0', requestId: 'req-new' };
        const failure = await outcome(prepared.rows(db, again));
        assert.ok('code' in failure && failure.code !== undefined);
        assert.deepEqual(failure, await outcome(direct(insertTransaction)(db, again)));
        assert.equal((await db.selectFrom('login_transaction').select('id').execute()).length, 6);
      },
    );

    it(
      'insert … on conflict … where (the replay cache) takes over, ' + 'keeps and answers as the direct statement',
      async () => {
        const prepared = prepareQuery<RememberValues, { key: string }>(['key', 'expiresAt', 'at'], remember);
        const t = (s: number): string => new Date(Date.UTC(2026, 2, 1, 10, 0, s)).toISOString();
        const step = fc.record({
          key: fc.constantFrom('k1', 'k2', "k'3", '%'),
          expiresIn: fc.integer({ min: 0, max: 5 }),
          at: fc.integer({ min: 0, max: 8 }),
        });
        const play = async (
          run: (d: Db, v: RememberValues) => Promise<{ key: string }[]>,
          steps: readonly { key: string; expiresIn: number; at: number }[],
        ) => {
          await db.deleteFrom('replay_entry').execute();
          const answers: { key: string }[][] = [];
          for (const s of steps)
            answers.push(await run(db, { key: s.key, expiresAt: t(s.at + s.expiresIn), at: t(s.at) }));
          const table = await db.selectFrom('replay_entry').selectAll().orderBy('key').execute();
          return { answers, table };
        };
        await fc.assert(
          fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
            const viaPrepared = await play(prepared.rows, steps);
            assert.deepEqual(viaPrepared, await play(direct(remember), steps));
          }),
          { numRuns: 25 },
        );
        // And the three answers spelled out: new, live (nothing back), expired (taken over).
        await db.deleteFrom('replay_entry').execute();
        assert.deepEqual(await prepared.rows(db, { key: 'k', expiresAt: t(10), at: t(0) }), [{ key: 'k' }]);
        assert.equal(await prepared.first(db, { key: 'k', expiresAt: t(20), at: t(9) }), undefined);
        assert.deepEqual(await prepared.first(db, { key: 'k', expiresAt: t(30), at: t(10) }), { key: 'k' });
        assert.deepEqual(await db.selectFrom('replay_entry').selectAll().execute(), [{ key: 'k', expires_at: t(30) }]);
      },
    );
  });

  it(
    'compiles the plan once per database: ' + 'the builder runs once for several runs, again for another database',
    async () => {
      let builds = 0;
      const prepared = prepareQuery<{ name: string }, { id: string; name: string }>(['name'], (d, v) => {
        builds += 1;
        return byName(d, v);
      });
      assert.deepEqual(await prepared.rows(db, { name: "O'Brien" }), [storedRows[0]]);
      assert.deepEqual(await prepared.rows(db, { name: 'doublon' }), [storedRows[12], storedRows[13]]);
      assert.equal(await prepared.first(db, { name: 'personne' }), undefined);
      assert.equal(builds, 1);
      // Another database (a SQLite one, also when this block runs on PostgreSQL: the plan is the
      // SQL of each database's own dialect).
      const other = await openStore({ url: 'sqlite::memory:' });
      try {
        await migrateStore(other);
        await other.db.insertInto('ent_project').values({ id: 'o1', name: "O'Brien", created_at: createdAt }).execute();
        assert.deepEqual(await prepared.rows(other.db, { name: "O'Brien" }), [{ id: 'o1', name: "O'Brien" }]);
        assert.equal(builds, 2);
        assert.deepEqual(await prepared.rows(db, { name: "O'Brien" }), [storedRows[0]]);
        assert.deepEqual(await prepared.rows(other.db, { name: 'doublon' }), []);
        assert.equal(builds, 2);
      } finally {
        await other.close();
      }
    },
  );

  describe('refuses at the first run a builder that does not bind each value as its own parameter', () => {
    beforeEach(async () => {
      await db.deleteFrom('ent_project').where('id', 'like', 'g-%').execute();
    });
    const nothingWritten = async () =>
      assert.deepEqual(await db.selectFrom('ent_project').select('id').where('id', 'like', 'g-%').execute(), []);

    it('a declared name the builder does not use', async () => {
      const prepared = prepareQuery<{ id: string; name: string }, never>(['id', 'name'], (d, v) =>
        d.insertInto('ent_project').values({ id: v.id, name: 'fixe', created_at: createdAt }),
      );
      await assert.rejects(prepared.rows(db, { id: 'g-1', name: 'n' }), guardRefusal);
      // Not remembered as a plan: every run refuses.
      await assert.rejects(prepared.rows(db, { id: 'g-1', name: 'n' }), guardRefusal);
      await nothingWritten();
    });

    it('a value transformed by the builder (toUpperCase)', async () => {
      const prepared = prepareQuery<{ id: string; name: string }, never>(['id', 'name'], (d, v) =>
        d.insertInto('ent_project').values({ id: v.id, name: v.name.toUpperCase(), created_at: createdAt }),
      );
      await assert.rejects(prepared.rows(db, { id: 'g-2', name: 'n' }), guardRefusal);
      await nothingWritten();
    });

    it('a value concatenated into another parameter (a like pattern, a derived text)', async () => {
      const pattern = prepareQuery<{ prefix: string }, { id: string }>(['prefix'], (d, v) =>
        d.selectFrom('ent_project').select('id').where('name', 'like', `${v.prefix}%`),
      );
      await assert.rejects(pattern.rows(db, { prefix: 'dou' }), guardRefusal);
      await assert.rejects(pattern.first(db, { prefix: 'dou' }), guardRefusal);
      // Every name used as itself too: only the derived parameter betrays the builder.
      const derived = prepareQuery<{ id: string }, never>(['id'], (d, v) =>
        d.insertInto('ent_project').values({ id: v.id, name: `${v.id}-copie`, created_at: createdAt }),
      );
      await assert.rejects(derived.rows(db, { id: 'g-3' }), guardRefusal);
      await nothingWritten();
    });

    it('a value written into the SQL text (sql.raw, sql.lit)', async () => {
      const raw = prepareQuery<{ name: string }, { id: string }>(['name'], (d, v) =>
        d
          .selectFrom('ent_project')
          .select('id')
          .where(sql<boolean>`name = '${sql.raw(v.name)}'`),
      );
      await assert.rejects(raw.rows(db, { name: "x' OR '1'='1" }), guardRefusal);
      // Every name also bound as a parameter: only the SQL text betrays the builder.
      const literal = prepareQuery<{ id: string }, never>(['id'], (d, v) =>
        d.insertInto('ent_project').values({ id: v.id, name: sql.lit(v.id), created_at: createdAt }),
      );
      await assert.rejects(literal.rows(db, { id: 'g-4' }), guardRefusal);
      await nothingWritten();
    });
  });
});
