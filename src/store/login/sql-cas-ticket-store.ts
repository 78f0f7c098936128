import type { Selectable } from 'kysely';
import type { CasTicket, CasTicketRefusal, CasTicketStore } from '../../broker/index.js';
import { fail } from '../../core/fail.js';
import type { CasTicketTable } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { prepareQuery } from '../prepared-query.js';
import { isUniqueViolation } from '../unique-violation.js';
import { requireDigest } from './require-digest.js';

type Row = Selectable<CasTicketTable>;
const columns = [
  'ticket',
  'service_url',
  'session_hash',
  'ent_id',
  'person_id',
  'uai',
  'id_ressource',
  'created_at',
  'expires_at',
  'consumed_at',
  'keep_until',
  'from_new_login',
] as const;

// Every CAS login runs these: prepared once (see prepared-query.ts).
const insertTicket = prepareQuery<Row, never>(columns, (db, v) => db.insertInto('cas_ticket').values(v));
// One UPDATE decides (CAS protocol 3.0 §3.1.1, a service ticket is valid once): of two concurrent
// validations only one finds consumed_at still null, and an expired ticket is never handed out.
const consumeTicket = prepareQuery<{ ticket: string; at: string }, Row>(['ticket', 'at'], (db, v) =>
  db
    .updateTable('cas_ticket')
    .set({ consumed_at: v.at })
    .where('ticket', '=', v.ticket)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', v.at)
    .returningAll(),
);

/** CAS service tickets on table `cas_ticket`, same SQL on both dialects. */
export function createCasTicketStore(store: Store): CasTicketStore {
  return {
    async issue(ticket: CasTicket): Promise<void> {
      requireDigest(ticket.sessionHash, 'session_hash');
      try {
        await insertTicket.rows(store.db, toRow(ticket));
      } catch (error) {
        // Tickets carry 32 random bytes: a collision is a bug, never a user's doing.
        if (!isUniqueViolation(error)) throw error;
        throw fail('ERR_LOGIN_STORE_DUPLICATE', "Le ticket n'a pas pu être enregistré.", 'CAS ticket already in use');
      }
    },

    async consume(ticket: string, now: Date): Promise<CasTicket | { readonly refused: CasTicketRefusal }> {
      const row = await consumeTicket.first(store.db, { ticket, at: now.toISOString() });
      if (row !== undefined) return fromRow(row);
      const seen = await store.db
        .selectFrom('cas_ticket')
        .select('consumed_at')
        .where('ticket', '=', ticket)
        .executeTakeFirst();
      return { refused: seen === undefined ? 'unknown' : seen.consumed_at !== null ? 'consumed' : 'expired' };
    },

    async takeOfSession(sessionHash: string): Promise<readonly CasTicket[]> {
      // Deleted as they are read: a second logout of the same session (another node, a double
      // click) finds nothing, so no service is told twice, and an unvalidated ticket dies with it.
      const rows = await store.db
        .deleteFrom('cas_ticket')
        .where('session_hash', '=', sessionHash)
        .returningAll()
        .execute();
      return rows.map(fromRow).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },

    async takeOfEndedSessions(now: Date, limit: number): Promise<readonly CasTicket[]> {
      const at = now.toISOString();
      // One DELETE … WHERE ticket IN (bounded SELECT) … RETURNING: on PostgreSQL a concurrent run
      // waits on the rows this one deletes and then skips them; SQLite serialises writers.
      const rows = await store.db
        .deleteFrom('cas_ticket')
        .where('ticket', 'in', (eb) =>
          eb
            .selectFrom('cas_ticket as t')
            .leftJoin('broker_session as s', 's.id_hash', 't.session_hash')
            .select('t.ticket')
            .where((w) =>
              w.or([
                w('s.id_hash', 'is', null),
                w('s.revoked_at', 'is not', null),
                w('s.expires_at', '<=', at),
                w('s.idle_expires_at', '<=', at),
              ]),
            )
            .orderBy('t.keep_until')
            .orderBy('t.ticket')
            .limit(limit),
        )
        .returningAll()
        .execute();
      return rows.map(fromRow).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },

    async purgeExpired(now: Date): Promise<number> {
      const result = await store.db
        .deleteFrom('cas_ticket')
        .where('keep_until', '<=', now.toISOString())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function toRow(ticket: CasTicket): Row {
  return {
    ticket: ticket.ticket,
    service_url: ticket.serviceUrl,
    session_hash: ticket.sessionHash,
    ent_id: ticket.entId,
    person_id: ticket.personId,
    uai: ticket.uai,
    id_ressource: ticket.idRessource,
    created_at: ticket.createdAt.toISOString(),
    expires_at: ticket.expiresAt.toISOString(),
    consumed_at: null,
    keep_until: ticket.keepUntil.toISOString(),
    from_new_login: ticket.fromNewLogin ? 1 : 0,
  };
}

function fromRow(row: Row): CasTicket {
  return {
    ticket: row.ticket,
    serviceUrl: row.service_url,
    sessionHash: row.session_hash,
    entId: row.ent_id,
    personId: row.person_id,
    uai: row.uai,
    idRessource: row.id_ressource,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    keepUntil: new Date(row.keep_until),
    fromNewLogin: Number(row.from_new_login) === 1,
  };
}
