/**
 * An OIDC publisher's RP-initiated logout (`/oidc/session/end`, confirmed on the
 * provider's French page) ends the broker session of the browser too, with the back-channel
 * logout of the CAS services that got a ticket of it; "Rester connecté" and a forged
 * confirmation (wrong xsrf) end nothing.
 */
import assert from 'node:assert/strict';
import { registerCasService } from '../../src/federation/index.js';
import { createCasServiceStore, createResourceStore } from '../../src/store/index.js';
import { logoutReceiver, sessionIndexOf, ticketOf, type LogoutReceiver } from '../support/cas-peer.js';
import { describeEachDialect } from '../support/each-dialect.js';
import { distributorA, mediacentreLink, resources, startFlowBroker, type FlowBroker } from '../support/flow-broker.js';
import { pupilId } from '../support/licensing-fixtures.js';
import { authorizationUrl, browse, oidcPublisher, type OidcPublisher } from '../support/oidc-publisher-peer.js';
import { TestBrowser, type Hop } from '../support/test-browser.js';

const pupil = pupilId('6A', 1);
const casService = 'https://cas.publisher-a.test/maths';

describeEachDialect('flow: OIDC RP-initiated logout ends the broker session', (dialect) => {
  let flow: FlowBroker;
  let publisher: OidcPublisher;
  let slo: LogoutReceiver;
  before(async function () {
    this.timeout(30000);
    flow = await startFlowBroker(dialect);
    publisher = await oidcPublisher(flow, {
      clientId: 'editeur-a-logout',
      distributorId: distributorA,
      auth: 'client_secret_basic',
    });
    slo = await logoutReceiver();
    const resourceStore = createResourceStore(flow.broker.store);
    await registerCasService(
      { serviceUrl: casService, idRessource: resources.maths, logoutUrl: slo.url },
      {
        store: createCasServiceStore(flow.broker.store),
        actor: 'test',
        now: new Date(),
        resourceExists: async (id: string) => (await resourceStore.findResource(id)) !== undefined,
      },
    );
  });
  after(async () => {
    await slo.close();
    await flow.close();
  });

  const base = (): string => flow.broker.url;

  /** A browser logged in through the OIDC publisher, holding a CAS ticket of the same broker session. */
  async function loggedIn(): Promise<{ browser: TestBrowser; ticket: string }> {
    const browser = new TestBrowser();
    const hop = await browse(
      flow,
      browser,
      (await authorizationUrl(publisher, { idRessource: resources.maths })).url,
      pupil,
    );
    assert.ok(hop.location?.startsWith(publisher.redirectUri), `${hop.status} ${hop.body.slice(0, 300)}`);
    const cas = await browser.get(`${base()}/cas/login?service=${encodeURIComponent(casService)}`);
    assert.ok(cas.location?.startsWith(`${casService}?ticket=ST-`), cas.location);
    return { browser, ticket: ticketOf(cas.location) };
  }

  /** The publisher sends the browser to end_session; the provider's confirmation page and its form. */
  async function logoutPage(browser: TestBrowser): Promise<{ action: string; xsrf: string }> {
    const page = await browser.get(`${base()}/oidc/session/end?client_id=${publisher.clientId}`);
    assert.equal(page.status, 200, page.body.slice(0, 300));
    assert.match(page.body, /Se déconnecter/);
    const form = new RegExp(
      String.raw`<form id="op\.logoutForm" method="post" action="([^"]+)">`
        + String.raw`<input type="hidden" name="xsrf" value="([^"]+)"\/>`,
    ).exec(page.body);
    assert.ok(form, page.body.slice(0, 500));
    return { action: form[1] as string, xsrf: form[2] as string };
  }

  const atEnt = (hop: Hop): boolean => /^https:\/\/ent\.test\/sso/.test(hop.location ?? '');

  it(
    '"Se déconnecter": the broker session ends, the CAS service gets its LogoutRequest, '
      + 'the next médiacentre click goes to the ENT',
    async () => {
      const { browser, ticket } = await loggedIn();
      const { action, xsrf } = await logoutPage(browser);
      const before = slo.received.length;
      const confirmed = await browser.post(new URL(action, base()).href, { xsrf, logout: 'yes' });
      assert.equal(confirmed.status, 303, confirmed.body.slice(0, 300));
      assert.match(confirmed.location ?? '', /\/oidc\/session\/end\/success/);
      assert.ok(!browser.cookies.has('gar_session'), 'the broker cookie is cleared');
      await slo.waitFor(before + 1);
      assert.deepEqual(
        slo.received.slice(before).map((r) => sessionIndexOf(r).sessionIndex),
        [ticket],
      );
      assert.ok(atEnt(await browser.get(mediacentreLink(base(), resources.maths))));
    },
  );

  it('"Rester connecté" (no logout field): the broker session stays, no CAS logout', async () => {
    const { browser } = await loggedIn();
    const { action, xsrf } = await logoutPage(browser);
    const before = slo.received.length;
    const kept = await browser.post(new URL(action, base()).href, { xsrf });
    assert.equal(kept.status, 303, kept.body.slice(0, 300));
    assert.equal(
      (await browser.get(mediacentreLink(base(), resources.maths))).location,
      'https://publisher-a.test/maths',
    );
    assert.equal(slo.received.length, before);
  });

  it('a forged confirmation (wrong xsrf, as a cross-site POST sends): refused, the broker session stays', async () => {
    const { browser } = await loggedIn();
    const { action } = await logoutPage(browser);
    const forged = await browser.post(new URL(action, base()).href, { xsrf: 'forged', logout: 'yes' });
    assert.equal(forged.status, 400);
    assert.equal(
      (await browser.get(mediacentreLink(base(), resources.maths))).location,
      'https://publisher-a.test/maths',
    );
  });
});
