/**
 * Issue 4: a broker session lets a second resource open without a new ENT round-trip within its
 * lifetime; idle sessions end, no use outlives the absolute expiry, and the cookie's session id
 * never reaches the database (only its SHA-256).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cookieDigest, type BrokerSession, type BrokerSessionStore } from '../../src/broker/index.js';
import { isBrokerError } from '../../src/core/broker-error.js';
import { createBrokerSessionStore, type Store } from '../../src/store/index.js';
import { describeEachDialect, freshStore } from '../support/each-dialect.js';

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (minutes: number): Date => new Date(t0.getTime() + minutes * 60_000);
const sessionId = randomBytes(32).toString('base64url');
const idHash = cookieDigest(sessionId);

/** 8 hours absolute, 30 minutes idle. */
function session(overrides: Partial<BrokerSession> = {}): BrokerSession {
  return {
    idHash, entId: 'ENT-1', personId: 'P1', uai: '0561534N', createdAt: t0, confirmedAt: t0, expiresAt: at(480),
    idleExpiresAt: at(30), ...overrides,
  };
}

describeEachDialect('broker session store', (dialect) => {
  let store: Store;
  let sessions: BrokerSessionStore;
  beforeEach(async () => {
    store = await freshStore(dialect);
    sessions = createBrokerSessionStore(store);
  });
  afterEach(() => store.close());

  it('finds the session within its lifetime and renews its idle window at each use', async () => {
    await sessions.create(session());
    assert.deepEqual(await sessions.find(idHash, at(20)), session({ idleExpiresAt: at(50) }));
    // Idle since minute 20: still alive at 49 (without the renewal it ended at 30).
    assert.deepEqual(await sessions.find(idHash, at(49)), session({ idleExpiresAt: at(79) }));
  });

  it('keeps a session without an establishment', async () => {
    const { uai: _ignored, ...bare } = session();
    await sessions.create(bare);
    assert.deepEqual(await sessions.find(idHash, at(1)), { ...bare, idleExpiresAt: at(31) });
  });

  const ended = [
    { name: 'unknown', find: cookieDigest('other'), now: at(1) },
    { name: 'idle for exactly its window', find: idHash, now: at(30) },
    { name: 'idle for longer than its window', find: idHash, now: at(45) },
  ];
  for (const { name, find, now } of ended) {
    it(`finds nothing when ${name}`, async () => {
      await sessions.create(session());
      assert.equal(await sessions.find(find, now), undefined);
    });
  }

  it('never renews past the absolute expiry, and ends there however busy', async () => {
    await sessions.create(session());
    for (let minute = 20; minute < 480; minute += 20) assert.ok(await sessions.find(idHash, at(minute)));
    assert.deepEqual((await sessions.find(idHash, at(470)))?.idleExpiresAt, at(480));
    assert.equal(await sessions.find(idHash, at(480)), undefined);
  });

  it('ends a revoked session at once', async () => {
    await sessions.create(session());
    await sessions.revoke(idHash, at(5));
    await sessions.revoke(cookieDigest('unknown'), at(5));
    assert.equal(await sessions.find(idHash, at(6)), undefined);
  });

  it('purges expired, idle and revoked sessions only', async () => {
    const live = cookieDigest('live');
    const revoked = cookieDigest('revoked');
    await sessions.create(session({ idHash: cookieDigest('idle') }));
    await sessions.create(session({ idHash: cookieDigest('expired'), expiresAt: at(60), idleExpiresAt: at(60) }));
    await sessions.create(session({ idHash: live, idleExpiresAt: at(90) }));
    await sessions.create(session({ idHash: revoked, idleExpiresAt: at(90) }));
    await sessions.revoke(revoked, at(1));
    assert.equal(await sessions.purgeExpired(at(60)), 3);
    const left = await store.db.selectFrom('broker_session').select('id_hash').execute();
    assert.deepEqual(left.map((r) => r.id_hash), [live]);
  });

  const inconsistent = [
    { name: 'a raw session id instead of its digest', overrides: { idHash: sessionId } },
    { name: 'an idle expiry at its creation', overrides: { idleExpiresAt: t0 } },
    { name: 'an idle expiry after the absolute expiry', overrides: { idleExpiresAt: at(481) } },
  ];
  for (const { name, overrides } of inconsistent) {
    it(`refuses ${name} and stores nothing`, async () => {
      await assert.rejects(sessions.create(session(overrides)), (e) => isBrokerError(e) && e.code === 'ERR_LOGIN_STORE_INPUT');
      assert.deepEqual(await store.db.selectFrom('broker_session').selectAll().execute(), []);
    });
  }

  it('refuses a session id already in use', async () => {
    await sessions.create(session());
    await assert.rejects(sessions.create(session()), (e) => isBrokerError(e) && e.code === 'ERR_LOGIN_STORE_DUPLICATE');
  });

  it('the database holds the digest of the session id, never the id itself', async () => {
    await sessions.create(session());
    await sessions.find(idHash, at(1));
    const rows = await store.db.selectFrom('broker_session').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.ok(!JSON.stringify(rows).includes(sessionId));
    assert.equal(rows[0]?.id_hash, idHash);
  });
});
