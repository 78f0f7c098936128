/**
 * The SessionParticipantStore port (src/broker/ports.ts): each publisher that received something
 * in a broker session is recorded once and handed out once, also when its session has ended.
 * Broker sessions are seeded through their own port.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  cookieDigest,
  type BrokerSession,
  type BrokerSessionStore,
  type SessionParticipant,
  type SessionParticipantStore,
} from '../../../src/broker/index.js';
import { eachSubject, type ContractSubject } from '../../support/contract-subject.js';

export interface SessionParticipantStoreSubject extends ContractSubject {
  readonly participants: SessionParticipantStore;
  /** Where the broker sessions the participants belong to live. */
  readonly sessions: BrokerSessionStore;
}

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (minutes: number): Date => new Date(t0.getTime() + minutes * 60_000);
const hash = (): string => cookieDigest(randomBytes(32).toString('base64url'));

const session = (overrides: Partial<BrokerSession> = {}): BrokerSession => ({
  idHash: hash(),
  entId: 'Z0',
  personId: 'P1',
  createdAt: t0,
  confirmedAt: t0,
  expiresAt: at(480),
  idleExpiresAt: at(30),
  ...overrides,
});
const saml = (sessionHash: string, sessionIndex = '_s'): SessionParticipant => ({
  kind: 'saml',
  sessionHash,
  partnerId: 'https://sp',
  nameId: '_n',
  nameIdFormat: 'urn:t',
  sessionIndex,
  at: t0,
});
const oidc = (sessionHash: string, sid = sessionHash): SessionParticipant => ({
  kind: 'oidc',
  sessionHash,
  partnerId: 'c',
  subject: 'x',
  sid,
  at: t0,
});

export function sessionParticipantStoreContract(subject: () => Promise<SessionParticipantStoreSubject>): void {
  const current = eachSubject(subject);

  it('records each publisher once and hands it out once', async () => {
    const { participants } = current();
    const s = hash();
    const samlOne = saml(s);
    const oidcOne = { kind: 'oidc' as const, sessionHash: s, partnerId: 'client', subject: 'ido', sid: 'sid', at: t0 };
    await participants.record(samlOne, at(60));
    await participants.record(samlOne, at(60));
    await participants.record(oidcOne, at(60));
    assert.equal(await participants.pending(s, 'saml'), true);
    assert.deepEqual(await participants.take([s], 'saml'), [samlOne]);
    assert.deepEqual(await participants.take([s], 'saml'), []);
    assert.equal(await participants.pending(s, 'saml'), false);
    assert.deepEqual(await participants.take([s], 'oidc'), [oidcOne]);
  });

  it('takes the participants of the named sessions only', async () => {
    const { participants } = current();
    const [a, b, c] = [hash(), hash(), hash()];
    for (const h of [a, b, c]) await participants.record(oidc(h), at(60));
    const taken = await participants.take([a, b], 'oidc');
    assert.deepEqual(taken.map((p) => p.sessionHash).sort(), [a, b].sort());
    assert.equal(await participants.pending(c, 'oidc'), true);
    assert.deepEqual(await participants.take([], 'oidc'), []);
  });

  it('takes the participants of ended sessions only, each once', async () => {
    const { participants, sessions } = current();
    const live = session();
    const expired = session({ idleExpiresAt: at(1) });
    const revoked = session();
    for (const s of [live, expired, revoked]) await sessions.create(s);
    await sessions.revoke(revoked.idHash, at(2));
    const gone = hash();
    for (const h of [live.idHash, expired.idHash, revoked.idHash, gone]) await participants.record(oidc(h), at(600));
    const taken = await participants.takeOfEndedSessions(at(5), 10, 'oidc');
    assert.deepEqual(taken.map((p) => p.sessionHash).sort(), [expired.idHash, revoked.idHash, gone].sort());
    assert.deepEqual(await participants.takeOfEndedSessions(at(5), 10, 'oidc'), []);
    assert.equal(await participants.pending(live.idHash, 'oidc'), true);
  });

  it("takes the ended sessions' participants of the asked kind, at most `limit` sessions per call", async () => {
    const { participants } = current();
    const ended = [hash(), hash(), hash()];
    for (const h of ended) await participants.record(oidc(h), at(600));
    await participants.record(saml(ended[0] as string), at(600));
    assert.equal((await participants.takeOfEndedSessions(at(5), 2, 'oidc')).length, 2);
    assert.equal((await participants.takeOfEndedSessions(at(5), 2, 'oidc')).length, 1);
    assert.deepEqual(await participants.takeOfEndedSessions(at(5), 2, 'oidc'), []);
    assert.deepEqual(await participants.takeOfEndedSessions(at(5), 2, 'saml'), [saml(ended[0] as string)]);
  });

  it("finds the session of a SAML publisher's NameID and SessionIndex while it is recorded", async () => {
    const { participants } = current();
    const s = hash();
    await participants.record(saml(s, '_idx'), at(60));
    assert.equal(await participants.sessionOfSaml('https://sp', '_n', '_idx'), s);
    assert.equal(await participants.sessionOfSaml('https://sp', '_n', '_other'), undefined);
    assert.equal(await participants.sessionOfSaml('https://other-sp', '_n', '_idx'), undefined);
    await participants.take([s], 'saml');
    assert.equal(await participants.sessionOfSaml('https://sp', '_n', '_idx'), undefined);
  });

  it('purges participants past their keep-until', async () => {
    const { participants } = current();
    const [short, long] = [hash(), hash()];
    await participants.record(oidc(short, 'y'), at(10));
    await participants.record(oidc(long, 'z'), at(20));
    assert.equal(await participants.purgeExpired(at(10)), 1);
    assert.equal(await participants.pending(short, 'oidc'), false);
    assert.equal(await participants.pending(long, 'oidc'), true);
  });
}
