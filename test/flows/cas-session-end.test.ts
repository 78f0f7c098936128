/**
 * CAS back-channel logout when a broker session ends without `/cas/logout` (idle
 * expiry here; revocation and absolute expiry are the same store condition, see
 * test/store/login/sql-cas-ticket-store.test.ts): the check of ended sessions tells each service
 * that got a ticket, once, and leaves live sessions alone. The check is the broker step run with
 * the composition's stores on the flow broker's database, at the broker's moved clock; the
 * broker's own timer is set to an hour so it never races the test.
 */
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { notifyEndedSessions, type CasDeps } from '../../src/broker/index.js';
import { createCasLogoutSender, registerCasService } from '../../src/federation/index.js';
import { createCasServiceStore, createCasTicketStore, createResourceStore } from '../../src/store/index.js';
import { describeEachDialect } from '../support/each-dialect.js';
import { mediacentreLink, resources, startFlowBroker, type FlowBroker } from '../support/flow-broker.js';
import { logoutReceiver, sessionIndexOf, ticketOf, validateTicket, type LogoutReceiver } from '../support/cas-peer.js';
import { pupilId } from '../support/licensing-fixtures.js';
import { TestBrowser } from '../support/test-browser.js';

const pupil = pupilId('6A', 1);
const mathsService = 'https://cas.publisher-a.test/maths';
const frenchService = 'https://cas.publisher-a.test/francais';
const minute = 60_000;
/** `login.sessionIdleMinutes` (default). */
const idleMs = 30 * minute;

/** The broker's clock, moved by the tests (the ENT keeps real time, so logins happen at offset 0). */
const clock = { offsetMs: 0, now: (): Date => new Date(Date.now() + clock.offsetMs) };

describeEachDialect('flow: CAS back-channel logout of sessions that end by themselves', (dialect) => {
  let flow: FlowBroker;
  let slo: LogoutReceiver;
  let cas: CasDeps;
  before(async function () {
    this.timeout(30000);
    flow = await startFlowBroker(dialect, { clock, casCheckSeconds: 3600 });
    slo = await logoutReceiver();
    const resourceStore = createResourceStore(flow.broker.store);
    const services = createCasServiceStore(flow.broker.store);
    const deps = {
      store: services,
      actor: 'test',
      now: new Date(),
      resourceExists: async (id: string) => (await resourceStore.findResource(id)) !== undefined,
    };
    for (const [serviceUrl, idRessource] of [
      [mathsService, resources.maths],
      [frenchService, resources.french],
    ] as const) {
      await registerCasService({ serviceUrl, idRessource, logoutUrl: slo.url }, deps);
    }
    cas = {
      services,
      tickets: createCasTicketStore(flow.broker.store),
      ticketSeconds: 10,
      sendLogout: createCasLogoutSender({ timeoutMs: 5000, logger: pino({ level: 'silent' }) }),
    };
  });
  after(async () => {
    await slo.close();
    await flow.close();
  });
  afterEach(() => {
    clock.offsetMs = 0;
  });

  const base = (): string => flow.broker.url;
  const check = (): Promise<number> => notifyEndedSessions(cas, { now: clock.now(), log: pino({ level: 'silent' }) });

  async function loggedIn(): Promise<TestBrowser> {
    const browser = new TestBrowser();
    const hop = await browser.get(mediacentreLink(base(), resources.maths));
    assert.match(hop.location ?? '', /^https:\/\/ent\.test\/sso\?SAMLRequest=/);
    const back = await browser.post(`${base()}/saml/sp/acs`, {
      SAMLResponse: await flow.ent.answer(hop.location as string, flow.spMetadata, pupil),
    });
    assert.equal(back.location, 'https://publisher-a.test/maths');
    return browser;
  }

  async function ticketFor(browser: TestBrowser, service: string): Promise<string> {
    const hop = await browser.get(`${base()}/cas/login?service=${encodeURIComponent(service)}`);
    assert.ok(hop.location?.startsWith(`${service}?ticket=ST-`), hop.location);
    return ticketOf(hop.location);
  }

  /** The SessionIndexes received since `since`, once `count` more arrived. */
  async function receivedSince(since: number, count: number): Promise<string[]> {
    await slo.waitFor(since + count);
    return slo.received
      .slice(since)
      .map((r) => sessionIndexOf(r).sessionIndex)
      .sort();
  }

  it(
    'idle expiry: each service that got a ticket of the ended session receives its LogoutRequest; '
      + "the live session's ticket is not touched; a second run tells no one",
    async () => {
      const ending = await loggedIn();
      const live = await loggedIn();
      const ended = [await ticketFor(ending, mathsService), await ticketFor(ending, frenchService)];
      const kept = await ticketFor(live, mathsService);
      assert.equal(
        (await validateTicket(base(), { service: mathsService, ticket: ended[0] as string })).answer.kind,
        'success',
      );
      assert.equal((await validateTicket(base(), { service: mathsService, ticket: kept })).answer.kind, 'success');
      const before = slo.received.length;
      assert.equal(await check(), 0, 'nothing has ended yet');

      // The live browser is used just before the idle window ends (renewing it); the other is not.
      clock.offsetMs = idleMs - minute;
      await ticketFor(live, frenchService);
      clock.offsetMs = idleMs + minute;
      assert.equal(await check(), 2);
      assert.deepEqual(await receivedSince(before, 2), [...ended].sort());
      assert.equal(await check(), 0, 'a second run takes nothing');
      assert.equal(slo.received.length, before + 2, 'and sends nothing');

      const back = await ending.get(mediacentreLink(base(), resources.maths));
      assert.match(back.location ?? '', /^https:\/\/ent\.test\/sso/, 'the ended session needs the ENT again');
      const stillLive = await live.get(`${base()}/cas/login?service=${encodeURIComponent(mathsService)}`);
      assert.ok(stillLive.location?.startsWith(`${mathsService}?ticket=ST-`), 'the live session still gets tickets');
      const told = slo.received.length;
      await live.get(`${base()}/cas/logout`);
      await slo.waitFor(told + 3);
    },
  );

  it('two runs at once: each ticket of the ended sessions is told once', async () => {
    const browsers = [await loggedIn(), await loggedIn()];
    const tickets: string[] = [];
    for (const b of browsers) tickets.push(await ticketFor(b, mathsService), await ticketFor(b, frenchService));
    const before = slo.received.length;
    clock.offsetMs = 9 * 3600_000;
    const counts = await Promise.all([check(), check(), check()]);
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      tickets.length,
    );
    assert.deepEqual(await receivedSince(before, tickets.length), [...tickets].sort());
    assert.equal(slo.received.length, before + tickets.length);
  });
});
