/**
 * One pupil's session never serves the next (SAML ENT, SAML and CAS publishers; both dialects):
 * the passive check before reusing a session, the ENT's Single Logout, and their attack fixtures.
 * The ENT is samlify; the publisher is node-saml (its LogoutRequest validation and LogoutResponse);
 * the ENT's LogoutRequests are built here and signed with the ENT's (or an attacker's) key.
 */
import assert from 'node:assert/strict';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { buildLogoutRequest, signRedirectQuery } from '../../src/trust/index.js';
import { describeEachDialect } from '../support/each-dialect.js';
import { mediacentreLink, resources, startFlowBroker, type FlowBroker } from '../support/flow-broker.js';
import { pupilId } from '../support/licensing-fixtures.js';
import { peerKey } from '../support/saml-flow-peers.js';
import { throughLogoutRun as throughFrontChannel } from '../support/front-channel-logout.js';
import { postedForm, TestBrowser, type Hop } from '../support/test-browser.js';
import { definedFields } from '../../src/core/defined-fields.js';

const pupilA = pupilId('6A', 1);
const pupilB = pupilId('6A', 2);
const noPassive = (id: string, acs: string): string =>
  Buffer.from(
    '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"'
      + ` xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomBytes(8).toString('hex')}" Version="2.0"`
      + ` IssueInstant="${new Date().toISOString()}" Destination="${acs}" InResponseTo="${id}">`
      + '<saml:Issuer>https://ent.test/idp</saml:Issuer>'
      + '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder">'
      + '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:NoPassive"/></samlp:StatusCode>'
      + '</samlp:Status></samlp:Response>',
  ).toString('base64');

/** The AuthnRequest XML the broker sent the ENT (Redirect binding). */
function authnRequestOf(location: string): string {
  const message = new URL(location).searchParams.get('SAMLRequest') ?? '';
  return inflateRawSync(Buffer.from(message, 'base64')).toString('utf8');
}

