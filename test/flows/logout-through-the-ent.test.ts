/**
 * Logouts that start at the broker or a publisher, with an ENT that declares a SingleLogoutService
 * (samlify) and a publisher A that declares one too (node-saml), on both dialects:
 * - `/cas/logout?service=`: publisher A is told through the browser, then the ENT gets the broker's
 *   signed LogoutRequest naming the person's NameID, and its LogoutResponse brings the browser back
 *   to the registered service;
 * - the ENT's own LogoutRequest is answered with a signed LogoutResponse to its SLO endpoint;
 * - a CAS `renew=true` login in a browser that holds a session ends that session first: the
 *   tickets issued before it get their back-channel logout, publisher A its LogoutRequest.
 */
import assert from 'node:assert/strict';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { registerCasService } from '../../src/federation/index.js';
import { createCasServiceStore } from '../../src/store/index.js';
import { buildLogoutRequest, signRedirectQuery } from '../../src/trust/index.js';
import { logoutReceiver, sessionIndexOf, ticketOf, type LogoutReceiver } from '../support/cas-peer.js';
import { describeEachDialect } from '../support/each-dialect.js';
import { mediacentreLink, resources, startFlowBroker, type FlowBroker } from '../support/flow-broker.js';
import { throughLogoutRun } from '../support/front-channel-logout.js';
import { pupilId } from '../support/licensing-fixtures.js';
import { testEntSloUrl } from '../support/saml-flow-peers.js';
import { postedForm, TestBrowser, type Hop } from '../support/test-browser.js';

const pupil = pupilId('6A', 1);
const service = 'https://cas.publisher-a.test/maths';

/** The SAML message a redirect URL carries, inflated. */
function messageOf(location: string, parameter: 'SAMLRequest' | 'SAMLResponse'): string {
  return inflateRawSync(Buffer.from(new URL(location).searchParams.get(parameter) ?? '', 'base64')).toString('utf8');
}

