/**
 * CAS 3 toward publishers, end to end through the real composition root: the ENT is the
 * samlify IdP of the SAML flows, the CAS client is test/support/cas-peer.ts (a DOM parser and
 * JSON.parse, not the broker's writer), the browser is the cookie jar of the SAML flows. Each
 * attack is named in its test's title.
 */
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { attributeCodes } from '../../src/attribute-filter/index.js';
import { registerCasService } from '../../src/federation/index.js';
import { createCasServiceStore, createResourceStore } from '../../src/store/index.js';
import { describeEachDialect } from '../support/each-dialect.js';
import { mediacentreLink, resources, startFlowBroker, type FlowBroker } from '../support/flow-broker.js';
import { registerSecondEnt } from '../support/flow-broker.js';
import {
  logoutReceiver,
  sessionIndexOf,
  ticketOf,
  validateTicket,
  type CasAnswer,
  type LogoutReceiver,
} from '../support/cas-peer.js';
import { pupilId, uai } from '../support/licensing-fixtures.js';
import { postedForm, TestBrowser, type Hop } from '../support/test-browser.js';

const pupil = pupilId('6A', 1);
const mathsService = 'https://cas.publisher-a.test/maths?from=gar';
const frenchService = 'https://cas.publisher-a.test/francais';
const unassignedService = 'https://cas.publisher-a.test/autre';
const loginUrl = (base: string, service: string, extra = ''): string =>
  `${base}/cas/login?service=${encodeURIComponent(service)}${extra}`;

/** The broker's clock, moved by the tests that need a ticket to age (the ENT keeps real time). */
const clock = { offsetMs: 0, now: (): Date => new Date(Date.now() + clock.offsetMs) };

