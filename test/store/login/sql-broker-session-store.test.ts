/**
 * A broker session lets a second resource open without a new ENT round-trip within its
 * lifetime; idle sessions end, no use outlives the absolute expiry, and the cookie's session id
 * never reaches the database (only its SHA-256).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cookieDigest, type BrokerSession } from '../../../src/broker/index.js';
import { createBrokerSessionStore } from '../../../src/store/index.js';
import { brokerSessionStoreContract } from '../../broker/contracts/broker-session-store.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (minutes: number): Date => new Date(t0.getTime() + minutes * 60_000);
const sessionId = randomBytes(32).toString('base64url');

const session = (overrides: Partial<BrokerSession> = {}): BrokerSession => ({
  idHash: cookieDigest(sessionId),
  entId: 'ENT-1',
  personId: 'P1',
  createdAt: t0,
  confirmedAt: t0,
  expiresAt: at(480),
  idleExpiresAt: at(30),
  ...overrides,
});

describeEachDialect('SQL broker session store', (dialect) => {
  brokerSessionStoreContract(async () => {
    const store = await freshStore(dialect);
    return { sessions: createBrokerSessionStore(store), close: () => store.close() };
  });

  it('purging deletes the rows of expired, idle and revoked sessions; a refused one writes none', async () => {
    const store = await freshStore(dialect);
    try {
      const sessions = createBrokerSessionStore(store);
      for (const refused of [{ idHash: sessionId }, { idleExpiresAt: t0 }, { idleExpiresAt: at(481) }]) {
        await assert.rejects(sessions.create(session(refused)));
        assert.deepEqual(await store.db.selectFrom('broker_session').selectAll().execute(), []);
      }
      const live = cookieDigest('live');
      await sessions.create(session({ idHash: cookieDigest('idle') }));
      await sessions.create(session({ idHash: live, idleExpiresAt: at(90) }));
      await sessions.create(session({ idHash: cookieDigest('revoked'), idleExpiresAt: at(90) }));
      await sessions.revoke(cookieDigest('revoked'), at(1));
      assert.equal(await sessions.purgeExpired(at(60)), 2);
      const left = await store.db.selectFrom('broker_session').select('id_hash').execute();
      assert.deepEqual(
        left.map((r) => r.id_hash),
        [live],
      );
    } finally {
      await store.close();
    }
  });

  it('the database holds the digest of the session id, never the id itself', async () => {
    const store = await freshStore(dialect);
    try {
      const sessions = createBrokerSessionStore(store);
      await sessions.create(session());
      await sessions.find(cookieDigest(sessionId), at(1));
      const rows = await store.db.selectFrom('broker_session').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.ok(!JSON.stringify(rows).includes(sessionId));
      assert.equal(rows[0]?.id_hash, cookieDigest(sessionId));
    } finally {
      await store.close();
    }
  });
});
