import type { Selectable } from 'kysely';
import type { BrokerSession, BrokerSessionStore, EntSessionMatch } from '../../broker/index.js';
import { fail } from '../../core/fail.js';
import type { EntSessionRef } from '../../core/upstream-identity.js';
import type { BrokerSessionTable } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { prepareQuery } from '../prepared-query.js';
import { isUniqueViolation } from '../unique-violation.js';
import { requireDigest } from './require-digest.js';

type Row = Selectable<BrokerSessionTable>;
const columns = [
  'id_hash',
  'ent_id',
  'person_id',
  'uai',
  'created_at',
  'expires_at',
  'idle_expires_at',
  'idle_timeout_ms',
  'revoked_at',
  'ent_session_index',
  'ent_name_id',
  'ent_name_id_format',
  'ent_sid',
  'confirmed_at',
] as const;

// Every login and every later resource runs these: prepared once (see prepared-query.ts).
const insertSession = prepareQuery<Row, never>(columns, (db, v) => db.insertInto('broker_session').values(v));
const liveSession = prepareQuery<{ idHash: string; at: string }, Row>(['idHash', 'at'], (db, v) =>
  db
    .selectFrom('broker_session')
    .selectAll()
    .where('id_hash', '=', v.idHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', v.at)
    .where('idle_expires_at', '>', v.at),
);
// The same conditions again: a revoke or expiry between the two statements wins.
const renewSession = prepareQuery<{ idHash: string; at: string; renewed: string }, Row>(
  ['idHash', 'at', 'renewed'],
  (db, v) =>
    db
      .updateTable('broker_session')
      .set({ idle_expires_at: v.renewed })
      .where('id_hash', '=', v.idHash)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', v.at)
      .where('idle_expires_at', '>', v.at)
      .returningAll(),
);

/** A logout names one NameID's sessions at most: a bound on what one message can end. */
const maxSessionIndexes = 32;

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
        throw fail(
          'ERR_LOGIN_STORE_DUPLICATE',
          "La session n'a pas pu être enregistrée.",
          'broker session id hash already in use',
        );
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
      await store.db
        .updateTable('broker_session')
        .set({ revoked_at: at.toISOString() })
        .where('id_hash', '=', idHash)
        .where('revoked_at', 'is', null)
        .execute();
    },

    async revokeOfEntSession(entId: string, match: EntSessionMatch, at: Date): Promise<readonly BrokerSession[]> {
      const indexes = match.sessionIndexes ?? [];
      if ((match.nameId ?? match.sid ?? match.personId) === undefined || indexes.length > maxSessionIndexes) return [];
      const now = at.toISOString();
      let query = store.db
        .updateTable('broker_session')
        .set({ revoked_at: now })
        .where('ent_id', '=', entId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .where('idle_expires_at', '>', now);
      if (match.nameId !== undefined) query = query.where('ent_name_id', '=', match.nameId);
      if (match.sid !== undefined) query = query.where('ent_sid', '=', match.sid);
      if (match.personId !== undefined) query = query.where('person_id', '=', match.personId);
      if (indexes.length > 0) query = query.where('ent_session_index', 'in', indexes);
      // One UPDATE … RETURNING: of two nodes handling the same logout, each session goes to one.
      return (await query.returningAll().execute()).map(fromRow);
    },

    async confirm(idHash: string, entSession: EntSessionRef | undefined, at: Date): Promise<void> {
      await store.db
        .updateTable('broker_session')
        .set({ confirmed_at: at.toISOString(), ...entSessionColumns(entSession) })
        .where('id_hash', '=', idHash)
        .where('revoked_at', 'is', null)
        .execute();
    },

    async get(idHash: string): Promise<(BrokerSession & { readonly revokedAt?: Date }) | undefined> {
      const row = await store.db
        .selectFrom('broker_session')
        .selectAll()
        .where('id_hash', '=', idHash)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return { ...fromRow(row), ...(row.revoked_at === null ? {} : { revokedAt: new Date(row.revoked_at) }) };
    },

    async purgeExpired(now: Date): Promise<number> {
      const at = now.toISOString();
      const result = await store.db
        .deleteFrom('broker_session')
        .where((eb) =>
          eb.or([eb('expires_at', '<=', at), eb('idle_expires_at', '<=', at), eb('revoked_at', 'is not', null)]),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function entSessionColumns(
  ref: EntSessionRef | undefined,
): Pick<Row, 'ent_session_index' | 'ent_name_id' | 'ent_name_id_format' | 'ent_sid'> {
  return {
    ent_session_index: ref?.sessionIndex ?? null,
    ent_name_id: ref?.nameId ?? null,
    ent_name_id_format: ref?.nameIdFormat ?? null,
    ent_sid: ref?.sid ?? null,
  };
}

function toRow(session: BrokerSession): Row {
  const idleTimeoutMs = session.idleExpiresAt.getTime() - session.createdAt.getTime();
  // The window must be positive, within the absolute lifetime, and fit a 32-bit integer column.
  if (!(idleTimeoutMs > 0 && session.idleExpiresAt <= session.expiresAt && idleTimeoutMs <= 2 ** 31 - 1)) {
    throw fail('ERR_LOGIN_STORE_INPUT', "La session n'a pas pu être enregistrée.", 'broker session times inconsistent');
  }
  return {
    id_hash: session.idHash,
    ent_id: session.entId,
    person_id: session.personId,
    uai: session.uai ?? null,
    created_at: session.createdAt.toISOString(),
    expires_at: session.expiresAt.toISOString(),
    idle_expires_at: session.idleExpiresAt.toISOString(),
    idle_timeout_ms: idleTimeoutMs,
    revoked_at: null,
    ...entSessionColumns(session.entSession),
    confirmed_at: session.confirmedAt.toISOString(),
  };
}

function fromRow(row: Row): BrokerSession {
  const entSession: EntSessionRef = {
    ...optional('sessionIndex', row.ent_session_index),
    ...optional('nameId', row.ent_name_id),
    ...optional('nameIdFormat', row.ent_name_id_format),
    ...optional('sid', row.ent_sid),
  };
  return {
    idHash: row.id_hash,
    entId: row.ent_id,
    personId: row.person_id,
    ...(row.uai === null ? {} : { uai: row.uai }),
    ...(Object.keys(entSession).length === 0 ? {} : { entSession }),
    createdAt: new Date(row.created_at),
    confirmedAt: new Date(row.confirmed_at ?? row.created_at),
    expiresAt: new Date(row.expires_at),
    idleExpiresAt: new Date(row.idle_expires_at),
  };
}

function optional<K extends string>(key: K, value: string | null): Partial<Record<K, string>> {
  return value === null ? {} : ({ [key]: value } as Record<K, string>);
}