describeEachDialect('flow: logouts that reach the ENT (its SingleLogoutService declared)', (dialect) => {
  let flow: FlowBroker;
  let slo: LogoutReceiver;
  before(async function () {
    this.timeout(30000);
    flow = await startFlowBroker(dialect, { entSlo: true, publisherSlo: true });
    slo = await logoutReceiver();
    await registerCasService(
      { serviceUrl: service, idRessource: resources.maths, logoutUrl: slo.url },
      {
        store: createCasServiceStore(flow.broker.store),
        actor: 'test',
        now: new Date(),
        resourceExists: async () => true,
      },
    );
  });
  after(async () => {
    await slo.close();
    await flow.close();
  });

  async function ent(browser: TestBrowser, hop: Hop, forceAuthn = false): Promise<Hop> {
    assert.match(hop.location ?? '', /^https:\/\/ent\.test\/sso\?SAMLRequest=/);
    if (forceAuthn) assert.match(messageOf(hop.location as string, 'SAMLRequest'), /ForceAuthn="true"/);
    const samlResponse = await flow.ent.answer(hop.location as string, flow.spMetadata, pupil);
    return browser.post(`${flow.broker.url}/saml/sp/acs`, { SAMLResponse: samlResponse });
  }

  /** The pupil opens the maths book, publisher A gets its assertion, the CAS service a ticket. */
  async function opensEverything(browser: TestBrowser): Promise<{
    readonly nameId: string;
    readonly ticket: string;
    readonly profile: Record<string, unknown>;
  }> {
    await ent(browser, await browser.get(mediacentreLink(flow.broker.url, resources.maths)));
    const answer = await browser.get(await flow.publisherA.saml.getAuthorizeUrlAsync('rs', undefined, {}));
    const form = postedForm(answer.body);
    assert.ok(form);
    const samlResponse = form.fields.SAMLResponse as string;
    const { profile } = await flow.publisherA.saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
    const toService = await browser.get(`${flow.broker.url}/cas/login?service=${encodeURIComponent(service)}`);
    return {
      nameId: String(profile?.nameID),
      ticket: ticketOf(toService.location),
      profile: profile as unknown as Record<string, unknown>,
    };
  }

  const entNameIdOf = async (): Promise<string[]> =>
    (
      await flow.broker.store.db
        .selectFrom('broker_session')
        .select('ent_name_id')
        .where('revoked_at', 'is', null)
        .execute()
    ).map((r) => r.ent_name_id ?? '');

  it(
    "/cas/logout?service=: publisher A told, the ENT told (signed LogoutRequest with the person's NameID), "
      + 'then back to the registered service',
    async () => {
      const browser = new TestBrowser();
      const before = slo.received.length;
      const opened = await opensEverything(browser);
      const logout = await browser.get(`${flow.broker.url}/cas/logout?service=${encodeURIComponent(service)}`);
      await slo.waitFor(before + 1);
      const toldTicket = sessionIndexOf(slo.received[before] ?? '').sessionIndex;
      assert.equal(toldTicket, opened.ticket, 'the CAS service told of its ticket');
      const { told, end } = await throughLogoutRun(flow, browser, logout);
      assert.deepEqual(
        told.map((t) => t.nameID),
        [opened.nameId],
        'publisher A told of its assertion',
      );
      assert.ok(end.location?.startsWith(`${testEntSloUrl}?SAMLRequest=`), end.location);
      const answered = await flow.ent.answerLogout(end.location as string, flow.spMetadata);
      assert.equal(answered.nameId, pupil, 'the NameID the ENT gave the broker');
      const back = await browser.get(answered.url);
      assert.equal(back.status, 302, back.body.slice(0, 1200));
      assert.equal(back.location, service, 'where the logout was heading');
      assert.ok(!browser.cookies.has('gar_session'));
    },
  );

  it("the ENT's signed LogoutRequest gets a signed LogoutResponse (Success) at the ENT's SLO endpoint", async () => {
    const browser = new TestBrowser();
    await opensEverything(browser);
    const id = `_${randomBytes(8).toString('hex')}`;
    const xml = buildLogoutRequest({
      id,
      issuer: flow.ent.entityId,
      now: new Date(),
      destination: `${flow.broker.url}/saml/sp/slo`,
      nameId: pupil,
    });
    const query = signRedirectQuery(xml, 'ent-state', { privateKey: createPrivateKey(flow.keys.ent.keyPem) });
    const { end } = await throughLogoutRun(flow, browser, await browser.get(`${flow.broker.url}/saml/sp/slo?${query}`));
    assert.ok(end.location?.startsWith(`${testEntSloUrl}?SAMLResponse=`), end.location);
    const url = new URL(end.location as string);
    assert.equal(url.searchParams.get('RelayState'), 'ent-state');
    assert.ok(url.searchParams.get('Signature'), 'signed (Redirect binding)');
    const response = messageOf(end.location as string, 'SAMLResponse');
    assert.match(response, new RegExp(`InResponseTo="${id}"`));
    assert.match(response, new RegExp(`Destination="${testEntSloUrl}"`));
    assert.match(response, /StatusCode Value="urn:oasis:names:tc:SAML:2\.0:status:Success"/);
  });

  it(
    'a CAS renew login ends the session it replaces: ' + "the earlier ticket's service and publisher A are told",
    async () => {
      const browser = new TestBrowser();
      const before = slo.received.length;
      const opened = await opensEverything(browser);
      assert.ok((await entNameIdOf()).includes(pupil));
      const renewed = await browser.get(
        `${flow.broker.url}/cas/login?service=${encodeURIComponent(service)}&renew=true`,
      );
      const afterLogin = await ent(browser, renewed, true);
      await slo.waitFor(before + 1);
      const toldTicket = sessionIndexOf(slo.received[before] ?? '').sessionIndex;
      assert.equal(toldTicket, opened.ticket, "the earlier ticket's logout");
      const { told, end } = await throughLogoutRun(flow, browser, afterLogin);
      assert.deepEqual(
        told.map((t) => t.nameID),
        [opened.nameId],
      );
      assert.ok(end.location?.startsWith(`${service}?ticket=ST-`), `then the new ticket: ${end.location ?? ''}`);
    },
  );

  /** Publisher A's own signed LogoutRequest (node-saml, Redirect binding) for the assertion it received. */
  let publisherRequest = '';
  async function publisherLogout(browser: TestBrowser, profile: Record<string, unknown>): Promise<Hop> {
    publisherRequest = await flow.publisherA.saml.getLogoutUrlAsync(profile as never, 'sp-state', {});
    return browser.get(publisherRequest);
  }

  it(
    "publisher A's own LogoutRequest ends the session: the CAS service and the ENT are told, "
      + 'then publisher A gets its signed LogoutResponse',
    async () => {
      const browser = new TestBrowser();
      const before = slo.received.length;
      const opened = await opensEverything(browser);
      const started = await publisherLogout(browser, opened.profile);
      await slo.waitFor(before + 1);
      assert.equal(sessionIndexOf(slo.received[before] ?? '').sessionIndex, opened.ticket);
      const toEnt = started.location ?? '';
      assert.ok(toEnt.startsWith(`${testEntSloUrl}?SAMLRequest=`), `${started.status} ${toEnt}`);
      const answered = await flow.ent.answerLogout(started.location as string, flow.spMetadata);
      const back = await browser.get(answered.url);
      const form = postedForm(back.body);
      assert.equal(form?.action, 'https://publisher-a.test/slo', back.body.slice(0, 300));
      const response = Buffer.from(form?.fields.SAMLResponse ?? '', 'base64').toString('utf8');
      assert.match(response, /StatusCode Value="urn:oasis:names:tc:SAML:2\.0:status:Success"/);
      assert.equal(form?.fields.RelayState, 'sp-state');
      const requestId = /ID="([^"]+)"/.exec(messageOf(publisherRequest, 'SAMLRequest'))?.[1];
      assert.match(response, new RegExp(`InResponseTo="${requestId ?? 'none'}"`));
      // node-saml reads InResponseTo of a POSTed LogoutResponse only on a Response root: checked above, and
      // its signature and status checked here by the same publisher's settings without that check.
      const lenient = new SAML({ ...flow.publisherA.saml.options, validateInResponseTo: ValidateInResponseTo.never });
      const validated = await lenient.validatePostResponseAsync({ SAMLResponse: form?.fields.SAMLResponse as string });
      assert.equal(validated.loggedOut, true, 'node-saml accepts it as the answer to its logout');
      assert.equal(
        (await browser.get(await flow.publisherA.saml.getAuthorizeUrlAsync('rs', undefined, {}))).status,
        302,
        'no session any more: the next request goes to the ENT',
      );
    },
  );

  it(
    "a publisher's LogoutRequest for an assertion it never got in a live session " + 'ends nothing (Requester)',
    async () => {
      const browser = new TestBrowser();
      const opened = await opensEverything(browser);
      const live = (await entNameIdOf()).length;
      const hop = await publisherLogout(browser, { ...opened.profile, sessionIndex: '_not-this-one' });
      const form = postedForm(hop.body);
      const response = Buffer.from(form?.fields.SAMLResponse ?? '', 'base64').toString('utf8');
      assert.match(
        response,
        /StatusCode Value="urn:oasis:names:tc:SAML:2\.0:status:Requester"/,
        hop.body.slice(0, 300),
      );
      assert.equal((await entNameIdOf()).length, live);
    },
  );
});
