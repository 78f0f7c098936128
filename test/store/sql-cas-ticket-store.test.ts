/**
 * Issue 7, CAS 3: a service ticket is validated once (CAS protocol 3.0 §3.1.1), never after its
 * expiry, and is kept (consumed) until its broker session ends so the back-channel logout can
 * name it. Two nodes (two stores on one database) race fairly.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cookieDigest, type BrokerSession, type CasTicket, type CasTicketStore } from '../../src/broker/index.js';
import { isBrokerError } from '../../src/core/broker-error.js';
import { createBrokerSessionStore, createCasTicketStore, type Store } from '../../src/store/index.js';
import { describeEachDialect, freshStore } from '../support/each-dialect.js';
import { twinStores, type TwinStores } from '../support/twin-stores.js';

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);
const sessionA = cookieDigest(randomBytes(32).toString('base64url'));
const sessionB = cookieDigest(randomBytes(32).toString('base64url'));

function ticket(overrides: Partial<CasTicket> = {}): CasTicket {
  return {
    ticket: `ST-${randomBytes(32).toString('base64url')}`, serviceUrl: 'https://cas-client.example/app?x=1', sessionHash: sessionA,
    entId: 'Z0', personId: 'p-1', uai: '0561534N', idRessource: 'ark:/86527/r1', createdAt: t0, expiresAt: at(10), keepUntil: at(3600), fromNewLogin: false,
    ...overrides,
  };
}

describeEachDialect('CAS ticket store', (dialect) => {
  let store: Store;
  let tickets: CasTicketStore;
  beforeEach(async () => {
    store = await freshStore(dialect);
    tickets = createCasTicketStore(store);
  });
  afterEach(() => store.close());

  it('gives the ticket back once, as issued; a second validation is refused as consumed', async () => {
    const issued = ticket();
    await tickets.issue(issued);
    assert.deepEqual(await tickets.consume(issued.ticket, at(3)), issued);
    assert.deepEqual(await tickets.consume(issued.ticket, at(4)), { refused: 'consumed' });
  });

  it('refuses an expired ticket (at its expiry instant too) and an unknown one', async () => {
    const issued = ticket();
    await tickets.issue(issued);
    assert.deepEqual(await tickets.consume(issued.ticket, at(10)), { refused: 'expired' });
    assert.deepEqual(await tickets.consume(`ST-${randomBytes(32).toString('base64url')}`, at(1)), { refused: 'unknown' });
    assert.deepEqual(await tickets.consume('', at(1)), { refused: 'unknown' });
  });

  it('refuses a raw session cookie where its digest belongs, and a duplicate ticket', async () => {
    await assert.rejects(tickets.issue(ticket({ sessionHash: randomBytes(32).toString('base64url') })), (e) => isBrokerError(e) && e.code === 'ERR_LOGIN_STORE_INPUT');
    const issued = ticket();
    await tickets.issue(issued);
    await assert.rejects(tickets.issue(issued), (e) => isBrokerError(e) && e.code === 'ERR_LOGIN_STORE_DUPLICATE');
  });

  it('takeOfSession hands over the session\'s tickets, consumed or not, once; other sessions keep theirs', async () => {
    const first = ticket();
    const second = ticket({ createdAt: at(1), serviceUrl: 'https://other.example/' });
    const foreign = ticket({ sessionHash: sessionB });
    for (const t of [second, first, foreign]) await tickets.issue(t);
    await tickets.consume(first.ticket, at(2));
    assert.deepEqual((await tickets.takeOfSession(sessionA)).map((t) => t.ticket), [first.ticket, second.ticket]);
    assert.deepEqual(await tickets.takeOfSession(sessionA), []);
    assert.deepEqual(await tickets.consume(second.ticket, at(3)), { refused: 'unknown' }, 'an unvalidated ticket dies with its session');
    assert.deepEqual((await tickets.takeOfSession(sessionB)).map((t) => t.ticket), [foreign.ticket]);
  });

  it('purges rows past keepUntil only', async () => {
    const short = ticket({ keepUntil: at(60) });
    const long = ticket({ keepUntil: at(7200) });
    for (const t of [short, long]) await tickets.issue(t);
    assert.equal(await tickets.purgeExpired(at(59)), 0);
    assert.equal(await tickets.purgeExpired(at(60)), 1);
    assert.deepEqual((await tickets.takeOfSession(sessionA)).map((t) => t.ticket), [long.ticket]);
  });
});

/** A broker session of the given digest: idle window 60 s, absolute end 3600 s after t0. */
const session = (idHash: string): BrokerSession => ({
  idHash, entId: 'Z0', personId: 'p-1', createdAt: t0, confirmedAt: t0, expiresAt: at(3600), idleExpiresAt: at(60),
});

