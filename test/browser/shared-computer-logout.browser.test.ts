/**
 * The shared school computer in a real browser (Debian's chromium), over the real composition
 * root on SQLite and PostgreSQL: the demo ENT, the broker and the demo publisher in its three
 * protocols (SAML, OpenID Connect, CAS), clicked through as pupils do.
 *
 * - « Se déconnecter » at the ENT: its LogoutRequest reaches the broker, whose logout page runs
 *   its script and frame (the SAML publisher's LogoutRequest, answered to the broker), then goes
 *   back to the ENT; the OIDC and CAS publishers are told by the back channel. The next pupil
 *   logs in: their own identity reaches the publisher.
 * - « Changer d’utilisateur sans se déconnecter »: the next click's passive check finds the next
 *   pupil; the previous pupil's broker session ends, with its logout page and its logouts, before
 *   the next pupil's identity is sent.
 *
 * Each pupil's identity is read on the publisher's pages (IDO, the welcome's first name); each
 * logout on its « Journal des déconnexions reçues », by what the message names (the SAML NameID,
 * the OIDC sub, the CAS ticket). The publisher's turn is given 60 s: the page must move on because
 * the frame ended on the broker's done page, never because the turn ran out (the test fails first).
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { pino } from 'pino';
import { startBroker, type RunningBroker } from '../../src/main.js';
import { demoResources } from '../../examples/demo-catalogue.js';
import { startDemoFederation, type RunningDemoFederation } from '../../examples/demo-federation.js';
import { demoBrokerConfig } from '../support/demo-broker-config.js';
import { describeEachDialect } from '../support/each-dialect.js';
import { databaseFor } from '../support/flow-broker.js';
import { launchChromium, screenshot } from '../support/headless-chromium.js';

const byPath = (path: string) => demoResources.find((r) => r.path === path) as typeof demoResources[number];
/** One resource per protocol, all three open to the pupils of class 6A. */
const resources = [byPath('/manuel-maths'), byPath('/quiz-sciences'), byPath('/dictionnaire')] as const;

interface Pupil { readonly id: string; readonly name: string }
/** What the publisher received for one pupil, and what its logouts must name. */
interface Openings { readonly ido: string; readonly samlNameId: string; readonly casTicket: string }
/**
 * A browser profile; `trail` lists each document request (redirects included) of the page and its
 * frames; `problems` the console's errors and the scripts' exceptions.
 */
interface Seat {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly trail: string[];
  readonly problems: string[];
}

const title = 'the shared computer in chromium: SLO and a silent switch never hand a pupil\'s identity to the next';

