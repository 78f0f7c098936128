/**
 * Single logout and the shared school computer, end to end over the real composition root: the
 * demo ENT, the broker and the demo publisher in its three protocols.
 *
 * - « Se déconnecter » at the ENT: a LogoutRequest to the broker's `/saml/sp/slo`; the broker ends
 *   its session and tells the publisher (SAML LogoutRequest by the browser to `/saml/slo`, answered
 *   to the broker's `/saml/idp/slo`; OIDC logout token and CAS logoutRequest by the back channel),
 *   then answers the ENT, whose account page says so; the publisher's journal lists all three.
 * - « Changer d’utilisateur sans se déconnecter »: the next resource is opened for the new account,
 *   after a passive check at the ENT, never with the previous account's identity.
 * - An ENT session gone without a logout (NoPassive): the broker does not reuse its session.
 * - A logout started at the broker (CAS `/cas/logout`): the broker's LogoutRequest ends the ENT
 *   session at the ENT's `/saml/slo`, which answers the broker's `/saml/sp/slo`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startBroker, type RunningBroker } from '../../src/compose/index.js';
import { createOidcClientStore } from '../../src/store/index.js';
import { demoOidcClientId, demoResources } from '../../examples/demo-catalogue.js';
import { demoEstablishment } from '../../examples/demo-directory.js';
import { entSessionCookie } from '../../examples/demo-ent/demo-ent-sessions.js';
import { startDemoFederation, type RunningDemoFederation } from '../../examples/demo-federation.js';
import { demoBrokerConfig } from '../support/demo-broker-config.js';
import { postedForm, TestBrowser, type Hop } from '../support/test-browser.js';

const byPath = (path: string) => demoResources.find((r) => r.path === path) as (typeof demoResources)[number];
const maths = byPath('/manuel-maths');
const francais = byPath('/exercices-francais');
const quiz = byPath('/quiz-sciences');
const dictionnaire = byPath('/dictionnaire');

describe('examples: single logout and the shared computer, through the broker', function () {
  this.timeout(60000);
  let broker: RunningBroker;
  let demo: RunningDemoFederation;
  let uai: string;
  const publisherUrl = (): string => (demo.urls['publisher'] as string).replace(/\/$/, '');
  const entUrl = (path: string): string => new URL(path, demo.startUrl).href;

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gar-demo-logout-'));
    const config = demoBrokerConfig(dir);
    const logger = pino({ level: 'silent' });
    broker = await startBroker(config, logger);
    demo = await startDemoFederation({
      brokerUrl: broker.url,
      store: broker.store,
      config,
      logger,
      entPort: 0,
      publisherPort: 0,
      dataDir: join(dir, 'demo'),
      mediacentreUrl: broker.urls['mediacentre'] as string,
    });
    uai = (await demoEstablishment(broker.store)).uai;
  });
  after(async () => {
    await demo.close();
    await broker.close();
  });

  it('registers the demo OIDC client with its backchannel_logout_uri', async () => {
    const client = await createOidcClientStore(broker.store).find(demoOidcClientId);
    assert.equal(client?.metadata['backchannel_logout_uri'], `${publisherUrl()}/oidc/backchannel-logout`);
  });

  it("the broker's metadata declare the SingleLogoutServices the demo partners use", async () => {
    const redirect = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
    const services = [
      ['/saml/sp/metadata', '/saml/sp/slo'],
      ['/saml/idp/metadata', '/saml/idp/slo'],
    ] as const;
    for (const [path, slo] of services) {
      const xml = await (await fetch(`${broker.url}${path}`)).text();
      const declared = `SingleLogoutService Binding="${redirect}" Location="${broker.url}${slo}"`;
      assert.ok(xml.includes(declared), `${path}: ${xml}`);
    }
  });

  it('« Se déconnecter » at the ENT ends the broker session; each publisher hears of it', async () => {
    const browser = new TestBrowser();
    const mediacentre = await logIn(browser, (await accounts())[0] as string);
    await openResource(browser, mediacentre, maths.idRessource);
    await openResource(browser, mediacentre, quiz.idRessource);
    await openResource(browser, mediacentre, dictionnaire.idRessource);
    const out = await browser.post(entUrl('/deconnexion'), {});
    assert.equal(out.status, 302, out.location);
    assert.ok(out.location?.startsWith(`${broker.url}/saml/sp/slo?SAMLRequest=`), out.location);
    const { hop, visited } = await follow(browser, out.location as string);
    const went = (prefix: string): boolean => visited.some((url) => url.startsWith(prefix));
    assert.ok(went(`${publisherUrl()}/saml/slo?SAMLRequest=`), `the publisher's SLO: ${visited.join(' → ')}`);
    assert.ok(went(`${broker.url}/saml/idp/slo?SAMLResponse=`), "the publisher's answer to the broker");
    assert.ok(went(entUrl('/saml/slo?SAMLResponse=')), "the broker's answer to the ENT");
    assert.equal(hop.status, 200);
    assert.match(hop.body, /Vous êtes déconnecté de l’ENT et des ressources ouvertes depuis le courtier/);
    const journal = await journalRows(3);
    for (const protocol of ['SAML 2', 'OpenID Connect', 'CAS 3']) {
      const told = journal.some((row) => row.includes(protocol) && row.includes('oui, oubliée'));
      assert.ok(told, `${protocol}: ${journal.join('\n')}`);
    }
    const again = await follow(browser, link(maths.idRessource));
    assert.match(again.hop.body, /Le courtier \(GAR\) demande à l’ENT qui vous êtes/, 'a new ENT login');
  });

  it('« Changer d’utilisateur sans se déconnecter »: the next resource opens for the new account', async () => {
    const browser = new TestBrowser();
    const [first, , other] = await accounts();
    const mediacentre = await logIn(browser, first as string);
    const firstIdo = idoOf(await openResource(browser, mediacentre, maths.idRessource));
    const switched = await browser.post(entUrl('/changer-utilisateur'), { compte: other as string });
    assert.equal(switched.status, 303);
    const otherMediacentre = (await browser.get(entUrl('/mediacentre'))).body;
    const passive = demo.entPassiveResponses();
    const otherIdo = idoOf(await openResource(browser, otherMediacentre, maths.idRessource));
    assert.notEqual(otherIdo, firstIdo, "the new account's pseudonym");
    assert.ok(demo.entPassiveResponses() > passive, 'the broker asked the ENT who is logged in now');
    // « Exercices de français » and « Dictionnaire (CAS) » are for class 6A only: the previous account's
    // licences do not follow.
    for (const resource of [francais, dictionnaire]) {
      const { hop } = await follow(browser, link(resource.idRessource));
      assert.equal(hop.status, 403, resource.nom);
      assert.match(hop.body, /ERR_LOGIN_NOT_ENTITLED/);
    }
  });

  it('an ENT session gone without a logout: the broker gets NoPassive and asks for a new ENT login', async () => {
    const browser = new TestBrowser();
    const mediacentre = await logIn(browser, (await accounts())[0] as string);
    await openResource(browser, mediacentre, maths.idRessource);
    browser.cookies.delete(entSessionCookie);
    const passive = demo.entPassiveResponses();
    const { hop, visited } = await follow(browser, link(maths.idRessource));
    assert.ok(demo.entPassiveResponses() > passive, `a passive check first: ${visited.join(' → ')}`);
    assert.match(hop.body, /Le courtier \(GAR\) demande à l’ENT qui vous êtes/);
    const resources = demoResources.map((r) => `${publisherUrl()}${r.path}`);
    const acs = `${publisherUrl()}/saml/acs`;
    const opened = (url: string): boolean => resources.some((page) => url.startsWith(page)) || url.startsWith(acs);
    assert.ok(!visited.some(opened), `no resource opened: ${visited.join(' → ')}`);
  });

  it('a logout started at the broker (CAS /cas/logout) reaches the ENT: its session ends, it answers', async () => {
    const browser = new TestBrowser();
    const mediacentre = await logIn(browser, (await accounts())[0] as string);
    await openResource(browser, mediacentre, maths.idRessource);
    await openResource(browser, mediacentre, dictionnaire.idRessource);
    const { visited } = await follow(browser, `${broker.url}/cas/logout`);
    const went = (prefix: string): boolean => visited.some((url) => url.startsWith(prefix));
    assert.ok(went(entUrl('/saml/slo?SAMLRequest=')), `the ENT's SLO: ${visited.join(' → ')}`);
    assert.ok(went(`${broker.url}/saml/sp/slo?SAMLResponse=`), "the ENT's answer to the broker");
    const afterwards = await browser.get(entUrl('/mediacentre'));
    assert.equal(afterwards.status, 303, 'logged out of the ENT too');
  });

  // ---- the browser's legs

  function link(idRessource: string): string {
    const b64 = (s: string) => encodeURIComponent(Buffer.from(s).toString('base64'));
    const query = `idENT=${b64('DEMO')}&idEtab=${b64(uai)}&idRessource=${encodeURIComponent(idRessource)}`;
    return `${broker.url}/domaineGar?${query}`;
  }

  async function accounts(): Promise<string[]> {
    const page = await new TestBrowser().get(demo.startUrl);
    return [...page.body.matchAll(/name="compte" value="([^"]+)"/g)].map((m) => m[1] as string);
  }

  async function logIn(browser: TestBrowser, account: string): Promise<string> {
    const done = await browser.post(entUrl('/connexion'), { compte: account });
    assert.equal(done.status, 303);
    return (await browser.get(entUrl(done.location as string))).body;
  }

  /** From the médiacentre's link to the publisher's page, whatever the protocol: it must end there, with 200. */
  async function openResource(browser: TestBrowser, mediacentre: string, idRessource: string): Promise<string> {
    const href = [...mediacentre.matchAll(/href="([^"]*domaineGar[^"]*)"/g)]
      .map((m) => (m[1] as string).replace(/&amp;/g, '&'))
      .find((h) => new URL(h).searchParams.get('idRessource') === idRessource);
    assert.ok(href, 'the médiacentre links the resource');
    const { hop, visited } = await follow(browser, href);
    assert.equal(hop.status, 200, `${visited.join(' → ')}\n${hop.body.slice(0, 300)}`);
    assert.ok(visited.at(-1)?.startsWith(publisherUrl()), visited.join(' → '));
    return hop.body;
  }

  /**
   * Follows redirects, auto-posting forms and the broker's logout page, as a browser with scripts does,
   * until a page; returns it and the URLs visited. The logout page loads each frame (a publisher's
   * front-channel logout, followed to its end), then goes on to its continuation.
   */
  async function follow(browser: TestBrowser, start: string): Promise<{ hop: Hop; visited: string[] }> {
    const visited = [start];
    let hop = await browser.get(start);
    for (let step = 0; step < 20; step += 1) {
      const here = visited.at(-1) as string;
      const form = hop.status === 200 ? postedForm(hop.body) : undefined;
      const frames = hop.status === 200 ? logoutFrames(hop.body) : undefined;
      if (hop.status >= 300 && hop.status < 400 && hop.location !== undefined) {
        visited.push(new URL(hop.location, here).href);
        hop = await browser.get(visited.at(-1) as string);
      } else if (form !== undefined) {
        visited.push(form.action);
        hop = await browser.post(form.action, form.fields);
      } else if (frames !== undefined) {
        for (const src of frames.sources) {
          const frame = await follow(browser, new URL(src, here).href);
          visited.push(...frame.visited);
          const where = frame.visited.join(' → ');
          assert.match(frame.hop.body, /data-logout-done/, `a frame that did not end on the broker's page: ${where}`);
        }
        visited.push(new URL(frames.done, here).href);
        hop = await browser.get(visited.at(-1) as string);
      } else {
        return { hop, visited };
      }
    }
    throw new Error(`too many hops: ${visited.join(' → ')}`);
  }

  /** The broker's logout page: its frames' addresses and its continuation. */
  function logoutFrames(html: string): { sources: string[]; done: string } | undefined {
    const box = /<div id="logout-frames"[^>]*data-done="([^"]+)"[^>]*>([\s\S]*?)<\/div>/.exec(html);
    if (box === null) return undefined;
    const decodeEntities = (text: string): string => text.replace(/&amp;/g, '&');
    const sources = [...(box[2] as string).matchAll(/data-src="([^"]+)"/g)].map((m) => decodeEntities(m[1] as string));
    return { sources, done: decodeEntities(box[1] as string) };
  }

  function idoOf(html: string): string {
    const ido = /<th><code>IDO<\/code><\/th>\s*<td>[^<]*<\/td><td><code>([0-9a-f]{128})<\/code>/.exec(html)?.[1];
    assert.ok(ido !== undefined, 'the page lists the IDO');
    return ido;
  }

  /** The journal's rows on the publisher's home page, once it has `count` of them (the back channel may lag). */
  async function journalRows(count: number): Promise<string[]> {
    let rows: string[] = [];
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const home = await new TestBrowser().get(`${publisherUrl()}/`);
      const section = /<section id="journal-deconnexions">([\s\S]*?)<\/section>/.exec(home.body)?.[1] ?? '';
      rows = [...section.matchAll(/<tr><td>([\s\S]*?)<\/tr>/g)].map((m) => m[1] as string);
      if (rows.length >= count) return rows;
      await new Promise((done) => setTimeout(done, 100));
    }
    return rows;
  }
});
