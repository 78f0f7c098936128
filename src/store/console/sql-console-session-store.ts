/**
 * Console sessions on table `console_session`, keyed by the SHA-256 of the cookie's value (the
 * raw value is never stored). Each use renews the idle window, never past the absolute expiry.
 */
import type { ConsoleSessionStore, ConsoleSubject } from '../../console/index.js';
import type { Store } from '../open-store.js';
import { requireDigest } from '../login/require-digest.js';

export function createConsoleSessionStore(store: Store): ConsoleSessionStore {
  const { db } = store;
  return {
    async create(idHash, subject, times) {
      requireDigest(idHash, 'id_hash');
      await db
        .insertInto('console_session')
        .values({
          id_hash: idHash,
          kind: subject.kind,
          operator_login: subject.kind === 'operator' ? subject.login : null,
          ent_id: subject.kind === 'manager' ? subject.entId : null,
          person_id: subject.kind === 'manager' ? subject.personId : null,
          created_at: times.createdAt.toISOString(),
          expires_at: times.expiresAt.toISOString(),
          idle_expires_at: times.idleExpiresAt.toISOString(),
        })
        .execute();
    },

    async use(idHash, now, idleUntil) {
      const at = now.toISOString();
      const live = await db
        .selectFrom('console_session')
        .select('expires_at')
        .where('id_hash', '=', idHash)
        .where('expires_at', '>', at)
        .where('idle_expires_at', '>', at)
        .executeTakeFirst();
      if (live === undefined) return undefined;
      const renewed = new Date(Math.min(idleUntil.getTime(), Date.parse(live.expires_at))).toISOString();
      // The same conditions again: a session ended or expired between the two statements is not renewed.
      const row = await db
        .updateTable('console_session')
        .set({ idle_expires_at: renewed })
        .where('id_hash', '=', idHash)
        .where('expires_at', '>', at)
        .where('idle_expires_at', '>', at)
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const subject: ConsoleSubject | undefined =
        row.kind === 'operator' && row.operator_login !== null
          ? { kind: 'operator', login: row.operator_login }
          : row.kind === 'manager' && row.ent_id !== null && row.person_id !== null
            ? { kind: 'manager', entId: row.ent_id, personId: row.person_id }
            : undefined;
      return subject === undefined ? undefined : { subject, createdAt: row.created_at, expiresAt: row.expires_at };
    },

    async end(idHash) {
      await db.deleteFrom('console_session').where('id_hash', '=', idHash).execute();
    },

    async purgeExpired(now) {
      const at = now.toISOString();
      const result = await db
        .deleteFrom('console_session')
        .where((eb) => eb.or([eb('expires_at', '<=', at), eb('idle_expires_at', '<=', at)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
