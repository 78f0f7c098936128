import type { Selectable } from 'kysely';
import type { LogoutContinuation, LogoutRun, LogoutRunStore } from '../../broker/index.js';
import type { LogoutRunTable } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { requireDigest } from './require-digest.js';

type Row = Selectable<LogoutRunTable>;

/** Front-channel logouts on their way through a browser (table `logout_run`). */
export function createLogoutRunStore(store: Store): LogoutRunStore {
  return {
    async open(run: LogoutRun): Promise<void> {
      requireDigest(run.idHash, 'id_hash');
      await store.db
        .insertInto('logout_run')
        .values({
          id_hash: run.idHash,
          participants: JSON.stringify(run.participants),
          continuation: JSON.stringify(run.continuation),
          created_at: run.createdAt.toISOString(),
          expires_at: run.expiresAt.toISOString(),
          finished_at: null,
        })
        .execute();
    },

    async find(idHash: string, now: Date): Promise<LogoutRun | undefined> {
      const row = await store.db
        .selectFrom('logout_run')
        .selectAll()
        .where('id_hash', '=', idHash)
        .where('finished_at', 'is', null)
        .where('expires_at', '>', now.toISOString())
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async finish(idHash: string, now: Date): Promise<LogoutRun | undefined> {
      const at = now.toISOString();
      const row = await store.db
        .updateTable('logout_run')
        .set({ finished_at: at })
        .where('id_hash', '=', idHash)
        .where('finished_at', 'is', null)
        .where('expires_at', '>', at)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async purgeExpired(now: Date): Promise<number> {
      const result = await store.db
        .deleteFrom('logout_run')
        .where('expires_at', '<=', now.toISOString())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function fromRow(row: Row): LogoutRun {
  return {
    idHash: row.id_hash,
    // Stored as JSON, so each participant's instant comes back as text: a Date again, as the port says.
    participants: (JSON.parse(row.participants) as LogoutRun['participants']).map((p) => ({
      ...p,
      at: new Date(p.at),
    })),
    continuation: JSON.parse(row.continuation) as LogoutContinuation,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
  };
}