describeEachDialect('flow: SAML ENT → CAS publisher', (dialect) => {
  let flow: FlowBroker;
  let slo: LogoutReceiver;
  before(async function () {
    this.timeout(30000);
    flow = await startFlowBroker(dialect, { clock });
    slo = await logoutReceiver();
    const resourceStore = createResourceStore(flow.broker.store);
    const deps = {
      store: createCasServiceStore(flow.broker.store),
      actor: 'test',
      now: new Date(),
      resourceExists: async (id: string) => (await resourceStore.findResource(id)) !== undefined,
    };
    for (const [serviceUrl, idRessource] of [
      [mathsService, resources.maths],
      [frenchService, resources.french],
      [unassignedService, resources.unassigned],
    ] as const) {
      await registerCasService({ serviceUrl, idRessource, logoutUrl: slo.url }, deps);
    }
  });
  after(async () => {
    await slo.close();
    await flow.close();
  });
  afterEach(() => {
    clock.offsetMs = 0;
  });

  const base = (): string => flow.broker.url;

  async function throughEnt(browser: TestBrowser, hop: Hop): Promise<Hop> {
    assert.equal(hop.status, 302, hop.body.slice(0, 300));
    assert.match(hop.location ?? '', /^https:\/\/ent\.test\/sso\?SAMLRequest=/);
    return browser.post(`${base()}/saml/sp/acs`, {
      SAMLResponse: await flow.ent.answer(hop.location as string, flow.spMetadata, pupil),
    });
  }

  /** A browser with a broker session, opened by a médiacentre click on the maths resource. */
  async function loggedIn(): Promise<TestBrowser> {
    const browser = new TestBrowser();
    const atResource = await throughEnt(browser, await browser.get(mediacentreLink(base(), resources.maths)));
    assert.equal(atResource.location, 'https://publisher-a.test/maths');
    return browser;
  }

  async function ticketFor(browser: TestBrowser, service = mathsService): Promise<string> {
    const hop = await browser.get(loginUrl(base(), service));
    assert.equal(hop.status, 302, hop.body.slice(0, 300));
    assert.ok(hop.location?.startsWith(`${service}${service.includes('?') ? '&' : '?'}ticket=ST-`), hop.location);
    return ticketOf(hop.location);
  }

  const success = (answer: CasAnswer): Extract<CasAnswer, { kind: 'success' }> => {
    assert.equal(answer.kind, 'success', JSON.stringify(answer));
    return answer as Extract<CasAnswer, { kind: 'success' }>;
  };

  it(
    'médiacentre click, then /cas/login from the session: a ticket; '
      + 'XML validation gives user = IDO and the SAML release of the same person and resource',
    async () => {
      const browser = await loggedIn();
      const samlHop = await browser.get(await flow.publisherA.saml.getAuthorizeUrlAsync('rs', undefined, {}));
      const form = postedForm(samlHop.body);
      assert.ok(form, samlHop.body.slice(0, 300));
      const { profile } = await flow.publisherA.saml.validatePostResponseAsync({
        SAMLResponse: form.fields.SAMLResponse as string,
      });
      assert.ok(profile);

      const validated = await validateTicket(base(), { service: mathsService, ticket: await ticketFor(browser) });
      assert.equal(validated.status, 200);
      assert.match(validated.contentType, /^application\/xml/);
      assert.equal(validated.cacheControl, 'no-store');
      const answer = success(validated.answer);
      assert.equal(answer.user, profile['IDO'], 'same IDO as the SAML publisher of the same distributor');
      assert.deepEqual(
        Object.keys(answer.attributes),
        attributeCodes.filter((code) => profile[code] !== undefined),
        'exactly the codes SAML released',
      );
      assert.deepEqual(Object.keys(answer.attributes).slice(0, 6), ['IDO', 'UAI', 'PRO', 'NOM', 'PRE', 'DIV']);
      assert.ok(!('IDC' in answer.attributes), 'IDC: not in the contract, so not released on CAS either');
      for (const [name, values] of Object.entries(answer.attributes))
        assert.deepEqual(values, [profile[name]].flat(), name);
      assert.deepEqual(answer.attributes['UAI'], [uai]);
    },
  );

  it(
    'cold /cas/login without a session: the only ENT, then straight to the service with a ticket; '
      + 'JSON validation (format=JSON)',
    async () => {
      const browser = new TestBrowser();
      const back = await throughEnt(browser, await browser.get(loginUrl(base(), frenchService)));
      assert.equal(back.status, 302);
      assert.ok(back.location?.startsWith(`${frenchService}?ticket=ST-`), back.location);
      const ticket = ticketOf(back.location);
      const validated = await validateTicket(base(), { service: frenchService, ticket }, { json: true });
      assert.match(validated.contentType, /^application\/json/);
      const answer = success(validated.answer);
      assert.match(answer.user, /^[0-9a-f]{128}$/);
      assert.deepEqual(answer.attributes['IDO'], [answer.user]);
      assert.deepEqual(answer.attributes['PRO'], ['National_elv']);
    },
  );

  it('replay: a ticket validates once; the second validation gets INVALID_TICKET', async () => {
    const browser = await loggedIn();
    const ticket = await ticketFor(browser);
    success((await validateTicket(base(), { service: mathsService, ticket })).answer);
    const again = await validateTicket(base(), { service: mathsService, ticket });
    assert.deepEqual(
      [again.answer.kind, again.answer.kind === 'failure' ? again.answer.code : ''],
      ['failure', 'INVALID_TICKET'],
    );
  });

  it("a stale ticket: valid 9 s after issue on the broker's clock, refused (INVALID_TICKET) at 10 s", async () => {
    const browser = await loggedIn();
    const fresh = await ticketFor(browser);
    const stale = await ticketFor(browser);
    clock.offsetMs = 9_000;
    success((await validateTicket(base(), { service: mathsService, ticket: fresh })).answer);
    clock.offsetMs = 10_000;
    assert.deepEqual((await validateTicket(base(), { service: mathsService, ticket: stale })).answer, {
      kind: 'failure',
      code: 'INVALID_TICKET',
      description: 'Ticket inconnu, expiré ou déjà utilisé.',
    });
  });

  for (const [attack, presented] of [
    ['a prefix of the service', 'https://cas.publisher-a.test/maths'],
    ['a trailing slash', 'https://cas.publisher-a.test/maths?from=gar/'],
    ['another query', 'https://cas.publisher-a.test/maths?from=gar&x=1'],
    ['another registered service', frenchService],
  ] as const) {
    it(
      `service mismatch at validation (${attack}): INVALID_SERVICE, `
        + 'and the ticket is burnt for the right service too',
      async () => {
        const ticket = await ticketFor(await loggedIn());
        const wrong = await validateTicket(base(), { service: presented, ticket });
        assert.deepEqual(wrong.answer.kind === 'failure' ? wrong.answer.code : wrong.answer, 'INVALID_SERVICE');
        const right = await validateTicket(base(), { service: mathsService, ticket });
        assert.deepEqual(right.answer.kind === 'failure' ? right.answer.code : right.answer, 'INVALID_TICKET');
      },
    );
  }

  for (const [attack, service] of [
    ['an unregistered service (open redirect)', 'https://evil.test/steal'],
    ['a prefix of a registered service', 'https://cas.publisher-a.test/maths'],
    ['a registered service plus a path', 'https://cas.publisher-a.test/maths?from=gar/../../evil'],
    ['a registered service with a trailing slash', 'https://cas.publisher-a.test/francais/'],
    ['a registered service with another query', 'https://cas.publisher-a.test/francais?next=https://evil.test'],
    ['no service at all', ''],
  ] as const) {
    it(`/cas/login with ${attack}: a French page (ERR_CAS_SERVICE_UNKNOWN), no redirect, no ticket`, async () => {
      const browser = await loggedIn();
      const hop = await browser.get(service === '' ? `${base()}/cas/login` : loginUrl(base(), service));
      assert.equal(hop.status, 400);
      assert.equal(hop.location, undefined);
      assert.match(hop.body, /ERR_CAS_SERVICE_UNKNOWN/);
      assert.match(hop.body, /<html lang="fr"/);
      assert.doesNotMatch(hop.body, /ST-/);
    });
  }

  it('a licence missing (resource not assigned): ERR_LOGIN_NOT_ENTITLED page, no ticket issued', async () => {
    const browser = await loggedIn();
    const before = await flow.broker.store.db.selectFrom('cas_ticket').select('ticket').execute();
    const hop = await browser.get(loginUrl(base(), unassignedService));
    assert.equal(hop.status, 403);
    assert.equal(hop.location, undefined);
    assert.match(hop.body, /ERR_LOGIN_NOT_ENTITLED/);
    assert.equal(
      (await flow.broker.store.db.selectFrom('cas_ticket').select('ticket').execute()).length,
      before.length,
    );
  });

  it('renew=true forces a fresh ENT login even with a session (ForceAuthn), then a ticket', async () => {
    const browser = await loggedIn();
    const hop = await browser.get(loginUrl(base(), mathsService, '&renew=true'));
    assert.equal(hop.status, 302);
    const request = inflateRawSync(
      Buffer.from(new URL(hop.location as string).searchParams.get('SAMLRequest') as string, 'base64'),
    ).toString('utf8');
    assert.match(request, /ForceAuthn="true"/);
    const back = await throughEnt(browser, hop);
    assert.ok(back.location?.startsWith(`${mathsService}&ticket=ST-`), back.location);
    // Issued from the new ENT login: it validates even with renew (CAS 3.0 §2.5.1).
    success(
      (await validateTicket(base(), { service: mathsService, ticket: ticketOf(back.location), renew: 'true' })).answer,
    );
  });

  it('renew at validation: a ticket issued from an existing session is refused (INVALID_TICKET), burnt', async () => {
    const browser = await loggedIn();
    const ticket = await ticketFor(browser);
    const refused = (await validateTicket(base(), { service: mathsService, ticket, renew: 'true' })).answer;
    assert.deepEqual(refused.kind === 'failure' ? refused.code : refused.kind, 'INVALID_TICKET');
    const again = (await validateTicket(base(), { service: mathsService, ticket })).answer;
    assert.deepEqual(
      again.kind === 'failure' ? again.code : again.kind,
      'INVALID_TICKET',
      'single use: the refused validation consumed it',
    );
    assert.equal(
      success(
        (await validateTicket(base(), { service: mathsService, ticket: await ticketFor(browser), renew: 'false' }))
          .answer,
      ).kind,
      'success',
      'renew=false is no renew',
    );
  });

  it('gateway=true: without a session back to the service without a ticket (no ENT); with one, a ticket', async () => {
    const cold = await new TestBrowser().get(loginUrl(base(), mathsService, '&gateway=true'));
    assert.equal(cold.status, 302);
    assert.equal(cold.location, mathsService);
    const warm = await (await loggedIn()).get(loginUrl(base(), mathsService, '&gateway=true'));
    assert.match(warm.location ?? '', /&ticket=ST-/);
  });

  it(
    'malformed validation queries get INVALID_REQUEST (XML and JSON, never a page); '
      + 'an unknown or malformed ticket INVALID_TICKET',
    async () => {
      const ticket = `ST-${'A'.repeat(43)}`;
      for (const json of [false, true]) {
        for (const query of [{ service: mathsService }, { ticket }, {}, { service: '', ticket }] as Record<
          string,
          string
        >[]) {
          const answer = await validateTicket(base(), query, { json });
          assert.equal(answer.status, 200);
          assert.deepEqual(
            answer.answer.kind === 'failure' ? answer.answer.code : answer.answer,
            'INVALID_REQUEST',
            JSON.stringify(query),
          );
        }
        for (const bad of [ticket, 'ST-<x>', 'PGT-1']) {
          const answer = await validateTicket(base(), { service: mathsService, ticket: bad }, { json });
          assert.deepEqual(answer.answer.kind === 'failure' ? answer.answer.code : answer.answer, 'INVALID_TICKET');
        }
      }
      const repeated = await fetch(
        `${base()}/cas/p3/serviceValidate?service=${encodeURIComponent(mathsService)}`
          + `&ticket=${ticket}&ticket=${ticket}`,
      );
      assert.match(
        await repeated.text(),
        /<cas:authenticationFailure code="INVALID_REQUEST">/,
        'a repeated parameter is as good as none',
      );
    },
  );

  it('the CAS 2 path /cas/serviceValidate answers the same document', async () => {
    const answer = await validateTicket(
      base(),
      { service: mathsService, ticket: await ticketFor(await loggedIn()) },
      { path: '/cas/serviceValidate' },
    );
    assert.match(success(answer.answer).user, /^[0-9a-f]{128}$/);
  });

  it('two back ends validating the same ticket at once (a replay race): exactly one gets the user', async () => {
    const ticket = await ticketFor(await loggedIn());
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() => validateTicket(base(), { service: mathsService, ticket })),
    );
    assert.equal(answers.filter((a) => a.answer.kind === 'success').length, 1);
    assert.deepEqual(
      answers.filter((a) => a.answer.kind === 'failure').map((a) => (a.answer.kind === 'failure' ? a.answer.code : '')),
      ['INVALID_TICKET', 'INVALID_TICKET', 'INVALID_TICKET'],
    );
  });

  it('a service unregistered between the ticket and its validation: INVALID_SERVICE, no attributes', async () => {
    const services = createCasServiceStore(flow.broker.store);
    const ephemeral = 'https://cas.publisher-a.test/ephemere';
    await services.save(
      { serviceUrl: ephemeral, idRessource: resources.maths, logoutUrl: slo.url },
      'test',
      new Date(),
    );
    const ticket = await ticketFor(await loggedIn(), ephemeral);
    await services.remove(ephemeral, 'test', new Date());
    const answer = await validateTicket(base(), { service: ephemeral, ticket });
    assert.deepEqual(answer.answer.kind === 'failure' ? answer.answer.code : answer.answer, 'INVALID_SERVICE');
  });

  it(
    'logout: the session ends, each service that got a ticket receives a LogoutRequest '
      + 'whose SessionIndex is its ticket; /cas/login then needs the ENT',
    async () => {
      const browser = await loggedIn();
      const tickets = [await ticketFor(browser), await ticketFor(browser, frenchService)];
      success((await validateTicket(base(), { service: mathsService, ticket: tickets[0] as string })).answer);
      const already = slo.received.length;
      const out = await browser.get(`${base()}/cas/logout`);
      assert.equal(out.status, 200);
      assert.match(out.body, /Vous êtes déconnecté/);
      assert.ok(!browser.cookies.has('gar_session'));
      await slo.waitFor(already + 2);
      const indexes = slo.received.slice(already).map((r) => sessionIndexOf(r));
      assert.deepEqual(indexes.map((i) => i.sessionIndex).sort(), [...tickets].sort());
      assert.ok(
        indexes.every(
          (i) => i.root === 'urn:oasis:names:tc:SAML:2.0:protocol#LogoutRequest' && i.nameId === '@NOT_USED@',
        ),
      );
      const unvalidated = await validateTicket(base(), { service: frenchService, ticket: tickets[1] as string });
      assert.deepEqual(
        unvalidated.answer.kind === 'failure' ? unvalidated.answer.code : unvalidated.answer,
        'INVALID_TICKET',
        'a pending ticket dies with its session',
      );
      const again = await browser.get(loginUrl(base(), mathsService));
      assert.match(again.location ?? '', /^https:\/\/ent\.test\/sso/);
    },
  );

  it('logout with a stolen session cookie replayed afterwards: the revoked session gives no ticket', async () => {
    const browser = await loggedIn();
    const stolen = browser.cookies.get('gar_session') as string;
    await browser.get(`${base()}/cas/logout`);
    const thief = new TestBrowser();
    thief.cookies.set('gar_session', stolen);
    const hop = await thief.get(loginUrl(base(), mathsService));
    assert.match(hop.location ?? '', /^https:\/\/ent\.test\/sso/);
  });

  it(
    'logout ?service=: back to a registered service only; ' + 'an unregistered one (open redirect) gets the page',
    async () => {
      const registered = await (await loggedIn()).get(
        `${base()}/cas/logout?service=${encodeURIComponent(mathsService)}`,
      );
      assert.equal(registered.status, 302);
      assert.equal(registered.location, mathsService);
      const evil = await new TestBrowser().get(
        `${base()}/cas/logout?service=${encodeURIComponent('https://evil.test/')}`,
      );
      assert.equal(evil.status, 200);
      assert.equal(evil.location, undefined);
      assert.match(evil.body, /Vous êtes déconnecté/);
    },
  );
});

describe('flow: CAS login with several ENTs (discovery)', () => {
  let flow: FlowBroker;
  before(async function () {
    this.timeout(30000);
    flow = await startFlowBroker('sqlite');
    await registerSecondEnt(flow);
    await createCasServiceStore(flow.broker.store).save(
      { serviceUrl: mathsService, idRessource: resources.maths },
      'test',
      new Date(),
    );
  });
  after(async () => {
    await flow.close();
  });

  it(
    'lists the ENTs; each link comes back to /cas/login with the same service and the ENT chosen, '
      + 'which goes to that ENT',
    async () => {
      const browser = new TestBrowser();
      const page = await browser.get(loginUrl(flow.broker.url, mathsService));
      assert.equal(page.status, 200);
      assert.match(page.body, /Choisissez votre ENT/);
      const link = /<a href="([^"]+idENT=Z0)">/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
      assert.equal(link, `/cas/login?service=${encodeURIComponent(mathsService)}&idENT=Z0`);
      const hop = await browser.get(`${flow.broker.url}${link}`);
      assert.match(hop.location ?? '', /^https:\/\/ent\.test\/sso\?SAMLRequest=/);
    },
  );
});
