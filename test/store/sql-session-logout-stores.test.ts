/**
 * Sessions bound to the ENT's, and what their logout needs (both dialects): a logout of an ENT
 * session ends exactly the broker sessions opened from it, once; a passive check's confirmation;
 * the publishers that received something, taken once; a front-channel logout run, finished once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  cookieDigest, type BrokerSession, type BrokerSessionStore, type LogoutRunStore, type SessionParticipantStore,
} from '../../src/broker/index.js';
import {
  createBrokerSessionStore, createLogoutRunStore, createSessionParticipantStore, type Store,
} from '../../src/store/index.js';
import { describeEachDialect, freshStore } from '../support/each-dialect.js';

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (minutes: number): Date => new Date(t0.getTime() + minutes * 60_000);
const hash = (): string => cookieDigest(randomBytes(32).toString('base64url'));

function session(entSession: BrokerSession['entSession'], overrides: Partial<BrokerSession> = {}): BrokerSession {
  return {
    idHash: hash(), entId: 'Z0', personId: 'P1', createdAt: t0, confirmedAt: t0, expiresAt: at(480),
    idleExpiresAt: at(30),
    ...(entSession === undefined ? {} : { entSession }), ...overrides,
  };
}

describeEachDialect('broker sessions bound to the ENT session', (dialect) => {
  let store: Store;
  let sessions: BrokerSessionStore;
  beforeEach(async () => {
    store = await freshStore(dialect);
    sessions = createBrokerSessionStore(store);
  });
  afterEach(() => store.close());

  it('keeps the ENT session reference and the confirmation time', async () => {
    const s = session({ nameId: 'n-1', nameIdFormat: 'urn:transient', sessionIndex: 'si-1' });
    await sessions.create(s);
    assert.deepEqual(await sessions.find(s.idHash, at(1)), { ...s, idleExpiresAt: at(31) });
    await sessions.confirm(s.idHash, { nameId: 'n-2', sessionIndex: 'si-2' }, at(2));
    const found = await sessions.find(s.idHash, at(3));
    assert.deepEqual(found?.confirmedAt, at(2));
    assert.deepEqual(found?.entSession, { nameId: 'n-2', sessionIndex: 'si-2' });
  });

  it('ends exactly the sessions opened from the named ENT session, once', async () => {
    const a = session({ nameId: 'n-1', sessionIndex: 'si-1' });
    const a2 = session({ nameId: 'n-1', sessionIndex: 'si-1' });
    const otherIndex = session({ nameId: 'n-1', sessionIndex: 'si-9' });
    const otherUser = session({ nameId: 'n-2', sessionIndex: 'si-2' });
    const otherEnt = session({ nameId: 'n-1', sessionIndex: 'si-1' }, { entId: 'Y9' });
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

  it('matches another user\'s SessionIndex with this NameID: nothing ends', async () => {
    const victim = session({ nameId: 'victim', sessionIndex: 'si-v' });
    await sessions.create(victim);
    assert.deepEqual(
      await sessions.revokeOfEntSession('Z0', { nameId: 'attacker', sessionIndexes: ['si-v'] }, at(1)),
      [],
    );
    assert.ok(await sessions.find(victim.idHash, at(2)));
  });

  it('ends by OIDC sid, or by NameID alone (every session of that NameID)', async () => {
    const oidc = session({ nameId: 'sub-1', sid: 'sid-1' });
    const saml1 = session({ nameId: 'n-3', sessionIndex: 'x' });
    const saml2 = session({ nameId: 'n-3', sessionIndex: 'y' });
    for (const s of [oidc, saml1, saml2]) await sessions.create(s);
    assert.deepEqual(
      (await sessions.revokeOfEntSession('Z0', { sid: 'sid-1' }, at(1))).map((s) => s.idHash),
      [oidc.idHash],
    );
    assert.equal((await sessions.revokeOfEntSession('Z0', { nameId: 'n-3' }, at(1))).length, 2);
    assert.deepEqual(await sessions.revokeOfEntSession('Z0', {}, at(1)), [], 'a match naming nothing ends nothing');
  });
});

describeEachDialect('session participants and logout runs', (dialect) => {
  let store: Store;
  let participants: SessionParticipantStore;
  let runs: LogoutRunStore;
  beforeEach(async () => {
    store = await freshStore(dialect);
    participants = createSessionParticipantStore(store);
    runs = createLogoutRunStore(store);
  });
  afterEach(() => store.close());

  it('records each publisher once and hands it out once', async () => {
    const s = hash();
    const saml = {
      kind: 'saml' as const, sessionHash: s, partnerId: 'https://sp', nameId: '_n', nameIdFormat: 'urn:t',
      sessionIndex: '_s', at: t0,
    };
    const oidc = { kind: 'oidc' as const, sessionHash: s, partnerId: 'client', subject: 'ido', sid: 'sid', at: t0 };
    await participants.record(saml, at(60));
    await participants.record(saml, at(60));
    await participants.record(oidc, at(60));
    assert.equal(await participants.pending(s, 'saml'), true);
    assert.deepEqual(await participants.take([s], 'saml'), [saml]);
    assert.deepEqual(await participants.take([s], 'saml'), []);
    assert.equal(await participants.pending(s, 'saml'), false);
    assert.deepEqual(await participants.take([s], 'oidc'), [oidc]);
  });

  it('takes the participants of ended sessions only, each once', async () => {
    const sessions = createBrokerSessionStore(store);
    const live = session(undefined);
    const expired = session(undefined, { idleExpiresAt: at(1) });
    const revoked = session(undefined);
    for (const s of [live, expired, revoked]) await sessions.create(s);
    await sessions.revoke(revoked.idHash, at(2));
    const gone = hash();
    const oidc = (sessionHash: string) => ({
      kind: 'oidc' as const, sessionHash, partnerId: 'c', subject: 'x', sid: sessionHash, at: t0,
    });
    for (const h of [live.idHash, expired.idHash, revoked.idHash, gone]) await participants.record(oidc(h), at(600));
    const taken = await participants.takeOfEndedSessions(at(5), 10, 'oidc');
    assert.deepEqual(taken.map((p) => p.sessionHash).sort(), [expired.idHash, revoked.idHash, gone].sort());
    assert.deepEqual(await participants.takeOfEndedSessions(at(5), 10, 'oidc'), []);
    assert.equal(await participants.pending(live.idHash, 'oidc'), true);
  });

  it('purges participants past their keep-until', async () => {
    const s = hash();
    await participants.record({ kind: 'oidc', sessionHash: s, partnerId: 'c', subject: 'x', sid: 'y', at: t0 }, at(10));
    assert.equal(await participants.purgeExpired(at(10)), 1);
  });

  it('finishes a run once, never after its expiry', async () => {
    const idHash = hash();
    await runs.open({
      idHash, participants: [], continuation: { kind: 'redirect', location: 'https://ent/slo?x' },
      createdAt: t0, expiresAt: at(2),
    });
    assert.ok(await runs.find(idHash, at(1)));
    assert.deepEqual(
      (await runs.finish(idHash, at(1)))?.continuation,
      { kind: 'redirect', location: 'https://ent/slo?x' },
    );
    assert.equal(await runs.finish(idHash, at(1)), undefined);
    const late = hash();
    await runs.open({
      idHash: late, participants: [], continuation: { kind: 'page' }, createdAt: t0, expiresAt: at(2),
    });
    assert.equal(await runs.finish(late, at(3)), undefined);
    assert.equal(await runs.purgeExpired(at(3)), 2);
  });
});
