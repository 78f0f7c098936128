/**
 * The shared school computer in a real browser (Debian's chromium) when the ENT's identity
 * provider is an OpenID Provider (test/support/oidc-ent-peer.ts, registered for the demo ENT
 * project): the demo ENT's médiacentre is the pupils' page, the peer logs in whoever the ENT has
 * logged in, without a screen. Over the real composition root on SQLite and PostgreSQL.
 *
 * Pupil A opens the SAML, OIDC and CAS demo resources; the ENT ends A's session and tells the
 * broker by the back channel only (Back-Channel Logout 1.0, no browser): the OIDC and CAS
 * publishers are told at once, the SAML one cannot be. Pupil B then logs in on the same page:
 * the broker's front-channel logout page runs in chromium before B's login goes on (the SAML
 * publisher's LogoutRequest for A's NameID), and B's pseudonym, never A's, reaches each publisher.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { pino } from 'pino';
import { startBroker, type RunningBroker } from '../../src/main.js';
import { createOidcEntRegistry } from '../../src/store/index.js';
import { demoEntId, demoResources } from '../../examples/demo-catalogue.js';
import { startDemoFederation, type RunningDemoFederation } from '../../examples/demo-federation.js';
import { demoBrokerConfig } from '../support/demo-broker-config.js';
import { describeEachDialect } from '../support/each-dialect.js';
import { databaseFor } from '../support/flow-broker.js';
import { launchChromium, screenshot } from '../support/headless-chromium.js';
import { startOidcEntPeer, type OidcEntPeer } from '../support/oidc-ent-peer.js';
import { TestBrowser } from '../support/test-browser.js';

const byPath = (path: string) => demoResources.find((r) => r.path === path) as typeof demoResources[number];
/** One resource per protocol, all three open to the pupils of class 6A. */
const resources = [byPath('/manuel-maths'), byPath('/quiz-sciences'), byPath('/dictionnaire')] as const;

interface Pupil { readonly id: string; readonly name: string }
/** What the publisher received for one pupil, and what its logouts must name. */
interface Openings { readonly ido: string; readonly samlNameId: string; readonly casTicket: string }
interface Seat {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Each document request (redirects included) of the page and its frames. */
  readonly trail: string[];
  /** The console's errors and the scripts' exceptions. */
  readonly problems: string[];
}

const title = 'the shared computer in chromium, OIDC ENT: its back-channel logout never hands A\'s identity to B';

