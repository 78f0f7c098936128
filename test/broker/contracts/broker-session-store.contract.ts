/**
 * The BrokerSessionStore port (src/broker/ports.ts): a session is found within its lifetime, each
 * use renews its idle window (never past the absolute expiry), a logout ends it at once, and a
 * logout of an ENT session ends exactly the broker sessions opened from it, once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cookieDigest, type BrokerSession, type BrokerSessionStore } from '../../../src/broker/index.js';
import { isBrokerError } from '../../../src/core/broker-error.js';
import { definedFields } from '../../../src/core/defined-fields.js';
import { eachSubject, type ContractSubject } from '../../support/contract-subject.js';

export interface BrokerSessionStoreSubject extends ContractSubject {
  readonly sessions: BrokerSessionStore;
}

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (minutes: number): Date => new Date(t0.getTime() + minutes * 60_000);
const sessionId = randomBytes(32).toString('base64url');
const idHash = cookieDigest(sessionId);
const hash = (): string => cookieDigest(randomBytes(32).toString('base64url'));

/** 8 hours absolute, 30 minutes idle. */
function session(overrides: Partial<BrokerSession> = {}): BrokerSession {
  return {
    idHash,
    entId: 'ENT-1',
    personId: 'P1',
    uai: '0561534N',
    createdAt: t0,
    confirmedAt: t0,
    expiresAt: at(480),
    idleExpiresAt: at(30),
    ...overrides,
  };
}

/** A session of ENT project Z0 opened from the ENT session `entSession`. */
function opened(entSession: BrokerSession['entSession'], overrides: Partial<BrokerSession> = {}): BrokerSession {
  const { uai: _none, ...bare } = session({ idHash: hash(), entId: 'Z0', ...overrides });
  return { ...bare, ...definedFields({ entSession }) };
}

const coded =
  (code: string) =>
  (e: unknown): boolean =>
    isBrokerError(e) && e.code === code;

