/**
 * CAS service tickets on both dialects (the CasTicketStore contract), and two nodes (two stores on
 * one database) racing fairly for a ticket or for the tickets of ended sessions.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cookieDigest, type CasTicket } from '../../../src/broker/index.js';
import { createBrokerSessionStore, createCasTicketStore } from '../../../src/store/index.js';
import { casTicketStoreContract } from '../../broker/contracts/cas-ticket-store.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { twinStores, type TwinStores } from '../../support/twin-stores.js';

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);
const digest = (): string => cookieDigest(randomBytes(32).toString('base64url'));

const ticket = (sessionHash = digest()): CasTicket => ({
  ticket: `ST-${randomBytes(32).toString('base64url')}`,
  serviceUrl: 'https://cas-client.example/app?x=1',
  sessionHash,
  entId: 'Z0',
  personId: 'p-1',
  uai: '0561534N',
  idRessource: 'ark:/86527/r1',
  createdAt: t0,
  expiresAt: at(10),
  keepUntil: at(3600),
  fromNewLogin: false,
});

describeEachDialect('SQL CAS ticket store', (dialect) => {
  casTicketStoreContract(async () => {
    const store = await freshStore(dialect);
    return {
      tickets: createCasTicketStore(store),
      sessions: createBrokerSessionStore(store),
      close: () => store.close(),
    };
  });
});

describeEachDialect('SQL CAS ticket store under concurrency', (dialect) => {
  let twins: TwinStores;
  beforeEach(async () => {
    twins = await twinStores(dialect);
  });
  afterEach(() => twins.close());

  it('two nodes validating the same ticket at once: exactly one gets it (20 rounds)', async () => {
    const a = createCasTicketStore(twins.first);
    const b = createCasTicketStore(twins.second);
    for (let round = 0; round < 20; round += 1) {
      const issued = ticket();
      await a.issue(issued);
      const outcomes = await Promise.all([a, b, a, b].map((s) => s.consume(issued.ticket, at(5))));
      assert.equal(outcomes.filter((o) => !('refused' in o)).length, 1, `round ${round}`);
      const refused = outcomes.filter((o) => 'refused' in o);
      assert.deepEqual(refused, [{ refused: 'consumed' }, { refused: 'consumed' }, { refused: 'consumed' }]);
    }
  });

  it("two nodes take ended sessions' tickets at once: each to one, the rest on the next run (10 rounds)", async () => {
    const a = createCasTicketStore(twins.first);
    const b = createCasTicketStore(twins.second);
    for (let round = 0; round < 10; round += 1) {
      const issued = Array.from({ length: 12 }, () => ticket());
      for (const t of issued) await a.issue(t);
      const runs = await Promise.all([a, b, a, b].map((s) => s.takeOfEndedSessions(at(5), 8)));
      const racing = runs.flat().map((t) => t.ticket);
      assert.equal(new Set(racing).size, racing.length, `round ${round}: no ticket twice`);
      // On PostgreSQL a run that lost the race for some rows skips them (they are gone) and may
      // return fewer than its limit; what no racing run took waits for the next run.
      const next = (await b.takeOfEndedSessions(at(5), 100)).map((t) => t.ticket);
      const taken = [...racing, ...next];
      assert.deepEqual(
        taken.sort(),
        issued.map((t) => t.ticket).sort(),
        `round ${round}: every ticket once, by the racing runs or the next one`,
      );
    }
  });
});
