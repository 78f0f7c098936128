import type { Selectable } from 'kysely';
import type { OidcPayloadStore } from '../../federation/index.js';
import type { OidcPayloadTable } from '../database-schema.js';
import type { Store } from '../open-store.js';

type Row = Selectable<OidcPayloadTable>;

/**
 * oidc-provider's models (interactions, sessions, grants, codes, tokens, and the broker's own
 * GAR releases) on table `oidc_payload`, same SQL on both dialects: every node of a cluster reads
 * what another one wrote. Expired rows are invisible at once and deleted by `purgeExpired`.
 */
export function createOidcPayloadStore(store: Store): OidcPayloadStore {
  const { db } = store;
  const live = (now: Date) => db.selectFrom('oidc_payload').selectAll()
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now.toISOString())]));
  return {
    async upsert(model, id, payload, expiresAt) {
      const row: Row = {
        model, id, payload: JSON.stringify(payload), grant_id: text(payload['grantId']), uid: text(payload['uid']),
        user_code: text(payload['userCode']), expires_at: expiresAt?.toISOString() ?? null, consumed_at: null,
      };
      const { model: _m, id: _i, ...changes } = row;
      await db.insertInto('oidc_payload').values(row).onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(changes)).execute();
    },

    async find(model, id, now) {
      return fromRow(await live(now).where('model', '=', model).where('id', '=', id).executeTakeFirst());
    },

    async findByUid(model, uid, now) {
      return fromRow(await live(now).where('model', '=', model).where('uid', '=', uid).executeTakeFirst());
    },

    async findByUserCode(model, userCode, now) {
      return fromRow(await live(now).where('model', '=', model).where('user_code', '=', userCode).executeTakeFirst());
    },

    async consume(model, id, at) {
      // Conditional update: of two concurrent token requests presenting one code, exactly one
      // changes the row; the other is refused (RFC 6749 §4.1.2: a code is used once).
      const result = await db.updateTable('oidc_payload').set({ consumed_at: at.toISOString() })
        .where('model', '=', model).where('id', '=', id).where('consumed_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async destroy(model, id) {
      await db.deleteFrom('oidc_payload').where('model', '=', model).where('id', '=', id).execute();
    },

    async revokeByGrantId(grantId) {
      await db.deleteFrom('oidc_payload').where('grant_id', '=', grantId).execute();
    },

    async purgeExpired(now) {
      const result = await db.deleteFrom('oidc_payload').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
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