describeEachDialect('CAS ticket store: tickets of ended sessions', (dialect) => {
  let store: Store;
  let tickets: CasTicketStore;
  beforeEach(async () => {
    store = await freshStore(dialect);
    tickets = createCasTicketStore(store);
  });
  afterEach(() => store.close());

  it('takes the tickets of sessions idle-expired, expired, revoked or gone, once; a live session keeps its own', async () => {
    const sessions = createBrokerSessionStore(store);
    const digests = Array.from({ length: 5 }, () => cookieDigest(randomBytes(32).toString('base64url')));
    const [live, idle, revoked, gone, absolute] = digests as [string, string, string, string, string];
    for (const d of [live, idle, revoked, absolute]) await sessions.create(session(d));
    await sessions.revoke(revoked, at(5));
    const issued = digests.map((d) => ticket({ sessionHash: d }));
    for (const t of issued) await tickets.issue(t);
    // The live one is used at 50 s (its idle window renewed to 110 s); the others are not.
    assert.ok(await sessions.find(live, at(50)));
    assert.deepEqual((await tickets.takeOfEndedSessions(at(30), 100)).map((t) => t.sessionHash).sort(), [revoked, gone].sort());
    assert.deepEqual((await tickets.takeOfEndedSessions(at(60), 100)).map((t) => t.sessionHash).sort(), [idle, absolute].sort(), 'idle window ends at 60 s');
    assert.deepEqual(await tickets.takeOfEndedSessions(at(60), 100), [], 'a second run takes nothing');
    assert.deepEqual((await tickets.takeOfSession(live)).map((t) => t.ticket), [issued[0]?.ticket]);
  });

  it('takes at most `limit` per call, the rest on the next', async () => {
    for (let i = 0; i < 5; i += 1) await tickets.issue(ticket());
    assert.equal((await tickets.takeOfEndedSessions(at(1), 3)).length, 3);
    assert.equal((await tickets.takeOfEndedSessions(at(1), 3)).length, 2);
    assert.equal((await tickets.takeOfEndedSessions(at(1), 3)).length, 0);
  });
});

describeEachDialect('CAS ticket store under concurrency', (dialect) => {
  let twins: TwinStores;
  beforeEach(async () => { twins = await twinStores(dialect); });
  afterEach(() => twins.close());

  it('two nodes validating the same ticket at once: exactly one gets it (20 rounds)', async () => {
    const a = createCasTicketStore(twins.first);
    const b = createCasTicketStore(twins.second);
    for (let round = 0; round < 20; round += 1) {
      const issued = ticket();
      await a.issue(issued);
      const outcomes = await Promise.all([a, b, a, b].map((s) => s.consume(issued.ticket, at(5))));
      assert.equal(outcomes.filter((o) => !('refused' in o)).length, 1, `round ${round}`);
      assert.deepEqual(outcomes.filter((o) => 'refused' in o), [{ refused: 'consumed' }, { refused: 'consumed' }, { refused: 'consumed' }]);
    }
  });

  it('two nodes taking the tickets of ended sessions at once: each ticket goes to one only, the rest to the next run (10 rounds)', async () => {
    const a = createCasTicketStore(twins.first);
    const b = createCasTicketStore(twins.second);
    for (let round = 0; round < 10; round += 1) {
      const issued = Array.from({ length: 12 }, () => ticket({ sessionHash: cookieDigest(randomBytes(32).toString('base64url')) }));
      for (const t of issued) await a.issue(t);
      const racing = (await Promise.all([a, b, a, b].map((s) => s.takeOfEndedSessions(at(5), 8)))).flat().map((t) => t.ticket);
      assert.equal(new Set(racing).size, racing.length, `round ${round}: no ticket twice`);
      // On PostgreSQL a run that lost the race for some rows skips them (they are gone) and may
      // return fewer than its limit; what no racing run took waits for the next run.
      const next = (await b.takeOfEndedSessions(at(5), 100)).map((t) => t.ticket);
      const taken = [...racing, ...next];
      assert.deepEqual(taken.sort(), issued.map((t) => t.ticket).sort(), `round ${round}: every ticket once, by the racing runs or the next one`);
    }
  });
});