describeEachDialect(title, (dialect) => {
  let browser: Browser | undefined;
  let broker: RunningBroker;
  let demo: RunningDemoFederation;
  let peer: OidcEntPeer;
  let dropDatabase: () => Promise<void> = async () => undefined;
  let pupils: readonly [Pupil, Pupil];
  const publisherUrl = (path = ''): string => `${(demo.urls['publisher'] as string).replace(/\/$/, '')}${path}`;
  const entUrl = (path: string): string => new URL(path, demo.startUrl).href;

  before(async function () {
    this.timeout(60_000);
    browser = await launchChromium(this);
    const dir = mkdtempSync(join(tmpdir(), 'gar-browser-oidc-ent-'));
    const database = await databaseFor(dialect, dir);
    dropDatabase = database.drop;
    const demoConfig = demoBrokerConfig(dir, { databaseUrl: database.url, login: { frontChannelLogoutSeconds: 60 } });
    // The peer is an http issuer on 127.0.0.1.
    const config = { ...demoConfig, oidc: { ...demoConfig.oidc, allowInsecureHttp: true } };
    const logger = pino({ level: 'silent' });
    broker = await startBroker(config, logger);
    demo = await startDemoFederation({
      brokerUrl: broker.url, store: broker.store, config, logger, entPort: 0, publisherPort: 0,
      dataDir: join(dir, 'demo'), mediacentreUrl: broker.urls['mediacentre'] as string,
    });
    peer = await startOidcEntPeer({ redirectUri: `${broker.url}/ent/oidc/callback` });
    // From now on the demo ENT project logs in through the peer, not through the demo ENT's SAML IdP.
    await createOidcEntRegistry(broker.store)
      .save(peer.registration(demoEntId, { scope: 'openid' }), 'test', new Date());
    pupils = await pupilsOfClass6A();
  });
  after(async () => {
    await browser?.close();
    await peer?.close();
    await demo?.close();
    await broker?.close();
    await dropDatabase();
  });

  it('the ENT\'s back-channel logout tells the OIDC and CAS publishers at once; B\'s login runs the logout page '
    + 'for the SAML publisher, then B\'s identity (never A\'s) reaches each publisher', async function () {
    this.timeout(45_000);
    const { context, page, trail, problems } = await newSeat();
    const [a, b] = pupils;
    const entLogins = peer.logins;
    await logIn(page, a);
    const openedByA = await openEach(page, a);
    assert.ok(trail.some((hop) => hop.startsWith(`page ${peer.issuer}/auth?`)), `the OIDC ENT logged A in:\n${trail}`);
    assert.equal(peer.logins, entLogins + 1, 'one login at the OIDC ENT, then the broker session');

    // The ENT ends A's session (its page, and its OpenID Provider's session), then its back channel.
    const journalBefore = await journal();
    const ended = await endPeerSession(context);
    assert.equal(ended.accountId, a.id);
    const [session, ...others] = await liveSessions();
    assert.ok(session?.ent_sid != null && others.length === 0, 'A\'s broker session, bound to an ENT session');
    // The broker read the ENT's user id from `sub`; its session keeps the `sid` of the ENT's ID token.
    assert.deepEqual({ sub: session.person_id, sid: session.ent_sid }, { sub: a.id, sid: ended.sid });
    const logoutToken = await peer.logoutToken({ sub: session.person_id, sid: session.ent_sid });
    const delivered = await fetch(`${broker.url}/ent/oidc/backchannel-logout`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams({ logout_token: logoutToken }),
    });
    assert.equal(delivered.status, 200, await delivered.text());
    assert.deepEqual(await liveSessions(), [], 'A\'s broker session ended');
    const toldAtOnce = await journalSince(journalBefore, 2);
    assertToldOf(toldAtOnce, openedByA, ['OpenID Connect', 'CAS 3']);
    assert.ok(!toldAtOnce.some((row) => row.includes('SAML 2')), `no browser, no SAML logout yet:\n${toldAtOnce}`);
    await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
    await page.waitForURL(entUrl('/?info=deconnexion-ent'));

    // B logs in on the same page (and so at the peer): A's ended session still has its SAML publisher to tell.
    await logIn(page, b);
    trail.length = 0;
    const release = await holdFirstLogoutFrame(page);
    const openedByB = await openEach(page, b, async () => {
      await page.waitForURL(/\/logout\/run\/[\w-]+$/, { waitUntil: 'domcontentloaded' });
      assert.equal(await page.locator('h1').innerText(), 'Déconnexion en cours…');
      await screenshot(page, `oidc-ent-backchannel-logout-run-${dialect}`);
      release();
    });
    assert.notEqual(openedByB.ido, openedByA.ido, 'the next pupil\'s pseudonym, not the previous one\'s');
    assert.equal(peer.logins, entLogins + 2, 'B logged in at the OIDC ENT');
    assertInOrder(trail, [
      `page ${peer.issuer}/auth?`, `page ${broker.url}/ent/oidc/callback?`, `page ${broker.url}/logout/run/`,
      `frame ${broker.url}/logout/run/`, `frame ${publisherUrl('/saml/slo?SAMLRequest=')}`,
      `frame ${broker.url}/saml/idp/slo?SAMLResponse=`, `page ${broker.url}/logout/run/`,
      `page ${publisherUrl(resources[0].path)}`,
    ]);
    const toldLater = await journalSince(journalBefore, 3);
    assertToldOf(toldLater.slice(0, 1), openedByA, ['SAML 2']);
    assert.equal((await liveSessions()).map((s) => s.person_id).join(), b.id, 'only B\'s broker session is live');
    assert.deepEqual(problems, [], 'no error in the console');
    await context.close();
  });

  // ---- the ENT

  /**
   * The ENT's logout at its OpenID Provider: the peer session this chromium profile holds (its
   * `ent_session` cookie) is destroyed, and the cookie goes; returns who it was and its `sid`.
   */
  async function endPeerSession(context: BrowserContext): Promise<{ accountId: string; sid: string }> {
    const jar = new TestBrowser();
    for (const cookie of await context.cookies(peer.issuer)) jar.cookies.set(cookie.name, cookie.value);
    const ended = await peer.endSession(jar);
    await context.clearCookies({ domain: new URL(peer.issuer).hostname, name: /^ent_session/ });
    return ended;
  }

  async function liveSessions() {
    return broker.store.db.selectFrom('broker_session').select(['person_id', 'ent_sid'])
      .where('ent_id', '=', demoEntId).where('revoked_at', 'is', null).execute();
  }

  // ---- the pupils' clicks

  async function newSeat(): Promise<Seat> {
    const context = await (browser as Browser).newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const trail: string[] = [];
    page.on('request', (request: Request) => {
      if (!request.isNavigationRequest()) return;
      trail.push(`${request.frame() === page.mainFrame() ? 'page' : 'frame'} ${request.url()}`);
    });
    // A Content-Security-Policy that blocks a frame, a script or a form shows as a console error.
    const problems: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
    page.on('pageerror', (error) => { problems.push(String(error)); });
    return { context, page, trail, problems };
  }

  /** The demo ENT's first two pupils of class 6A, as its account page lists them. */
  async function pupilsOfClass6A(): Promise<[Pupil, Pupil]> {
    const page = await (browser as Browser).newPage();
    await page.goto(demo.startUrl);
    const cards = page.locator('.card').filter({ hasText: 'Élève · 6A' });
    const pupil = async (n: number): Promise<Pupil> => ({
      id: await cards.nth(n).locator('input[name="compte"]').getAttribute('value') as string,
      name: await cards.nth(n).locator('h2').innerText(),
    });
    const found: [Pupil, Pupil] = [await pupil(0), await pupil(1)];
    await page.close();
    return found;
  }

  /** « Se connecter avec ce compte » at the demo ENT; the peer logs the same pupil in. */
  async function logIn(page: Page, pupil: Pupil): Promise<void> {
    peer.user = { accountId: pupil.id };
    await page.goto(demo.startUrl);
    const card = page.locator('.card').filter({ has: page.locator(`input[name="compte"][value="${pupil.id}"]`) });
    await card.getByRole('button', { name: 'Se connecter avec ce compte' }).click();
    await page.waitForURL(entUrl('/mediacentre'));
    assert.match(await page.locator('header').innerText(), new RegExp(pupil.name));
  }

  /**
   * From the médiacentre, each resource in turn (its card's « Ouvrir la ressource »), to the
   * publisher's page, then « Retour au médiacentre »: each page greets `pupil` (CAS releases no
   * name) and shows the same IDO. `onTheWay` runs after the first click, before the publisher's page.
   */
  async function openEach(page: Page, pupil: Pupil, onTheWay?: () => Promise<void>): Promise<Openings> {
    const idos = new Set<string>();
    let samlNameId = '';
    let casTicket = '';
    for (const [n, resource] of resources.entries()) {
      await page.waitForURL(entUrl('/mediacentre'));
      const heading = page.getByRole('heading', { name: resource.nom });
      const card = page.locator('#mes-ressources .card').filter({ has: heading });
      await card.getByRole('link', { name: 'Ouvrir la ressource' }).click();
      if (n === 0) await onTheWay?.();
      const released = page.getByRole('heading', { name: 'Ce que le courtier a transmis à l’éditeur' });
      await released.waitFor({ timeout: 15_000 });
      assert.ok(page.url().startsWith(publisherUrl()), `${resource.nom}: ${page.url()}`);
      assert.equal(await page.locator('h1').innerText(), resource.nom);
      const welcome = await page.locator('p.ok').innerText();
      const firstName = pupil.name.split(' ')[0] as string;
      if (resource.protocol !== 'cas') assert.match(welcome, new RegExp(`^Bienvenue, ${firstName} `), welcome);
      idos.add(await cell(page, 'IDO').innerText());
      if (resource.protocol === 'saml') samlNameId = await cell(page, 'NameID (transitoire)').innerText();
      if (resource.protocol === 'cas') casTicket = new URL(page.url()).searchParams.get('ticket') ?? '';
      await page.getByRole('link', { name: 'Retour au médiacentre' }).click();
    }
    assert.equal(idos.size, 1, `one pseudonym per distributor, whatever the protocol: ${[...idos].join(', ')}`);
    assert.ok(samlNameId !== '' && casTicket.startsWith('ST-'), `${samlNameId} ${casTicket}`);
    return { ido: [...idos][0] as string, samlNameId, casTicket };
  }

  /** The value beside a row heading of the publisher's tables (an attribute code, or a label). */
  function cell(page: Page, heading: string) {
    const exact = new RegExp(`^${heading.replace(/[()]/g, '\\$&')}$`);
    return page.locator('tr').filter({ has: page.locator('th', { hasText: exact }) }).locator('td code').last();
  }

  /**
   * Holds the logout page's first frame (the broker's hop that redirects to the SAML publisher's SLO
   * endpoint) until the returned function is called, so that the page can be looked at before it moves on.
   */
  async function holdFirstLogoutFrame(page: Page): Promise<() => void> {
    let release = (): void => undefined;
    const held = new Promise<void>((done) => { release = done; });
    const firstFrame = (url: URL): boolean => url.origin === new URL(broker.url).origin
      && /^\/logout\/run\/[\w-]+\/0$/.test(url.pathname);
    await page.route(firstFrame, async (route) => {
      await held;
      await route.continue();
    });
    return release;
  }

  // ---- what the browser went through, what the publisher heard

  /** Each prefix is found in the trail after the previous one. */
  function assertInOrder(trail: readonly string[], prefixes: readonly string[]): void {
    let from = 0;
    for (const prefix of prefixes) {
      const at = trail.findIndex((hop, n) => n >= from && hop.startsWith(prefix));
      assert.ok(at >= 0, `${prefix} after step ${from}:\n${trail.join('\n')}`);
      from = at + 1;
    }
  }

  /** Among `rows`, one logout per protocol named, naming what the publisher received for that pupil. */
  function assertToldOf(rows: readonly string[], opened: Openings, protocols: readonly string[]): void {
    const named: Record<string, string> = {
      'SAML 2': opened.samlNameId, 'OpenID Connect': opened.ido.slice(0, 16), 'CAS 3': opened.casTicket,
    };
    for (const protocol of protocols) {
      const row = rows.find((r) => r.includes(protocol) && r.includes(named[protocol] as string));
      assert.ok(row !== undefined, `${protocol} told of ${named[protocol]}:\n${rows.join('\n')}`);
      assert.match(row, /oui, oubliée/, `${protocol}: the publisher found the session it had opened`);
    }
  }

  /** The rows added to the journal since `before` (latest first), once there are `count` (back channels may lag). */
  async function journalSince(before: readonly string[], count: number): Promise<string[]> {
    const rows = await journal(before.length + count);
    return rows.slice(0, rows.length - before.length);
  }

  /** The journal's rows (latest first) on the publisher's home page, once there are `count`. */
  async function journal(count = 0): Promise<string[]> {
    const page = await (browser as Browser).newPage();
    try {
      for (let attempt = 0; ; attempt += 1) {
        await page.goto(publisherUrl('/'));
        const rows = await page.locator('#journal-deconnexions tbody tr').allInnerTexts();
        if (rows.length >= count || attempt >= 30) return rows;
        await page.waitForTimeout(100);
      }
    } finally {
      await page.close();
    }
  }
});
