/**
 * gar-reference §2 A and B end to end, through the real composition root: the ENT is a samlify
 * IdP, the publishers are node-saml SPs with strict settings, the browser is a cookie jar that
 * follows each hop by hand.
 */
import assert from 'node:assert/strict';
import { pupilId, uai } from '../support/licensing-fixtures.js';
import { describeEachDialect } from '../support/each-dialect.js';
import { mediacentreLink, resources, startFlowBroker, type FlowBroker } from '../support/flow-broker.js';
import { registerSecondEnt } from '../support/flow-broker.js';
import { postedForm, TestBrowser, type Hop } from '../support/test-browser.js';
import type { TestPublisher } from '../support/saml-flow-peers.js';

const pupil = pupilId('6A', 1);

describeEachDialect('flow: SAML brokered login (§2 A and B)', (dialect) => {
  let flow: FlowBroker;
  before(async function () {
    this.timeout(30000);
    flow = await startFlowBroker(dialect);
  });
  after(async () => {
    await flow.close();
  });

  /** The ENT's leg: the broker sent the browser there; the ENT answers at the broker's ACS. */
  async function throughEnt(browser: TestBrowser, hop: Hop, user = pupil): Promise<Hop> {
    assert.equal(hop.status, 302);
    assert.match(hop.location ?? '', /^https:\/\/ent\.test\/sso\?SAMLRequest=/);
    const samlResponse = await flow.ent.answer(hop.location as string, flow.spMetadata, user);
    return browser.post(`${flow.broker.url}/saml/sp/acs`, { SAMLResponse: samlResponse });
  }

  /** The publisher's leg: its AuthnRequest to the broker, and the broker's answer validated by node-saml. */
  async function throughPublisher(browser: TestBrowser, publisher: TestPublisher, relayState = 'rs-1'): Promise<Hop> {
    const url = await publisher.saml.getAuthorizeUrlAsync(relayState, undefined, {});
    return browser.get(url);
  }

  async function accepted(publisher: TestPublisher, hop: Hop): Promise<Record<string, unknown>> {
    assert.equal(hop.status, 200, hop.body.slice(0, 400));
    const form = postedForm(hop.body);
    assert.ok(form, 'an auto-posting form');
    assert.equal(form.action, publisher.acsUrl);
    const { profile } = await publisher.saml.validatePostResponseAsync({
      SAMLResponse: form.fields.SAMLResponse as string,
    });
    assert.ok(profile);
    return { ...profile, relayState: form.fields.RelayState };
  }

  it(
    'A: médiacentre click → ENT → licence → resource → its AuthnRequest answered from the session; '
      + 'a second resource needs no ENT',
    async () => {
      const browser = new TestBrowser();
      const atResource = await throughEnt(
        browser,
        await browser.get(mediacentreLink(flow.broker.url, resources.maths)),
      );
      assert.equal(atResource.status, 302);
      assert.equal(atResource.location, 'https://publisher-a.test/maths');
      assert.ok(browser.cookies.has('gar_session'));
      const profile = await accepted(flow.publisherA, await throughPublisher(browser, flow.publisherA));
      assert.match(String(profile.IDO), /^[0-9a-f]{128}$/);
      assert.equal(profile.UAI, uai);
      assert.equal(profile.PRO, 'National_elv');
      assert.equal(profile.DIV, '6A##6A');
      assert.equal(profile.relayState, 'rs-1', 'RelayState comes back unchanged');
      assert.equal(profile.nameIDFormat, 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient');

      const second = await browser.get(mediacentreLink(flow.broker.url, resources.french));
      assert.equal(second.status, 302);
      assert.equal(second.location, 'https://publisher-a.test/francais', 'no ENT round-trip');
      const again = await accepted(flow.publisherA, await throughPublisher(browser, flow.publisherA));
      assert.equal(again.IDO, profile.IDO, 'one pseudonym per distributor');
      assert.notEqual(again.nameID, profile.nameID, 'transient NameID');
    },
  );

  it('B: publisher first → the only ENT → licence → answer at its ACS', async () => {
    const browser = new TestBrowser();
    const atEnt = await throughPublisher(browser, flow.publisherB, 'https://publisher-b.test/atlas?page=3');
    const answer = await throughEnt(browser, atEnt);
    const profile = await accepted(flow.publisherB, answer);
    assert.equal(profile.UAI, uai);
    assert.equal(profile.relayState, 'https://publisher-b.test/atlas?page=3');
    assert.match(String(profile.IDO), /^[0-9a-f]{128}$/);
  });

  it('gives two distributors two different IDO for one pupil', async () => {
    const browser = new TestBrowser();
    await throughEnt(browser, await browser.get(mediacentreLink(flow.broker.url, resources.maths)));
    const a = await accepted(flow.publisherA, await throughPublisher(browser, flow.publisherA));
    const b = await accepted(flow.publisherB, await throughPublisher(browser, flow.publisherB));
    assert.notEqual(a.IDO, b.IDO);
  });

  it('refuses a resource that is not assigned: a French page with a correlation id, no assertion', async () => {
    const browser = new TestBrowser();
    const hop = await throughEnt(browser, await browser.get(mediacentreLink(flow.broker.url, resources.unassigned)));
    assert.equal(hop.status, 403);
    assert.match(hop.body, /ne vous est pas affectée/);
    assert.match(hop.body, /ERR_LOGIN_NOT_ENTITLED/);
    assert.equal(postedForm(hop.body), undefined);
  });

  it('refuses a user the directory does not know, with a French page and no session', async () => {
    const browser = new TestBrowser();
    const hop = await throughEnt(
      browser,
      await browser.get(mediacentreLink(flow.broker.url, resources.maths)),
      'inconnu-42',
    );
    assert.equal(hop.status, 403);
    assert.match(hop.body, /ERR_LOGIN_USER_UNKNOWN/);
    assert.ok(!browser.cookies.has('gar_session'));
  });

  it('serves both metadata documents at their exact paths', async () => {
    const sp = await fetch(`${flow.broker.url}/saml/sp/metadata`);
    const idp = await fetch(`${flow.broker.url}/saml/idp/metadata`);
    assert.equal(sp.status, 200);
    assert.equal(idp.status, 200);
    assert.match(await sp.text(), /AssertionConsumerService[^>]+\/saml\/sp\/acs/);
    assert.match(await idp.text(), /SingleSignOnService[^>]+\/saml\/idp\/sso/);
  });

  it(
    "SP metadata under the default policy (login.responseSignature 'either', which accepts a Response signed only "
      + 'as a whole) does not claim to want signed assertions: WantAssertionsSigned="false"',
    async () => {
      const sp = await (await fetch(`${flow.broker.url}/saml/sp/metadata`)).text();
      assert.match(sp, /<md:SPSSODescriptor [^>]*AuthnRequestsSigned="true"/);
      assert.match(sp, /<md:SPSSODescriptor [^>]*WantAssertionsSigned="false"/);
    },
  );
});

describe('flow: an ENT that encrypts its assertion to the broker', () => {
  let flow: FlowBroker;
  before(async function () {
    this.timeout(30000);
    flow = await startFlowBroker('sqlite', { encryptUpstream: true });
  });
  after(async () => {
    await flow.close();
  });

  it("is decrypted with the broker's encryption key and the login goes on", async () => {
    const browser = new TestBrowser();
    const hop = await browser.get(mediacentreLink(flow.broker.url, resources.maths));
    const samlResponse = await flow.ent.answer(hop.location as string, flow.spMetadata, pupil);
    assert.match(Buffer.from(samlResponse, 'base64').toString('utf8'), /EncryptedAssertion/);
    const atResource = await browser.post(`${flow.broker.url}/saml/sp/acs`, { SAMLResponse: samlResponse });
    assert.equal(atResource.status, 302, atResource.body.slice(0, 300));
    assert.equal(atResource.location, 'https://publisher-a.test/maths');
  });
});

describe('flow: the discovery page when several ENTs are registered', () => {
  let flow: FlowBroker;
  before(async function () {
    this.timeout(30000);
    flow = await startFlowBroker('sqlite');
    await registerSecondEnt(flow);
  });
  after(async () => {
    await flow.close();
  });

  it('lists the ENTs in French; the choice comes back with the same signed request and goes to that ENT', async () => {
    const browser = new TestBrowser();
    const page = await browser.get(await flow.publisherB.saml.getAuthorizeUrlAsync('rs', undefined, {}));
    assert.equal(page.status, 200);
    assert.match(page.body, /Choisissez votre ENT/);
    const link = /<a href="([^"]+idENT=Z0)">/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(link, 'a link for ENT Z0');
    assert.match(page.body, /idENT=Y9/);
    const hop = await browser.get(`${flow.broker.url}${link}`);
    assert.equal(hop.status, 302);
    assert.match(hop.location ?? '', /^https:\/\/ent\.test\/sso\?SAMLRequest=/);
  });

  it('skips it with an idENT hint (base64, as GAR writes it)', async () => {
    const url = await flow.publisherB.saml.getAuthorizeUrlAsync('rs', undefined, {});
    const hop = await new TestBrowser().get(`${url}&idENT=${encodeURIComponent(Buffer.from('Z0').toString('base64'))}`);
    assert.equal(hop.status, 302);
    assert.match(hop.location ?? '', /^https:\/\/ent\.test\/sso\?/);
  });
});
