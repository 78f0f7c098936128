/**
 * The demo federation's OpenID Connect and CAS resources, over the real composition
 * root: the demo publisher's OIDC client and CAS service registered at seeding (and kept on a
 * second start, moved when the publisher's port changes), then the newcomer's click-through — pick
 * a pupil, médiacentre, « Quiz de sciences (OpenID Connect) » and « Dictionnaire (CAS) », each
 * landing on the demo publisher's page listing what it received (its own contract's release, the
 * same IDO as the SAML resource) — and the broker's refusal for a pupil without the licence.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { BrokerConfig } from '../../src/config/index.js';
import { demoBrokerConfig } from '../support/demo-broker-config.js';
import { startBroker, type RunningBroker } from '../../src/compose/index.js';
import {
  createCasServiceStore,
  createContractStore,
  createOidcClientStore,
  createResourceStore,
} from '../../src/store/index.js';
import { demoDistributor, demoOidcClientId, demoResources } from '../../examples/demo-catalogue.js';
import { startDemoFederation, type RunningDemoFederation } from '../../examples/demo-federation.js';
import { demoEstablishment } from '../../examples/demo-directory.js';
import { postedForm, TestBrowser, type Hop } from '../support/test-browser.js';

const logger = pino({ level: 'silent' });
const byPath = (path: string) => demoResources.find((r) => r.path === path) as (typeof demoResources)[number];
const maths = byPath('/manuel-maths');
const quiz = byPath('/quiz-sciences');
const dictionnaire = byPath('/dictionnaire');

describe("examples: the demo federation's OpenID Connect and CAS resources", function () {
  this.timeout(60000);
  let dir: string;
  let config: BrokerConfig;
  let broker: RunningBroker;
  let demo: RunningDemoFederation;
  let uai: string;
  const start = (ports: { entPort: number; publisherPort: number } = { entPort: 0, publisherPort: 0 }) =>
    startDemoFederation({
      brokerUrl: broker.url,
      store: broker.store,
      config,
      logger,
      ...ports,
      dataDir: join(dir, 'demo'),
      mediacentreUrl: broker.urls['mediacentre'] as string,
    });
  const publisherUrl = (): string => (demo.urls['publisher'] as string).replace(/\/$/, '');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gar-demo-oidc-cas-'));
    config = demoBrokerConfig(dir);
    broker = await startBroker(config, logger);
    demo = await start();
    uai = (await demoEstablishment(broker.store)).uai;
  });
  after(async () => {
    await demo.close();
    await broker.close();
  });

  it(
    'registers the OIDC client (client_secret_basic, its exact callback) '
      + "and the CAS service (the page's exact URL), served resources named by them",
    async () => {
      assert.deepEqual(demo.seed.oidcCas, { oidcClient: 'added', casServices: ['added'], casRemoved: [] });
      const client = await createOidcClientStore(broker.store).find(demoOidcClientId);
      assert.equal(client?.distributorId, demoDistributor.id);
      assert.deepEqual(client?.metadata['redirect_uris'], [`${publisherUrl()}/oidc/callback`]);
      assert.equal(client?.metadata['token_endpoint_auth_method'], 'client_secret_basic');
      assert.deepEqual(await createCasServiceStore(broker.store).list(), [
        { serviceUrl: `${publisherUrl()}${dictionnaire.path}`, idRessource: dictionnaire.idRessource },
      ]);
      const resources = createResourceStore(broker.store);
      assert.equal((await resources.findResource(quiz.idRessource))?.fournisseurService, demoOidcClientId);
      assert.equal(
        (await resources.findResource(dictionnaire.idRessource))?.fournisseurService,
        `${publisherUrl()}${dictionnaire.path}`,
      );
      const contracts = createContractStore(broker.store);
      assert.deepEqual((await contracts.effectiveContract(quiz.idRessource))?.document.attributs, quiz.attributs);
      assert.deepEqual(
        (await contracts.effectiveContract(dictionnaire.idRessource))?.document.attributs,
        dictionnaire.attributs,
      );
      assert.notDeepEqual(quiz.attributs, dictionnaire.attributs, 'different contracts');
    },
  );

  it(
    'OIDC: pick a 6A pupil → médiacentre → « Quiz de sciences » → '
      + "the publisher's page lists its contract's claims, sub = the IDO of the SAML resource",
    async () => {
      const browser = new TestBrowser();
      const mediacentre = await logIn(browser, (await accounts(browser))[0] as string);
      const mathsPage = await openSaml(browser, mediacentre, maths.idRessource);
      const ido = idoOf(mathsPage);
      const atPublisher = await toResource(browser, mediacentre, quiz.idRessource);
      assert.equal(atPublisher, `${publisherUrl()}${quiz.path}`);
      const toBroker = await browser.get(atPublisher);
      assert.equal(toBroker.status, 302);
      const auth = new URL(toBroker.location as string);
      assert.equal(`${auth.origin}${auth.pathname}`, `${broker.url}/oidc/auth`);
      assert.deepEqual(
        ['client_id', 'scope', 'idRessource', 'code_challenge_method', 'response_type'].map((p) =>
          auth.searchParams.get(p),
        ),
        [demoOidcClientId, 'openid scope.gar', quiz.idRessource, 'S256', 'code'],
      );
      for (const p of ['state', 'nonce', 'code_challenge', 'redirect_uri']) assert.ok(auth.searchParams.get(p), p);
      const page = await followBroker(browser, toBroker.location as string);
      assert.equal(page.status, 200, page.body.slice(0, 500));
      assert.match(page.body, /en OpenID Connect/);
      for (const code of ['IDO', 'UAI', 'PRO', 'PRE', 'DIV', 'E_MS4'])
        assert.match(page.body, new RegExp(`<code>${code}</code>`));
      for (const code of ['NOM', 'CIV', 'IDC'])
        assert.doesNotMatch(page.body, new RegExp(`<code>${code}</code>`), `${code}: not in the quiz's contract`);
      assert.match(page.body, new RegExp(`sub \\(le pseudonyme IDO\\)</th><td><code>${ido}</code>`));
      assert.equal(idoOf(page.body), ido, 'one pseudonym per technical distributor, whatever the protocol');
      assert.match(page.body, /Même IDO que pour « Manuel de mathématiques/);
      assert.match(page.body, new RegExp(`<code>${uai}</code>`));
    },
  );

  it(
    'CAS: the same pupil → « Dictionnaire (CAS) » → ticket validated by the publisher; '
      + 'only IDO, UAI, PRO and IDC (its contract)',
    async () => {
      const browser = new TestBrowser();
      const mediacentre = await logIn(browser, (await accounts(browser))[0] as string);
      const ido = idoOf(await openSaml(browser, mediacentre, maths.idRessource));
      const atPublisher = await toResource(browser, mediacentre, dictionnaire.idRessource);
      const toBroker = await browser.get(atPublisher);
      const serviceUrl = `${publisherUrl()}${dictionnaire.path}`;
      assert.equal(toBroker.location, `${broker.url}/cas/login?service=${encodeURIComponent(serviceUrl)}`);
      const withTicket = await browser.get(toBroker.location as string);
      assert.match(withTicket.location ?? '', new RegExp(`^${escapeRegExp(serviceUrl)}\\?ticket=ST-`));
      const page = await browser.get(withTicket.location as string);
      assert.equal(page.status, 200, page.body.slice(0, 500));
      assert.match(page.body, /en CAS 3/);
      for (const code of ['IDO', 'UAI', 'PRO', 'IDC']) assert.match(page.body, new RegExp(`<code>${code}</code>`));
      for (const code of ['NOM', 'PRE', 'DIV', 'E_MS4'])
        assert.doesNotMatch(page.body, new RegExp(`<code>${code}</code>`), `${code}: not in the dictionary's contract`);
      assert.match(page.body, new RegExp(`cas:user \\(le pseudonyme IDO\\)</th><td><code>${ido}</code>`));
      assert.ok(
        page.body.includes(`<code>${escapeHtml(dictionnaire.idRessource)}_${ido}</code>`),
        'IDC = <idRessource>_<IDO>',
      );
      assert.equal(
        (await browser.get(withTicket.location as string)).status,
        403,
        'a ticket is validated once: reloading the page is refused',
      );
    },
  );

  it('the OIDC callback is taken once, and only in the browser that started the login (state cookie)', async () => {
    const browser = new TestBrowser();
    const mediacentre = await logIn(browser, (await accounts(browser))[0] as string);
    const toBroker = await browser.get(await toResource(browser, mediacentre, quiz.idRessource));
    const callback = await toCallback(browser, toBroker.location as string);
    const stranger = new TestBrowser();
    assert.equal((await stranger.get(callback)).status, 403, 'another browser: no state cookie');
    assert.equal((await browser.get(callback)).status, 200, 'the browser that started it still finishes it');
    assert.equal((await browser.get(callback)).status, 403, 'replayed');
  });

  it(
    "a pupil of another class: the broker's refusal page, "
      + "from the médiacentre and from the publisher's pages (OIDC, CAS): no code, no ticket",
    async () => {
      const browser = new TestBrowser();
      const list = await accounts(browser);
      const mediacentre = await logIn(browser, list[2] as string);
      for (const resource of [quiz, dictionnaire]) {
        const refused = await entLeg(browser, await browser.get(link(resource.idRessource)));
        assert.equal(refused.status, 403, resource.nom);
        assert.match(refused.body, /ERR_LOGIN_NOT_ENTITLED/);
      }
      await openSaml(browser, mediacentre, maths.idRessource);
      const oidc = await followBroker(browser, (await browser.get(`${publisherUrl()}${quiz.path}`)).location as string);
      assert.equal(oidc.status, 403);
      assert.match(oidc.body, /ERR_LOGIN_NOT_ENTITLED/);
      assert.ok(oidc.location === undefined, 'no redirect to the publisher');
      const cas = await browser.get((await browser.get(`${publisherUrl()}${dictionnaire.path}`)).location as string);
      assert.equal(cas.status, 403);
      assert.match(cas.body, /ERR_LOGIN_NOT_ENTITLED/);
    },
  );

  it('a second start on other ports moves the OIDC redirect URI and the CAS service (old URL removed)', async () => {
    const old = `${publisherUrl()}${dictionnaire.path}`;
    await demo.close();
    demo = await start();
    assert.deepEqual(demo.seed.oidcCas, { oidcClient: 'changed', casServices: ['added'], casRemoved: [old] });
    assert.deepEqual(
      (await createCasServiceStore(broker.store).list()).map((s) => s.serviceUrl),
      [`${publisherUrl()}${dictionnaire.path}`],
    );
    const client = await createOidcClientStore(broker.store).find(demoOidcClientId);
    assert.deepEqual(client?.metadata['redirect_uris'], [`${publisherUrl()}/oidc/callback`]);
    const toBroker = await new TestBrowser().get(`${publisherUrl()}${quiz.path}`);
    assert.equal(
      new URL(toBroker.location as string).searchParams.get('redirect_uri'),
      `${publisherUrl()}/oidc/callback`,
    );
  });

  // ---- the browser's legs

  const isRedirect = (hop: Hop): boolean => hop.status >= 300 && hop.status < 400 && hop.location !== undefined;
  const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  function link(idRessource: string): string {
    const b64 = (s: string) => encodeURIComponent(Buffer.from(s).toString('base64'));
    return (
      `${broker.url}/domaineGar?idENT=${b64('DEMO')}&idEtab=${b64(uai)}`
      + `&idRessource=${encodeURIComponent(idRessource)}`
    );
  }

  function idoOf(html: string): string {
    const ido = /<th><code>IDO<\/code><\/th>\s*<td>[^<]*<\/td><td><code>([0-9a-f]{128})<\/code>/.exec(html)?.[1];
    assert.ok(ido !== undefined, 'the page lists the IDO');
    return ido;
  }

  async function accounts(browser: TestBrowser): Promise<string[]> {
    return [...(await browser.get(demo.startUrl)).body.matchAll(/name="compte" value="([^"]+)"/g)].map(
      (m) => m[1] as string,
    );
  }

  async function logIn(browser: TestBrowser, account: string): Promise<string> {
    const done = await browser.post(new URL('/connexion', demo.startUrl).href, { compte: account });
    assert.equal(done.status, 303);
    return (await browser.get(new URL(done.location as string, demo.startUrl).href)).body;
  }

  /**
   * The médiacentre's link (the web service's, or the demonstration's), through the broker,
   * to the resource's page URL.
   */
  async function toResource(browser: TestBrowser, mediacentre: string, idRessource: string): Promise<string> {
    const href = [...mediacentre.matchAll(/href="([^"]*domaineGar[^"]*)"/g)]
      .map((m) => (m[1] as string).replace(/&amp;/g, '&'))
      .find((h) => new URL(h).searchParams.get('idRessource') === idRessource);
    assert.ok(href, 'the médiacentre links the resource');
    const hop = await entLeg(browser, await browser.get(href));
    assert.equal(hop.status, 302, hop.body.slice(0, 300));
    return hop.location as string;
  }

  /** When the broker sends the browser to the demo ENT, its auto-post goes back to the broker's ACS. */
  async function entLeg(browser: TestBrowser, hop: Hop): Promise<Hop> {
    if (hop.status !== 302 || !(hop.location ?? '').startsWith(new URL('/saml/sso', demo.startUrl).href)) return hop;
    const form = postedForm((await browser.get(hop.location as string)).body);
    assert.ok(form, 'the ENT answers with an auto-posting form');
    return browser.post(form.action, form.fields);
  }

  /** A SAML resource opened through the médiacentre (opens the broker session). */
  async function openSaml(browser: TestBrowser, mediacentre: string, idRessource: string): Promise<string> {
    const atPublisher = await browser.get(await toResource(browser, mediacentre, idRessource));
    const form = postedForm((await browser.get(atPublisher.location as string)).body);
    assert.ok(form);
    const page = await browser.post(form.action, form.fields);
    assert.equal(page.status, 200);
    return page.body;
  }

  /** Follows the broker's OIDC redirects until they leave it: the publisher's callback URL. */
  async function toCallback(browser: TestBrowser, url: string): Promise<string> {
    let location = url;
    for (let step = 0; step < 8; step += 1) {
      const hop = await browser.get(location);
      assert.ok(isRedirect(hop), `${hop.status} ${hop.body.slice(0, 300)}`);
      location = new URL(hop.location as string, location).href;
      if (!location.startsWith(broker.url)) return location;
    }
    throw new Error('too many redirects');
  }

  /** From the authorization request to the first page (the publisher's, or the broker's refusal). */
  async function followBroker(browser: TestBrowser, url: string): Promise<Hop> {
    let location = url;
    for (let step = 0; step < 10; step += 1) {
      const hop = await browser.get(location);
      if (!isRedirect(hop)) return hop;
      location = new URL(hop.location as string, location).href;
    }
    throw new Error('too many redirects');
  }
});
