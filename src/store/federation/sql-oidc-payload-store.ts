import type { Kysely, Selectable } from 'kysely';
import type { OidcPayloadStore } from '../../federation/index.js';
import type { DatabaseSchema, OidcPayloadTable } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { prepareQuery } from '../prepared-query.js';

type Row = Selectable<OidcPayloadTable>;

type Key = { model: string; id: string };
type At = { now: string };
const rowColumns = ['model', 'id', 'payload', 'grant_id', 'uid', 'user_code', 'expires_at', 'consumed_at'] as const;

// An OIDC login reads and writes this table a dozen times (interaction, session, grant, code,
// token, release): prepared once per database (see prepared-query.ts), as the login path's queries.
const upsertRow = prepareQuery<Row, never>(rowColumns, (db, v) =>
  db
    .insertInto('oidc_payload')
    .values(v)
    .onConflict((oc) =>
      oc.columns(['model', 'id']).doUpdateSet({
        payload: v.payload,
        grant_id: v.grant_id,
        uid: v.uid,
        user_code: v.user_code,
        expires_at: v.expires_at,
        consumed_at: v.consumed_at,
      }),
    ),
);
const live = (db: Kysely<DatabaseSchema>, now: string) =>
  db
    .selectFrom('oidc_payload')
    .selectAll()
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
const findById = prepareQuery<Key & At, Row>(['model', 'id', 'now'], (db, v) =>
  live(db, v.now).where('model', '=', v.model).where('id', '=', v.id),
);
const findByUid = prepareQuery<{ model: string; uid: string } & At, Row>(['model', 'uid', 'now'], (db, v) =>
  live(db, v.now).where('model', '=', v.model).where('uid', '=', v.uid),
);
// Conditional update: of two concurrent token requests presenting one code, exactly one changes
// the row; the other is refused (RFC 6749 §4.1.2: a code is used once).
const consumeRow = prepareQuery<Key & { at: string }, { id: string }>(['model', 'id', 'at'], (db, v) =>
  db
    .updateTable('oidc_payload')
    .set({ consumed_at: v.at })
    .where('model', '=', v.model)
    .where('id', '=', v.id)
    .where('consumed_at', 'is', null)
    .returning('id'),
);
const destroyRow = prepareQuery<Key, never>(['model', 'id'], (db, v) =>
  db.deleteFrom('oidc_payload').where('model', '=', v.model).where('id', '=', v.id),
);

/**
 * oidc-provider's models (interactions, sessions, grants, codes, tokens, and the broker's own
 * GAR releases) on table `oidc_payload`, same SQL on both dialects: every node of a cluster reads
 * what another one wrote. Expired rows are invisible at once and deleted by `purgeExpired`.
 */
export function createOidcPayloadStore(store: Store): OidcPayloadStore {
  const { db } = store;
  return {
    async upsert(model, id, payload, expiresAt) {
      await upsertRow.rows(db, {
        model,
        id,
        payload: JSON.stringify(payload),
        grant_id: text(payload['grantId']),
        uid: text(payload['uid']),
        user_code: text(payload['userCode']),
        expires_at: expiresAt?.toISOString() ?? null,
        consumed_at: null,
      });
    },

    async find(model, id, now) {
      return fromRow(await findById.first(db, { model, id, now: now.toISOString() }));
    },

    async findByUid(model, uid, now) {
      return fromRow(await findByUid.first(db, { model, uid, now: now.toISOString() }));
    },

    async findByUserCode(model, userCode, now) {
      const row = await db
        .selectFrom('oidc_payload')
        .selectAll()
        .where('model', '=', model)
        .where('user_code', '=', userCode)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now.toISOString())]))
        .executeTakeFirst();
      return fromRow(row);
    },

    async consume(model, id, at) {
      return (await consumeRow.rows(db, { model, id, at: at.toISOString() })).length === 1;
    },

    async destroy(model, id) {
      await destroyRow.rows(db, { model, id });
    },

    async revokeByGrantId(grantId) {
      await db.deleteFrom('oidc_payload').where('grant_id', '=', grantId).execute();
    },

    async purgeExpired(now) {
      const result = await db
        .deleteFrom('oidc_payload')
        .where('expires_at', '<=', now.toISOString())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function fromRow(row: Row | undefined): Record<string, unknown> | undefined {
  if (row === undefined) return undefined;
  const payload = JSON.parse(row.payload) as Record<string, unknown>;
  return row.consumed_at === null ? payload : { ...payload, consumed: Math.floor(Date.parse(row.consumed_at) / 1000) };
}
