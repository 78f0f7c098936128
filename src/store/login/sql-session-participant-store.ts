import type { Selectable } from 'kysely';
import type { SessionParticipant, SessionParticipantStore } from '../../broker/index.js';
import type { SessionParticipantTable } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { requireDigest } from './require-digest.js';

type Row = Selectable<SessionParticipantTable>;

/**
 * The publishers that received something in a broker session (table `session_participant`), for
 * its logout. Rows are taken (deleted as read), so each logout is sent once whoever takes it.
 */
export function createSessionParticipantStore(store: Store): SessionParticipantStore {
  return {
    async record(participant: SessionParticipant, keepUntil: Date): Promise<void> {
      requireDigest(participant.sessionHash, 'session_hash');
      // The same partner and session reference twice (a second assertion in one session) is one row.
      await store.db
        .insertInto('session_participant')
        .values(toRow(participant, keepUntil))
        .onConflict((oc) => oc.columns(['session_hash', 'kind', 'partner_id', 'session_ref']).doNothing())
        .execute();
    },

    async take(
      sessionHashes: readonly string[],
      kind: SessionParticipant['kind'],
    ): Promise<readonly SessionParticipant[]> {
      if (sessionHashes.length === 0) return [];
      const rows = await store.db
        .deleteFrom('session_participant')
        .where('session_hash', 'in', [...sessionHashes])
        .where('kind', '=', kind)
        .returningAll()
        .execute();
      return rows.sort((a, b) => a.created_at.localeCompare(b.created_at)).map(fromRow);
    },

    async takeOfEndedSessions(
      now: Date,
      limit: number,
      kind: SessionParticipant['kind'],
    ): Promise<readonly SessionParticipant[]> {
      const at = now.toISOString();
      // As the CAS tickets of ended sessions: one DELETE … WHERE session_hash IN (bounded SELECT) … RETURNING.
      const rows = await store.db
        .deleteFrom('session_participant')
        .where('kind', '=', kind)
        .where('session_hash', 'in', (eb) =>
          eb
            .selectFrom('session_participant as p')
            .leftJoin('broker_session as s', 's.id_hash', 'p.session_hash')
            .select('p.session_hash')
            .distinct()
            .where('p.kind', '=', kind)
            .where((w) =>
              w.or([
                w('s.id_hash', 'is', null),
                w('s.revoked_at', 'is not', null),
                w('s.expires_at', '<=', at),
                w('s.idle_expires_at', '<=', at),
              ]),
            )
            .orderBy('p.session_hash')
            .limit(limit),
        )
        .returningAll()
        .execute();
      return rows.sort((a, b) => a.created_at.localeCompare(b.created_at)).map(fromRow);
    },

    async sessionOfSaml(partnerId: string, nameId: string, sessionIndex: string): Promise<string | undefined> {
      const row = await store.db
        .selectFrom('session_participant')
        .select('session_hash')
        .where('kind', '=', 'saml')
        .where('partner_id', '=', partnerId)
        .where('session_ref', '=', sessionIndex)
        .where('subject', '=', nameId)
        .executeTakeFirst();
      return row?.session_hash;
    },

    async pending(sessionHash: string, kind: SessionParticipant['kind']): Promise<boolean> {
      const row = await store.db
        .selectFrom('session_participant')
        .select('partner_id')
        .where('session_hash', '=', sessionHash)
        .where('kind', '=', kind)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async purgeExpired(now: Date): Promise<number> {
      const result = await store.db
        .deleteFrom('session_participant')
        .where('keep_until', '<=', now.toISOString())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function toRow(p: SessionParticipant, keepUntil: Date): Row {
  const common = {
    session_hash: p.sessionHash,
    kind: p.kind,
    partner_id: p.partnerId,
    created_at: p.at.toISOString(),
    keep_until: keepUntil.toISOString(),
  };
  return p.kind === 'saml'
    ? { ...common, session_ref: p.sessionIndex, subject: p.nameId, subject_format: p.nameIdFormat }
    : { ...common, session_ref: p.sid, subject: p.subject, subject_format: null };
}

function fromRow(row: Row): SessionParticipant {
  const common = { sessionHash: row.session_hash, partnerId: row.partner_id, at: new Date(row.created_at) };
  return row.kind === 'saml'
    ? {
        kind: 'saml',
        ...common,
        nameId: row.subject,
        nameIdFormat: row.subject_format ?? '',
        sessionIndex: row.session_ref,
      }
    : { kind: 'oidc', ...common, subject: row.subject, sid: row.session_ref };
}