export function brokerSessionStoreContract(subject: () => Promise<BrokerSessionStoreSubject>): void {
  const current = eachSubject(subject);

  it('finds the session within its lifetime and renews its idle window at each use', async () => {
    const { sessions } = current();
    await sessions.create(session());
    assert.deepEqual(await sessions.find(idHash, at(20)), session({ idleExpiresAt: at(50) }));
    // Idle since minute 20: still alive at 49 (without the renewal it ended at 30).
    assert.deepEqual(await sessions.find(idHash, at(49)), session({ idleExpiresAt: at(79) }));
  });

  it('keeps a session without an establishment', async () => {
    const { sessions } = current();
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
      const { sessions } = current();
      await sessions.create(session());
      assert.equal(await sessions.find(find, now), undefined);
    });
  }

  it('never renews past the absolute expiry, and ends there however busy', async () => {
    const { sessions } = current();
    await sessions.create(session());
    for (let minute = 20; minute < 480; minute += 20) assert.ok(await sessions.find(idHash, at(minute)));
    assert.deepEqual((await sessions.find(idHash, at(470)))?.idleExpiresAt, at(480));
    assert.equal(await sessions.find(idHash, at(480)), undefined);
  });

  it('ends a revoked session at once; it stays readable, revoked', async () => {
    const { sessions } = current();
    await sessions.create(session());
    await sessions.revoke(idHash, at(5));
    await sessions.revoke(cookieDigest('unknown'), at(5));
    assert.equal(await sessions.find(idHash, at(6)), undefined);
    assert.deepEqual(await sessions.get(idHash), { ...session(), revokedAt: at(5) });
    assert.equal(await sessions.get(cookieDigest('unknown')), undefined);
  });

  it('purges expired, idle and revoked sessions only', async () => {
    const { sessions } = current();
    const live = cookieDigest('live');
    const revoked = cookieDigest('revoked');
    const gone = [cookieDigest('idle'), cookieDigest('expired'), revoked];
    await sessions.create(session({ idHash: cookieDigest('idle') }));
    await sessions.create(session({ idHash: cookieDigest('expired'), expiresAt: at(60), idleExpiresAt: at(60) }));
    await sessions.create(session({ idHash: live, idleExpiresAt: at(90) }));
    await sessions.create(session({ idHash: revoked, idleExpiresAt: at(90) }));
    await sessions.revoke(revoked, at(1));
    assert.equal(await sessions.purgeExpired(at(60)), 3);
    for (const h of gone) assert.equal(await sessions.get(h), undefined);
    assert.ok(await sessions.find(live, at(61)));
  });

  const inconsistent = [
    { name: 'a raw session id instead of its digest', overrides: { idHash: sessionId } },
    { name: 'an idle expiry at its creation', overrides: { idleExpiresAt: t0 } },
    { name: 'an idle expiry after the absolute expiry', overrides: { idleExpiresAt: at(481) } },
  ];
  for (const { name, overrides } of inconsistent) {
    it(`refuses ${name} and keeps nothing`, async () => {
      const { sessions } = current();
      await assert.rejects(sessions.create(session(overrides)), coded('ERR_LOGIN_STORE_INPUT'));
      assert.equal(await sessions.get(session(overrides).idHash), undefined);
    });
  }

  it('refuses a session id already in use', async () => {
    const { sessions } = current();
    await sessions.create(session());
    await assert.rejects(sessions.create(session()), coded('ERR_LOGIN_STORE_DUPLICATE'));
  });

  it('keeps the ENT session reference and the confirmation time', async () => {
    const { sessions } = current();
    const s = opened({ nameId: 'n-1', nameIdFormat: 'urn:transient', sessionIndex: 'si-1' });
    await sessions.create(s);
    assert.deepEqual(await sessions.find(s.idHash, at(1)), { ...s, idleExpiresAt: at(31) });
    await sessions.confirm(s.idHash, { nameId: 'n-2', sessionIndex: 'si-2' }, at(2));
    const found = await sessions.find(s.idHash, at(3));
    assert.deepEqual(found?.confirmedAt, at(2));
    assert.deepEqual(found?.entSession, { nameId: 'n-2', sessionIndex: 'si-2' });
  });

  it('ends exactly the sessions opened from the named ENT session, once', async () => {
    const { sessions } = current();
    const a = opened({ nameId: 'n-1', sessionIndex: 'si-1' });
    const a2 = opened({ nameId: 'n-1', sessionIndex: 'si-1' });
    const otherIndex = opened({ nameId: 'n-1', sessionIndex: 'si-9' });
    const otherUser = opened({ nameId: 'n-2', sessionIndex: 'si-2' });
    const otherEnt = opened({ nameId: 'n-1', sessionIndex: 'si-1' }, { entId: 'Y9' });
    for (const s of [a, a2, otherIndex, otherUser, otherEnt]) await sessions.create(s);
    const ended = await sessions.revokeOfEntSession('Z0', { nameId: 'n-1', sessionIndexes: ['si-1'] }, at(1));
    assert.deepEqual(ended.map((s) => s.idHash).sort(), [a.idHash, a2.idHash].sort());
    assert.deepEqual(
      await sessions.revokeOfEntSession('Z0', { nameId: 'n-1', sessionIndexes: ['si-1'] }, at(1)),
      [],
      'a second logout ends nothing',
    );
    for (const live of [otherIndex, otherUser, otherEnt]) assert.ok(await sessions.find(live.idHash, at(2)));
    assert.equal(await sessions.find(a.idHash, at(2)), undefined);
    assert.ok((await sessions.get(a.idHash))?.revokedAt, 'the ended session is still readable, revoked');
  });

  it("matches another user's SessionIndex with this NameID: nothing ends", async () => {
    const { sessions } = current();
    const victim = opened({ nameId: 'victim', sessionIndex: 'si-v' });
    await sessions.create(victim);
    assert.deepEqual(
      await sessions.revokeOfEntSession('Z0', { nameId: 'attacker', sessionIndexes: ['si-v'] }, at(1)),
      [],
    );
    assert.ok(await sessions.find(victim.idHash, at(2)));
  });

  it('ends by OIDC sid, or by NameID alone (every session of that NameID)', async () => {
    const { sessions } = current();
    const oidc = opened({ nameId: 'sub-1', sid: 'sid-1' });
    const saml1 = opened({ nameId: 'n-3', sessionIndex: 'x' });
    const saml2 = opened({ nameId: 'n-3', sessionIndex: 'y' });
    for (const s of [oidc, saml1, saml2]) await sessions.create(s);
    assert.deepEqual(
      (await sessions.revokeOfEntSession('Z0', { sid: 'sid-1' }, at(1))).map((s) => s.idHash),
      [oidc.idHash],
    );
    assert.equal((await sessions.revokeOfEntSession('Z0', { nameId: 'n-3' }, at(1))).length, 2);
    assert.deepEqual(await sessions.revokeOfEntSession('Z0', {}, at(1)), [], 'a match naming nothing ends nothing');
  });

  it('of concurrent logouts of one ENT session, each broker session is returned by one only', async () => {
    const { sessions } = current();
    const named = [opened({ nameId: 'n-5', sid: 's-5' }), opened({ nameId: 'n-5', sid: 's-5' })];
    for (const s of named) await sessions.create(s);
    const outcomes = await Promise.all([1, 2, 3].map(() => sessions.revokeOfEntSession('Z0', { sid: 's-5' }, at(1))));
    assert.deepEqual(
      outcomes
        .flat()
        .map((s) => s.idHash)
        .sort(),
      named.map((s) => s.idHash).sort(),
    );
  });
}
