import type { Selectable } from 'kysely';
import type { ConsumeRefusal, LoginDownstream, LoginTransaction, LoginTransactionStore } from '../../broker/index.js';
import { fail } from '../../core/fail.js';
import type { LoginTransactionTable } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { prepareQuery } from '../prepared-query.js';
import { isUniqueViolation } from '../unique-violation.js';
import { requireDigest } from './require-digest.js';

type Row = Selectable<LoginTransactionTable>;
const columns = [
  'id',
  'upstream_request_id',
  'browser_binding',
  'ent_id',
  'downstream',
  'created_at',
  'expires_at',
  'consumed_at',
  'upstream_secret',
  'reconfirm_session',
] as const;

// Every login runs these: prepared once (see prepared-query.ts).
const insertTransaction = prepareQuery<Row, never>(columns, (db, v) => db.insertInto('login_transaction').values(v));
// One UPDATE decides: of two concurrent consumes only one finds consumed_at still null
// (an InResponseTo is usable once). The binding is in the WHERE, so another browser's
// attempt changes nothing and the transaction stays usable by its own browser.
const consumeTransaction = prepareQuery<{ requestId: string; binding: string; at: string }, Row>(
  ['requestId', 'binding', 'at'],
  (db, v) =>
    db
      .updateTable('login_transaction')
      .set({ consumed_at: v.at })
      .where('upstream_request_id', '=', v.requestId)
      .where('browser_binding', '=', v.binding)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', v.at)
      .returningAll(),
);

/** The broker's login transactions on table `login_transaction`, same SQL on both dialects. */
export function createLoginTransactionStore(store: Store): LoginTransactionStore {
  return {
    async open(transaction: LoginTransaction): Promise<void> {
      requireDigest(transaction.browserBinding, 'browser_binding');
      try {
        await insertTransaction.rows(store.db, toRow(transaction));
      } catch (error) {
        // Ids and AuthnRequest IDs are random: a collision is a bug, never a user's doing.
        if (!isUniqueViolation(error)) throw error;
        throw fail(
          'ERR_LOGIN_STORE_DUPLICATE',
          "La connexion n'a pas pu être ouverte.",
          'login transaction id or upstream request id already in use',
        );
      }
    },

    async consume(
      requestId: string,
      browserBinding: string,
      now: Date,
    ): Promise<LoginTransaction | { readonly refused: ConsumeRefusal }> {
      const row = await consumeTransaction.first(store.db, {
        requestId,
        binding: browserBinding,
        at: now.toISOString(),
      });
      if (row !== undefined) return fromRow(row);
      return { refused: await refusalOf(store, requestId, browserBinding) };
    },

    async purgeExpired(now: Date): Promise<number> {
      const result = await store.db
        .deleteFrom('login_transaction')
        .where('expires_at', '<=', now.toISOString())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/** Why nothing was consumed. Another browser learns only that: not whether the login went on. */
async function refusalOf(store: Store, requestId: string, browserBinding: string): Promise<ConsumeRefusal> {
  const row = await store.db
    .selectFrom('login_transaction')
    .select(['browser_binding', 'consumed_at'])
    .where('upstream_request_id', '=', requestId)
    .executeTakeFirst();
  if (row === undefined) return 'unknown';
  if (row.browser_binding !== browserBinding) return 'other-browser';
  return row.consumed_at !== null ? 'consumed' : 'expired';
}

function toRow(transaction: LoginTransaction): Row {
  return {
    id: transaction.id,
    upstream_request_id: transaction.upstream.requestId,
    browser_binding: transaction.browserBinding,
    ent_id: transaction.upstream.entId,
    downstream: transaction.downstream === undefined ? null : JSON.stringify(transaction.downstream),
    created_at: transaction.createdAt.toISOString(),
    expires_at: transaction.expiresAt.toISOString(),
    consumed_at: transaction.consumedAt?.toISOString() ?? null,
    upstream_secret: transaction.upstream.secret ?? null,
    reconfirm_session: transaction.reconfirm ?? null,
  };
}

function fromRow(row: Row): LoginTransaction {
  return {
    id: row.id,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    browserBinding: row.browser_binding,
    upstream: {
      entId: row.ent_id,
      requestId: row.upstream_request_id,
      ...(row.upstream_secret === null ? {} : { secret: row.upstream_secret }),
    },
    ...(row.downstream === null ? {} : { downstream: JSON.parse(row.downstream) as LoginDownstream }),
    ...(row.consumed_at === null ? {} : { consumedAt: new Date(row.consumed_at) }),
    ...(row.reconfirm_session === null ? {} : { reconfirm: row.reconfirm_session }),
  };
}