describeEachDialect(title, (dialect) => {
  let browser: Browser | undefined;
  let broker: RunningBroker;
  let demo: RunningDemoFederation;
  let dropDatabase: () => Promise<void> = async () => undefined;
  let pupils: readonly [Pupil, Pupil];
  const publisherUrl = (path = ''): string => `${(demo.urls['publisher'] as string).replace(/\/$/, '')}${path}`;
  const entUrl = (path: string): string => new URL(path, demo.startUrl).href;

  before(async function () {
    this.timeout(60_000);
    browser = await launchChromium(this);
    const dir = mkdtempSync(join(tmpdir(), 'gar-browser-logout-'));
    const database = await databaseFor(dialect, dir);
    dropDatabase = database.drop;
    const config = demoBrokerConfig(dir, { databaseUrl: database.url, login: { frontChannelLogoutSeconds: 60 } });
    const logger = pino({ level: 'silent' });
    broker = await startBroker(config, logger);
    demo = await startDemoFederation({
      brokerUrl: broker.url, store: broker.store, config, logger, entPort: 0, publisherPort: 0,
      dataDir: join(dir, 'demo'), mediacentreUrl: broker.urls['mediacentre'] as string,
    });
    pupils = await pupilsOfClass6A();
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
    await broker?.close();
    await dropDatabase();
  });

  it('« Se déconnecter »: the logout page tells the SAML, OIDC and CAS publishers, then the next pupil '
    + 'reaches them as themselves', async function () {
    this.timeout(30_000);
    const { context, page, trail, problems } = await newSeat();
    const [a, b] = pupils;
    await logIn(page, a);
    const openedByA = await openEach(page, a);
    const journalBefore = await journal();
    const release = await holdFirstLogoutFrame(page);
    await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
    await page.waitForURL(/\/logout\/run\/[\w-]+$/, { waitUntil: 'domcontentloaded' });
    assert.equal(await page.locator('h1').innerText(), 'Déconnexion en cours…');
    const turn = await page.locator('#logout-frames').getAttribute('data-wait');
    assert.equal(turn, '60', 'a turn that cannot run out in this test');
    await screenshot(page, `logout-run-page-${dialect}`);
    release();
    await page.waitForURL(entUrl('/?info=deconnexion'));
    assert.match(await page.locator('#avis').innerText(), /déconnecté de l’ENT et des ressources ouvertes/);
    assertLogoutRan(trail);
    assertInOrder(trail, [
      `page ${entUrl('/deconnexion')}`, `page ${broker.url}/saml/sp/slo?SAMLRequest=`,
      `frame ${broker.url}/logout/run/`,
      `frame ${publisherUrl('/saml/slo?SAMLRequest=')}`, `frame ${broker.url}/saml/idp/slo?SAMLResponse=`,
      `page ${broker.url}/logout/run/`, `page ${entUrl('/saml/slo?SAMLResponse=')}`,
    ]);
    await assertEachToldOf(journalBefore, openedByA);
    await logIn(page, b);
    const openedByB = await openEach(page, b);
    assert.notEqual(openedByB.ido, openedByA.ido, 'the next pupil\'s pseudonym, not the previous one\'s');
    assert.deepEqual(problems, [], 'no error in the console');
    await context.close();
  });

  it('« Changer d’utilisateur sans se déconnecter »: the passive check ends the previous pupil\'s session and runs '
    + 'its logout page before the next pupil\'s identity reaches each publisher', async function () {
    this.timeout(30_000);
    const { context, page, trail, problems } = await newSeat();
    const [a, b] = pupils;
    await logIn(page, a);
    const openedByA = await openEach(page, a);
    const journalBefore = await journal();
    await page.locator('#ordinateur-partage select[name="compte"]').selectOption(b.id);
    await page.getByRole('button', { name: 'Changer d’utilisateur sans se déconnecter' }).click();
    await page.waitForURL(entUrl('/mediacentre'));
    assert.match(await page.locator('header').innerText(), new RegExp(b.name));
    trail.length = 0;
    const passive = demo.entPassiveResponses();
    const openedByB = await openEach(page, b);
    assert.ok(demo.entPassiveResponses() > passive, 'the broker asked the ENT who is logged in now');
    assert.notEqual(openedByB.ido, openedByA.ido, 'the next pupil\'s pseudonym, not the previous one\'s');
    assertLogoutRan(trail);
    // A's session ended (and its SAML publisher was told) before anything reached a publisher for B.
    assertInOrder(trail, [
      `page ${demo.urls['ent'] as string}saml/sso?`, `frame ${publisherUrl('/saml/slo?SAMLRequest=')}`,
      `page ${broker.url}/logout/run/`, `page ${publisherUrl(resources[0].path)}`,
    ]);
    await assertEachToldOf(journalBefore, openedByA);
    assert.deepEqual(problems, [], 'no error in the console');
    await context.close();
  });

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

  async function logIn(page: Page, pupil: Pupil): Promise<void> {
    await page.goto(demo.startUrl);
    const card = page.locator('.card').filter({ has: page.locator(`input[name="compte"][value="${pupil.id}"]`) });
    await card.getByRole('button', { name: 'Se connecter avec ce compte' }).click();
    await page.waitForURL(entUrl('/mediacentre'));
    assert.match(await page.locator('header').innerText(), new RegExp(pupil.name));
  }

  /**
   * From the médiacentre, each resource in turn (its card's « Ouvrir la ressource »), to the
   * publisher's page, then « Retour au médiacentre »: each page greets `pupil` (CAS releases no
   * name) and shows the same IDO, whatever the protocol.
   */
  async function openEach(page: Page, pupil: Pupil): Promise<Openings> {
    const idos = new Set<string>();
    let samlNameId = '';
    let casTicket = '';
    for (const resource of resources) {
      await page.waitForURL(entUrl('/mediacentre'));
      const heading = page.getByRole('heading', { name: resource.nom });
      const card = page.locator('#mes-ressources .card').filter({ has: heading });
      await card.getByRole('link', { name: 'Ouvrir la ressource' }).click();
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
   * endpoint: a route sees only the first request of a redirect chain) until the returned function
   * is called, so that the page can be looked at while its frame is out.
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

  /** The broker's logout page was the top document; its frame took the SAML publisher's logout to its end. */
  function assertLogoutRan(trail: readonly string[]): void {
    const path = trail.join('\n');
    const went = (prefix: string): boolean => trail.some((hop) => hop.startsWith(prefix));
    assert.ok(trail.some((hop) => /^page .*\/logout\/run\/[\w-]+$/.test(hop)), `the logout page:\n${path}`);
    assert.ok(trail.some((hop) => /^frame .*\/logout\/run\/[\w-]+\/0$/.test(hop)), `its script set frame 0:\n${path}`);
    assert.ok(went(`frame ${publisherUrl('/saml/slo?SAMLRequest=')}`), `the frame reached the SLO endpoint:\n${path}`);
    assert.ok(went(`frame ${broker.url}/saml/idp/slo?SAMLResponse=`), `the publisher answered the broker:\n${path}`);
    assert.ok(trail.some((hop) => /^page .*\/logout\/run\/[\w-]+\/done$/.test(hop)), `then the continuation:\n${path}`);
  }

  /** Each prefix is found in the trail after the previous one. */
  function assertInOrder(trail: readonly string[], prefixes: readonly string[]): void {
    let from = 0;
    for (const prefix of prefixes) {
      const at = trail.findIndex((hop, n) => n >= from && hop.startsWith(prefix));
      assert.ok(at >= 0, `${prefix} after step ${from}:\n${trail.join('\n')}`);
      from = at + 1;
    }
  }

  /** Since `before`, the journal lists one logout per protocol, naming what the publisher received for that pupil. */
  async function assertEachToldOf(before: readonly string[], opened: Openings): Promise<void> {
    const rows = await journal(before.length + 3);
    const added = rows.slice(0, rows.length - before.length);
    const expected = [
      ['SAML 2', opened.samlNameId], ['OpenID Connect', opened.ido.slice(0, 16)], ['CAS 3', opened.casTicket],
    ] as const;
    for (const [protocol, named] of expected) {
      const row = added.find((r) => r.includes(protocol) && r.includes(named));
      assert.ok(row !== undefined, `${protocol} told of ${named}:\n${added.join('\n')}`);
      assert.match(row, /oui, oubliée/, `${protocol}: the publisher found the session it had opened`);
    }
  }

  /** The journal's rows (latest first) on the publisher's home page, once there are `count` (back channels may lag). */
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