describeEachDialect('flow: a session never serves the next pupil (passive check, ENT logout)', (dialect) => {
  let flow: FlowBroker;
  let acs: string;
  before(async function () {
    this.timeout(30000);
    flow = await startFlowBroker(dialect, { publisherSlo: true, login: {} });
    acs = `${flow.broker.url}/saml/sp/acs`;
  });
  after(async () => {
    await flow.close();
  });

  /** The ENT answers whatever the broker asked (a login or a passive check) for `user`. */
  async function ent(browser: TestBrowser, hop: Hop, user: string): Promise<Hop> {
    assert.equal(hop.status, 302, hop.body.slice(0, 300));
    assert.match(hop.location ?? '', /^https:\/\/ent\.test\/sso\?SAMLRequest=/);
    return browser.post(acs, { SAMLResponse: await flow.ent.answer(hop.location as string, flow.spMetadata, user) });
  }

  /** Publisher A's AuthnRequest, answered from the session; its assertion read by node-saml. */
  async function atPublisherA(browser: TestBrowser): Promise<Record<string, unknown>> {
    const hop = await browser.get(await flow.publisherA.saml.getAuthorizeUrlAsync('rs', undefined, {}));
    const form = postedForm(hop.body);
    assert.ok(form, `an assertion for publisher A, got ${hop.status} ${hop.location ?? ''}`);
    const { profile } = await flow.publisherA.saml.validatePostResponseAsync({
      SAMLResponse: form.fields.SAMLResponse as string,
    });
    return profile as Record<string, unknown>;
  }

  /** Pupil A opens the maths book and publisher A receives A's assertion. */
  async function aOpensMaths(browser: TestBrowser): Promise<Record<string, unknown>> {
    const atResource = await ent(browser, await browser.get(mediacentreLink(flow.broker.url, resources.maths)), pupilA);
    assert.equal(atResource.location, 'https://publisher-a.test/maths');
    return atPublisherA(browser);
  }

  const throughLogoutRun = (browser: TestBrowser, hop: Hop) => throughFrontChannel(flow, browser, hop);

  it(
    'asks the ENT without any screen (IsPassive) at the next médiacentre click; ' + 'the same pupil keeps the session',
    async () => {
      const browser = new TestBrowser();
      await aOpensMaths(browser);
      const cookie = browser.cookies.get('gar_session');
      const check = await browser.get(mediacentreLink(flow.broker.url, resources.french));
      assert.match(authnRequestOf(check.location ?? ''), /IsPassive="true"/);
      const back = await ent(browser, check, pupilA);
      assert.equal(back.location, 'https://publisher-a.test/francais');
      assert.equal(browser.cookies.get('gar_session'), cookie, 'the same broker session, confirmed');
    },
  );

  it(
    "the ENT silently switched to pupil B: A's session ends, publisher A is told, "
      + "then B's identity (never A's) reaches it",
    async () => {
      const browser = new TestBrowser();
      const seenA = await aOpensMaths(browser);
      const check = await browser.get(mediacentreLink(flow.broker.url, resources.maths));
      const switched = await ent(browser, check, pupilB);
      const { told, end } = await throughLogoutRun(browser, switched);
      assert.equal(told.length, 1, 'publisher A gets one LogoutRequest');
      assert.equal(told[0]?.nameID, seenA.nameID, 'naming the assertion A received');
      assert.equal(told[0]?.sessionIndex, seenA.sessionIndex);
      assert.equal(end.location, 'https://publisher-a.test/maths', 'then B goes on to the resource');
      const seenB = await atPublisherA(browser);
      assert.notEqual(seenB.IDO, seenA.IDO, "B's pseudonym, not A's");
    },
  );

  it(
    "the ENT has no session any more (NoPassive): A's session ends, publisher A is told, " + 'then a normal login',
    async () => {
      const browser = new TestBrowser();
      await aOpensMaths(browser);
      const check = await browser.get(mediacentreLink(flow.broker.url, resources.maths));
      const id = /ID="([^"]+)"/.exec(authnRequestOf(check.location ?? ''))?.[1] ?? '';
      const answer = await browser.post(acs, { SAMLResponse: noPassive(id, acs) });
      const { told, end } = await throughLogoutRun(browser, answer);
      assert.equal(told.length, 1);
      assert.doesNotMatch(authnRequestOf(end.location ?? ''), /IsPassive/, 'a normal AuthnRequest now');
      const back = await ent(browser, end, pupilB);
      assert.equal(back.location, 'https://publisher-a.test/maths');
      assert.notEqual((await atPublisherA(browser)).IDO, undefined);
    },
  );

  /**
   * The ENT's LogoutRequest for `nameId`, Redirect binding, signed with `key`
   * (the ENT's unless an attack says otherwise).
   */
  function entLogout(fields: {
    nameId: string;
    sessionIndex?: string;
    key?: string;
    id?: string;
    now?: Date;
    destination?: string;
  }): string {
    const xml = buildLogoutRequest({
      id: fields.id ?? `_${randomBytes(8).toString('hex')}`,
      issuer: flow.ent.entityId,
      now: fields.now ?? new Date(),
      destination: fields.destination ?? `${flow.broker.url}/saml/sp/slo`,
      nameId: fields.nameId,
      ...definedFields({ sessionIndex: fields.sessionIndex }),
    });
    const query = signRedirectQuery(xml, undefined, {
      privateKey: createPrivateKey(fields.key ?? flow.keys.ent.keyPem),
    });
    return `${flow.broker.url}/saml/sp/slo?${query}`;
  }

  async function liveSessions(): Promise<number> {
    const rows = await flow.broker.store.db
      .selectFrom('broker_session')
      .select('id_hash')
      .where('revoked_at', 'is', null)
      .execute();
    return rows.length;
  }

  it(
    "the ENT's signed LogoutRequest ends exactly that pupil's session; " + 'publisher A is told; B then logs in as B',
    async () => {
      const browser = new TestBrowser();
      const seenA = await aOpensMaths(browser);
      const { told, end } = await throughLogoutRun(browser, await browser.get(entLogout({ nameId: pupilA })));
      // Without SessionIndex the request names every session of that NameID (saml-core §3.7.3.2).
      assert.ok(
        told.some((t) => t.nameID === seenA.nameID && t.sessionIndex === seenA.sessionIndex),
        'publisher A told of its assertion',
      );
      assert.equal(end.status, 200, 'the ENT declares no SLO endpoint: the logged-out page');
      assert.match(end.body, /déconnecté/);
      assert.ok(!browser.cookies.has('gar_session'));
      const next = await browser.get(mediacentreLink(flow.broker.url, resources.maths));
      assert.doesNotMatch(authnRequestOf(next.location ?? ''), /IsPassive/, 'no session to check: a normal login');
      await ent(browser, next, pupilB);
      assert.notEqual((await atPublisherA(browser)).IDO, seenA.IDO);
    },
  );

  const attacks: { name: string; code: string; request: () => string }[] = [
    {
      name: 'unsigned',
      code: 'ERR_SAML_LOGOUT_UNSIGNED',
      request: () => entLogout({ nameId: pupilA }).replace(/&Signature=[^&]*/, ''),
    },
    {
      name: 'signed by another key',
      code: 'ERR_SAML_LOGOUT_SIGNATURE_INVALID',
      request: () => entLogout({ nameId: pupilA, key: peerKey('attacker').keyPem }),
    },
    {
      name: 'expired (issued an hour ago)',
      code: 'ERR_SAML_LOGOUT_ISSUE_INSTANT',
      request: () => entLogout({ nameId: pupilA, now: new Date(Date.now() - 3600_000) }),
    },
    {
      name: 'for another Destination',
      code: 'ERR_SAML_LOGOUT_DESTINATION',
      request: () => entLogout({ nameId: pupilA, destination: 'https://elsewhere.test/slo' }),
    },
  ];
  for (const attack of attacks) {
    it(`refuses an ENT LogoutRequest ${attack.name}: ${attack.code}, nothing ended`, async () => {
      const browser = new TestBrowser();
      await aOpensMaths(browser);
      const before = await liveSessions();
      const hop = await browser.get(attack.request());
      assert.ok(hop.status >= 400, `${hop.status}`);
      assert.match(hop.body, new RegExp(attack.code));
      assert.equal(await liveSessions(), before);
      const again = await browser.get(await flow.publisherA.saml.getAuthorizeUrlAsync('rs', undefined, {}));
      assert.equal(again.status, 200, 'the session still answers');
    });
  }

  it('refuses a replayed LogoutRequest (ERR_LOGOUT_REQUEST_REPLAYED) and ends nothing the second time', async () => {
    const browser = new TestBrowser();
    await aOpensMaths(browser);
    const url = entLogout({ nameId: pupilA, id: `_${randomBytes(8).toString('hex')}` });
    await throughLogoutRun(browser, await browser.get(url));
    const other = new TestBrowser();
    await aOpensMaths(other);
    const before = await liveSessions();
    const replayed = await other.get(url);
    assert.equal(replayed.status, 400);
    assert.match(replayed.body, /ERR_LOGOUT_REQUEST_REPLAYED/);
    assert.equal(await liveSessions(), before);
  });

  for (const [name, fields] of [
    ['a wrong SessionIndex', { nameId: pupilA, sessionIndex: '_not-this-session' }],
    ["another user's session (the victim's NameID is not the one signed for)", { nameId: pupilId('6A', 3) }],
  ] as const) {
    it(`a verified LogoutRequest naming ${name}: nothing ends (ERR_LOGOUT_SESSION_UNKNOWN, nobody told)`, async () => {
      const browser = new TestBrowser();
      await aOpensMaths(browser);
      const before = await liveSessions();
      const hop = await browser.get(entLogout(fields));
      assert.equal(hop.status, 200, 'answered (the ENT declares no SLO endpoint: the page)');
      assert.equal(await liveSessions(), before);
      const again = await browser.get(await flow.publisherA.saml.getAuthorizeUrlAsync('rs', undefined, {}));
      assert.equal(again.status, 200);
    });
  }
});
