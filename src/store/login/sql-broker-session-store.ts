import type { Selectable } from 'kysely';
import type { BrokerSession, BrokerSessionStore } from '../../broker/index.js';
import { fail } from '../../core/fail.js';
import type { BrokerSessionTable } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { prepareQuery } from '../prepared-query.js';
import { isUniqueViolation } from '../unique-violation.js';
import { requireDigest } from './require-digest.js';

type Row = Selectable<BrokerSessionTable>;
const columns = ['id_hash', 'ent_id', 'person_id', 'uai', 'created_at', 'expires_at', 'idle_expires_at', 'idle_timeout_ms', 'revoked_at'] as const;

// Every login and every later resource runs these: prepared once (see prepared-query.ts).
const insertSession = prepareQuery<Row, never>(columns, (db, v) => db.insertInto('broker_session').values(v));
const liveSession = prepareQuery<{ idHash: string; at: string }, Row>(['idHash', 'at'], (db, v) => db
  .selectFrom('broker_session').selectAll()
  .where('id_hash', '=', v.idHash).where('revoked_at', 'is', null)
  .where('expires_at', '>', v.at).where('idle_expires_at', '>', v.at));
// The same conditions again: a revoke or expiry between the two statements wins.
const renewSession = prepareQuery<{ idHash: string; at: string; renewed: string }, Row>(['idHash', 'at', 'renewed'], (db, v) => db
  .updateTable('broker_session').set({ idle_expires_at: v.renewed })
  .where('id_hash', '=', v.idHash).where('revoked_at', 'is', null)
  .where('expires_at', '>', v.at).where('idle_expires_at', '>', v.at)
  .returningAll());

/** Broker sessions on table `broker_session`, keyed by the SHA-256 of the cookie's session id. */
export function createBrokerSessionStore(store: Store): BrokerSessionStore {
  return {
    async create(session: BrokerSession): Promise<void> {
      requireDigest(session.idHash, 'id_hash');
      try {
        await insertSession.rows(store.db, toRow(session));
      } catch (error) {
        // Session ids are 32 random bytes: a collision is a bug, never a user's doing.
        if (!isUniqueViolation(error)) throw error;
        throw fail('ERR_LOGIN_STORE_DUPLICATE', 'La session n\'a pas pu être enregistrée.', 'broker session id hash already in use');
      }
    },

    async find(idHash: string, now: Date): Promise<BrokerSession | undefined> {
      const at = now.toISOString();
      const live = await liveSession.first(store.db, { idHash, at });
      if (live === undefined) return undefined;
      // Each use renews the idle window, never past the absolute expiry.
      const renewed = Math.min(now.getTime() + live.idle_timeout_ms, Date.parse(live.expires_at));
      const row = await renewSession.first(store.db, { idHash, at, renewed: new Date(renewed).toISOString() });
      return row === undefined ? undefined : fromRow(row);
    },

    async revoke(idHash: string, at: Date): Promise<void> {
      await store.db.updateTable('broker_session').set({ revoked_at: at.toISOString() })
        .where('id_hash', '=', idHash).where('revoked_at', 'is', null).execute();
    },

    async purgeExpired(now: Date): Promise<number> {
      const at = now.toISOString();
      const result = await store.db.deleteFrom('broker_session')
        .where((eb) => eb.or([eb('expires_at', '<=', at), eb('idle_expires_at', '<=', at), eb('revoked_at', 'is not', null)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function toRow(session: BrokerSession): Row {
  const idleTimeoutMs = session.idleExpiresAt.getTime() - session.createdAt.getTime();
  // The window must be positive, within the absolute lifetime, and fit a 32-bit integer column.
  if (!(idleTimeoutMs > 0 && session.idleExpiresAt <= session.expiresAt && idleTimeoutMs <= 2 ** 31 - 1)) {
    throw fail('ERR_LOGIN_STORE_INPUT', 'La session n\'a pas pu être enregistrée.', 'broker session times inconsistent');
  }
  return {
    id_hash: session.idHash, ent_id: session.entId, person_id: session.personId, uai: session.uai ?? null,
    created_at: session.createdAt.toISOString(), expires_at: session.expiresAt.toISOString(),
    idle_expires_at: session.idleExpiresAt.toISOString(), idle_timeout_ms: idleTimeoutMs, revoked_at: null,
  };
}

function fromRow(row: Selectable<BrokerSessionTable>): BrokerSession {
  return {
    idHash: row.id_hash, entId: row.ent_id, personId: row.person_id,
    ...(row.uai === null ? {} : { uai: row.uai }),
    createdAt: new Date(row.created_at), expiresAt: new Date(row.expires_at), idleExpiresAt: new Date(row.idle_expires_at),
  };
}
