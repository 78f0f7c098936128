import { createHash } from 'node:crypto';
import type { ReplayCache } from '../../broker/index.js';
import type { Store } from '../open-store.js';

/**
 * The key of an assertion: SHA-256 of issuer NUL ID. Bounded whatever the issuer sent, and
 * unambiguous because XML text cannot hold NUL. Two ENTs may use the same ID; scoped per issuer.
 */
function replayKey(issuer: string, assertionId: string): string {
  return createHash('sha256').update(`${issuer}\u0000${assertionId}`, 'utf8').digest('hex');
}

/** Assertion IDs seen (issue 4: never accepted twice), on table `replay_entry`. */
export function createReplayCache(store: Store): ReplayCache {
  return {
    async remember(issuer: string, assertionId: string, expiresAt: Date, now: Date): Promise<'new' | 'replayed'> {
      // One statement decides, so two nodes receiving the same assertion at once cannot both get
      // 'new'. An entry already past its expiry (not purged yet) no longer counts: it is taken
      // over. A live entry is left as it is and nothing comes back: a replay.
      const row = await store.db.insertInto('replay_entry')
        .values({ key: replayKey(issuer, assertionId), expires_at: expiresAt.toISOString() })
        .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ expires_at: eb.ref('excluded.expires_at') }))
          .where('replay_entry.expires_at', '<=', now.toISOString()))
        .returning('key').executeTakeFirst();
      return row === undefined ? 'replayed' : 'new';
    },

    async purgeExpired(now: Date): Promise<number> {
      const result = await store.db.deleteFrom('replay_entry').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
