/**
 * The CasTicketStore port (src/broker/ports.ts): a service ticket is validated once (CAS protocol
 * 3.0 §3.1.1), never after its expiry, and is kept (consumed) until its broker session ends so the
 * back-channel logout can name it. Broker sessions are seeded through their own port.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  cookieDigest,
  type BrokerSession,
  type BrokerSessionStore,
  type CasTicket,
  type CasTicketStore,
} from '../../../src/broker/index.js';
import { isBrokerError } from '../../../src/core/broker-error.js';
import { eachSubject, type ContractSubject } from '../../support/contract-subject.js';

export interface CasTicketStoreSubject extends ContractSubject {
  readonly tickets: CasTicketStore;
  /** Where the broker sessions the tickets belong to live. */
  readonly sessions: BrokerSessionStore;
}

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);
const digest = (): string => cookieDigest(randomBytes(32).toString('base64url'));
const sessionA = digest();
const sessionB = digest();

function ticket(overrides: Partial<CasTicket> = {}): CasTicket {
  return {
    ticket: `ST-${randomBytes(32).toString('base64url')}`,
    serviceUrl: 'https://cas-client.example/app?x=1',
    sessionHash: sessionA,
    entId: 'Z0',
    personId: 'p-1',
    uai: '0561534N',
    idRessource: 'ark:/86527/r1',
    createdAt: t0,
    expiresAt: at(10),
    keepUntil: at(3600),
    fromNewLogin: false,
    ...overrides,
  };
}

/** A broker session of the given digest: idle window 60 s, absolute end 3600 s after t0. */
const session = (idHash: string): BrokerSession => ({
  idHash,
  entId: 'Z0',
  personId: 'p-1',
  createdAt: t0,
  confirmedAt: t0,
  expiresAt: at(3600),
  idleExpiresAt: at(60),
});

const coded =
  (code: string) =>
  (e: unknown): boolean =>
    isBrokerError(e) && e.code === code;

export function casTicketStoreContract(subject: () => Promise<CasTicketStoreSubject>): void {
  const current = eachSubject(subject);

  it('gives the ticket back once, as issued; a second validation is refused as consumed', async () => {
    const { tickets } = current();
    const issued = ticket({ fromNewLogin: true });
    await tickets.issue(issued);
    assert.deepEqual(await tickets.consume(issued.ticket, at(3)), issued);
    assert.deepEqual(await tickets.consume(issued.ticket, at(4)), { refused: 'consumed' });
  });

  it('refuses an expired ticket (at its expiry instant too) and an unknown one', async () => {
    const { tickets } = current();
    const issued = ticket();
    await tickets.issue(issued);
    assert.deepEqual(await tickets.consume(issued.ticket, at(10)), { refused: 'expired' });
    assert.deepEqual(await tickets.consume(`ST-${randomBytes(32).toString('base64url')}`, at(1)), {
      refused: 'unknown',
    });
    assert.deepEqual(await tickets.consume('', at(1)), { refused: 'unknown' });
  });

  it('refuses a raw session cookie where its digest belongs, and a duplicate ticket', async () => {
    const { tickets } = current();
    const raw = ticket({ sessionHash: randomBytes(32).toString('base64url') });
    await assert.rejects(tickets.issue(raw), coded('ERR_LOGIN_STORE_INPUT'));
    const issued = ticket();
    await tickets.issue(issued);
    await assert.rejects(tickets.issue(issued), coded('ERR_LOGIN_STORE_DUPLICATE'));
  });

  it('of concurrent validations of one ticket, exactly one gets it', async () => {
    const { tickets } = current();
    const issued = ticket();
    await tickets.issue(issued);
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => tickets.consume(issued.ticket, at(5))));
    assert.equal(outcomes.filter((o) => !('refused' in o)).length, 1);
    assert.deepEqual(
      outcomes.filter((o) => 'refused' in o),
      [{ refused: 'consumed' }, { refused: 'consumed' }, { refused: 'consumed' }],
    );
  });

  it("takeOfSession hands over the session's tickets, consumed or not, once; other sessions keep theirs", async () => {
    const { tickets } = current();
    const first = ticket();
    const second = ticket({ createdAt: at(1), serviceUrl: 'https://other.example/' });
    const foreign = ticket({ sessionHash: sessionB });
    for (const t of [second, first, foreign]) await tickets.issue(t);
    await tickets.consume(first.ticket, at(2));
    assert.deepEqual(
      (await tickets.takeOfSession(sessionA)).map((t) => t.ticket),
      [first.ticket, second.ticket],
    );
    assert.deepEqual(await tickets.takeOfSession(sessionA), []);
    assert.deepEqual(
      await tickets.consume(second.ticket, at(3)),
      { refused: 'unknown' },
      'an unvalidated ticket dies with its session',
    );
    assert.deepEqual(
      (await tickets.takeOfSession(sessionB)).map((t) => t.ticket),
      [foreign.ticket],
    );
  });

  it('purges rows past keepUntil only', async () => {
    const { tickets } = current();
    const short = ticket({ keepUntil: at(60) });
    const long = ticket({ keepUntil: at(7200) });
    for (const t of [short, long]) await tickets.issue(t);
    assert.equal(await tickets.purgeExpired(at(59)), 0);
    assert.equal(await tickets.purgeExpired(at(60)), 1);
    assert.deepEqual(
      (await tickets.takeOfSession(sessionA)).map((t) => t.ticket),
      [long.ticket],
    );
  });

  it('takes the tickets of idle-expired, expired, revoked or gone sessions, once; a live one keeps its', async () => {
    const { tickets, sessions } = current();
    const digests = Array.from({ length: 5 }, digest);
    const [live, idle, revoked, gone, absolute] = digests as [string, string, string, string, string];
    for (const d of [live, idle, revoked, absolute]) await sessions.create(session(d));
    await sessions.revoke(revoked, at(5));
    const issued = digests.map((d) => ticket({ sessionHash: d }));
    for (const t of issued) await tickets.issue(t);
    // The live one is used at 50 s (its idle window renewed to 110 s); the others are not.
    assert.ok(await sessions.find(live, at(50)));
    const sessionsOf = (taken: readonly CasTicket[]) => taken.map((t) => t.sessionHash).sort();
    assert.deepEqual(sessionsOf(await tickets.takeOfEndedSessions(at(30), 100)), [revoked, gone].sort());
    assert.deepEqual(
      sessionsOf(await tickets.takeOfEndedSessions(at(60), 100)),
      [idle, absolute].sort(),
      'idle window ends at 60 s',
    );
    assert.deepEqual(await tickets.takeOfEndedSessions(at(60), 100), [], 'a second run takes nothing');
    assert.deepEqual(
      (await tickets.takeOfSession(live)).map((t) => t.ticket),
      [issued[0]?.ticket],
    );
  });

  it('takes at most `limit` per call, the rest on the next', async () => {
    const { tickets } = current();
    for (let i = 0; i < 5; i += 1) await tickets.issue(ticket());
    assert.equal((await tickets.takeOfEndedSessions(at(1), 3)).length, 3);
    assert.equal((await tickets.takeOfEndedSessions(at(1), 3)).length, 2);
    assert.equal((await tickets.takeOfEndedSessions(at(1), 3)).length, 0);
  });
}
