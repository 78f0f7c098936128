import { createHash } from 'node:crypto';
import type { ReplayCache } from '../../broker/index.js';
import type { Store } from '../open-store.js';
import { prepareQuery } from '../prepared-query.js';

/**
 * The key of an assertion: SHA-256 of issuer NUL ID. Bounded whatever the issuer sent, and
 * unambiguous because XML text cannot hold NUL. Two ENTs may use the same ID; scoped per issuer.
 */
function replayKey(issuer: string, assertionId: string): string {
  return createHash('sha256').update(`${issuer}\u0000${assertionId}`, 'utf8').digest('hex');
}

// One statement decides, so two nodes receiving the same assertion at once cannot both get
// 'new'. An entry already past its expiry (not purged yet) no longer counts: it is taken
// over. A live entry is left as it is and nothing comes back: a replay. Prepared once: every
// login runs it (see prepared-query.ts).
const rememberKey = prepareQuery<{ key: string; expiresAt: string; at: string }, { key: string }>(
  ['key', 'expiresAt', 'at'],
  (db, v) =>
    db
      .insertInto('replay_entry')
      .values({ key: v.key, expires_at: v.expiresAt })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet((eb) => ({ expires_at: eb.ref('excluded.expires_at') }))
          .where('replay_entry.expires_at', '<=', v.at),
      )
      .returning('key'),
);

/** Assertion IDs seen (so that none is ever accepted twice), on table `replay_entry`. */
export function createReplayCache(store: Store): ReplayCache {
  return {
    async remember(issuer: string, assertionId: string, expiresAt: Date, now: Date): Promise<'new' | 'replayed'> {
      const row = await rememberKey.first(store.db, {
        key: replayKey(issuer, assertionId),
        expiresAt: expiresAt.toISOString(),
        at: now.toISOString(),
      });
      return row === undefined ? 'replayed' : 'new';
    },

    async purgeExpired(now: Date): Promise<number> {
      const result = await store.db
        .deleteFrom('replay_entry')
        .where('expires_at', '<=', now.toISOString())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
