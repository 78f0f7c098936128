/**
 * The shared school computer of the demo federation in chromium, for the browser tests: the stage
 * (chromium, the broker on a dialect, the demo ENT and publisher), a seat (a browser profile that
 * records its navigations and its errors), the demo ENT's pupils of class 6A, their clicks (log in,
 * open each resource), the broker's logout page held and checked, and the demo publisher's
 * « Journal des déconnexions reçues ».
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { pino } from 'pino';
import type { BrokerConfig } from '../../src/config/index.js';
import { startBroker, type RunningBroker } from '../../src/compose/index.js';
import { demoResources } from '../../examples/demo-catalogue.js';
import { startDemoFederation, type RunningDemoFederation } from '../../examples/demo-federation.js';
import { demoBrokerConfig } from './demo-broker-config.js';
import type { TestDialect } from './each-dialect.js';
import { databaseFor } from './flow-broker.js';
import { launchChromium } from './headless-chromium.js';

const byPath = (path: string) => demoResources.find((r) => r.path === path) as (typeof demoResources)[number];
/** One resource per protocol, all three open to the pupils of class 6A. */
export const resources = [byPath('/manuel-maths'), byPath('/quiz-sciences'), byPath('/dictionnaire')] as const;

export interface Pupil {
  readonly id: string;
  readonly name: string;
}
/** What the publisher received for one pupil, and what its logouts must name. */
export interface Openings {
  readonly ido: string;
  readonly samlNameId: string;
  readonly casTicket: string;
}
export interface Seat {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Each document request (redirects included) of the page and its frames. */
  readonly trail: string[];
  /** The console's errors and the scripts' exceptions. */
  readonly problems: string[];
}

/** Where the pupils go: the broker, the demo ENT (its start page first) and the demo publisher. */
export interface DemoUrls {
  /** The broker's base URL, without a trailing slash. */
  readonly broker: string;
  /** The demo ENT's start page, which lists its accounts. */
  readonly start: string;
  /** `path` resolved against the demo ENT's start page. */
  ent(path: string): string;
  /** `path` on the demo publisher (its base URL, without a trailing slash, by default). */
  publisher(path?: string): string;
}

export function demoUrls(brokerUrl: string, demo: RunningDemoFederation): DemoUrls {
  return {
    broker: brokerUrl,
    start: demo.startUrl,
    ent: (path) => new URL(path, demo.startUrl).href,
    publisher: (path = '') => `${(demo.urls['publisher'] as string).replace(/\/$/, '')}${path}`,
  };
}

/** What a describe's tests share: chromium, the broker and the demo federation on it. */
export interface DemoStage {
  readonly browser: Browser;
  readonly broker: RunningBroker;
  readonly demo: RunningDemoFederation;
  readonly urls: DemoUrls;
  /** Closes chromium, the demo federation and the broker, then drops the test's database. */
  close(): Promise<void>;
}

/**
 * Starts chromium (`launchChromium` skips the describe where there is none), then the broker on
 * `dialect` in a fresh folder named from `prefix`, with a front-channel logout turn of 60 s and
 * its configuration passed through `configure`, then the demo federation (ENT and publisher on
 * free ports) on it. Should a start fail, what had started is closed before the error goes on.
 */
export async function startDemoStage(
  context: Mocha.Context,
  dialect: TestDialect,
  prefix: string,
  configure: (config: BrokerConfig) => BrokerConfig = (config) => config,
): Promise<DemoStage> {
  const browser = (await launchChromium(context)) as Browser;
  let broker: RunningBroker | undefined;
  let demo: RunningDemoFederation | undefined;
  let dropDatabase: () => Promise<void> = async () => undefined;
  const close = async (): Promise<void> => {
    await browser.close();
    await demo?.close();
    await broker?.close();
    await dropDatabase();
  };
  try {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    const database = await databaseFor(dialect, dir);
    dropDatabase = database.drop;
    const config = configure(
      demoBrokerConfig(dir, { databaseUrl: database.url, login: { frontChannelLogoutSeconds: 60 } }),
    );
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
    return { browser, broker, demo, urls: demoUrls(broker.url, demo), close };
  } catch (error) {
    await close();
    throw error;
  }
}

// ---- the pupils' clicks

export async function newSeat(browser: Browser): Promise<Seat> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  const trail: string[] = [];
  page.on('request', (request: Request) => {
    if (!request.isNavigationRequest()) return;
    trail.push(`${request.frame() === page.mainFrame() ? 'page' : 'frame'} ${request.url()}`);
  });
  // A Content-Security-Policy that blocks a frame, a script or a form shows as a console error.
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => {
    problems.push(String(error));
  });
  return { context, page, trail, problems };
}

/** The demo ENT's first two pupils of class 6A, as its account page lists them. */
export async function pupilsOfClass6A(browser: Browser, urls: DemoUrls): Promise<[Pupil, Pupil]> {
  const page = await browser.newPage();
  await page.goto(urls.start);
  const cards = page.locator('.card').filter({ hasText: 'Élève · 6A' });
  const pupil = async (n: number): Promise<Pupil> => ({
    id: (await cards.nth(n).locator('input[name="compte"]').getAttribute('value')) as string,
    name: await cards.nth(n).locator('h2').innerText(),
  });
  const found: [Pupil, Pupil] = [await pupil(0), await pupil(1)];
  await page.close();
  return found;
}

/** « Se connecter avec ce compte » on the demo ENT's start page, to its médiacentre, which greets `pupil`. */
export async function logIn(page: Page, urls: DemoUrls, pupil: Pupil): Promise<void> {
  await page.goto(urls.start);
  const card = page.locator('.card').filter({ has: page.locator(`input[name="compte"][value="${pupil.id}"]`) });
  await card.getByRole('button', { name: 'Se connecter avec ce compte' }).click();
  await page.waitForURL(urls.ent('/mediacentre'));
  assert.match(await page.locator('header').innerText(), new RegExp(pupil.name));
}

/**
 * From the médiacentre, each resource in turn (its card's « Ouvrir la ressource »), to the
 * publisher's page, then « Retour au médiacentre »: each page greets `pupil` (CAS releases no
 * name) and shows the same IDO, whatever the protocol. `onTheWay`, if given, runs after the first
 * click, before the publisher's page.
 */
export async function openEach(
  page: Page,
  urls: DemoUrls,
  pupil: Pupil,
  onTheWay?: () => Promise<void>,
): Promise<Openings> {
  const idos = new Set<string>();
  let samlNameId = '';
  let casTicket = '';
  for (const [n, resource] of resources.entries()) {
    await page.waitForURL(urls.ent('/mediacentre'));
    const heading = page.getByRole('heading', { name: resource.nom });
    const card = page.locator('#mes-ressources .card').filter({ has: heading });
    await card.getByRole('link', { name: 'Ouvrir la ressource' }).click();
    if (n === 0) await onTheWay?.();
    const released = page.getByRole('heading', { name: 'Ce que le courtier a transmis à l’éditeur' });
    await released.waitFor({ timeout: 15_000 });
    assert.ok(page.url().startsWith(urls.publisher()), `${resource.nom}: ${page.url()}`);
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
export function cell(page: Page, heading: string) {
  const exact = new RegExp(`^${heading.replace(/[()]/g, '\\$&')}$`);
  return page
    .locator('tr')
    .filter({ has: page.locator('th', { hasText: exact }) })
    .locator('td code')
    .last();
}

/**
 * Holds the logout page's first frame (the broker's hop that redirects to the SAML publisher's SLO
 * endpoint: a route sees only the first request of a redirect chain) until the returned function
 * is called, so that the page can be looked at while its frame is out.
 */
export async function holdFirstLogoutFrame(page: Page, brokerUrl: string): Promise<() => void> {
  let release = (): void => undefined;
  const held = new Promise<void>((done) => {
    release = done;
  });
  const firstFrame = (url: URL): boolean =>
    url.origin === new URL(brokerUrl).origin && /^\/logout\/run\/[\w-]+\/0$/.test(url.pathname);
  await page.route(firstFrame, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

// ---- what the browser went through, what the publisher heard

/** The broker's logout page was the top document; its frame took the SAML publisher's logout to its end. */
export function assertLogoutRan(trail: readonly string[], urls: DemoUrls): void {
  const path = trail.join('\n');
  const went = (prefix: string): boolean => trail.some((hop) => hop.startsWith(prefix));
  assert.ok(
    trail.some((hop) => /^page .*\/logout\/run\/[\w-]+$/.test(hop)),
    `the logout page:\n${path}`,
  );
  assert.ok(
    trail.some((hop) => /^frame .*\/logout\/run\/[\w-]+\/0$/.test(hop)),
    `its script set frame 0:\n${path}`,
  );
  assert.ok(went(`frame ${urls.publisher('/saml/slo?SAMLRequest=')}`), `the frame reached the SLO endpoint:\n${path}`);
  assert.ok(went(`frame ${urls.broker}/saml/idp/slo?SAMLResponse=`), `the publisher answered the broker:\n${path}`);
  assert.ok(
    trail.some((hop) => /^page .*\/logout\/run\/[\w-]+\/done$/.test(hop)),
    `then the continuation:\n${path}`,
  );
}

/** Each prefix is found in the trail after the previous one. */
export function assertInOrder(trail: readonly string[], prefixes: readonly string[]): void {
  let from = 0;
  for (const prefix of prefixes) {
    const at = trail.findIndex((hop, n) => n >= from && hop.startsWith(prefix));
    assert.ok(at >= 0, `${prefix} after step ${from}:\n${trail.join('\n')}`);
    from = at + 1;
  }
}

/** Among `rows`, one logout per protocol named, naming what the publisher received for that pupil. */
export function assertToldOf(rows: readonly string[], opened: Openings, protocols: readonly string[]): void {
  const named: Record<string, string> = {
    'SAML 2': opened.samlNameId,
    'OpenID Connect': opened.ido.slice(0, 16),
    'CAS 3': opened.casTicket,
  };
  for (const protocol of protocols) {
    const row = rows.find((r) => r.includes(protocol) && r.includes(named[protocol] as string));
    assert.ok(row !== undefined, `${protocol} told of ${named[protocol]}:\n${rows.join('\n')}`);
    assert.match(row, /oui, oubliée/, `${protocol}: the publisher found the session it had opened`);
  }
}

/** The rows added to the journal since `before` (latest first), once there are `count` (back channels may lag). */
export async function journalSince(
  browser: Browser,
  urls: DemoUrls,
  before: readonly string[],
  count: number,
): Promise<string[]> {
  const rows = await journal(browser, urls, before.length + count);
  return rows.slice(0, rows.length - before.length);
}

/** The journal's rows (latest first) on the publisher's home page, once there are `count` (back channels may lag). */
export async function journal(browser: Browser, urls: DemoUrls, count = 0): Promise<string[]> {
  const page = await browser.newPage();
  try {
    for (let attempt = 0; ; attempt += 1) {
      await page.goto(urls.publisher('/'));
      const rows = await page.locator('#journal-deconnexions tbody tr').allInnerTexts();
      if (rows.length >= count || attempt >= 30) return rows;
      await page.waitForTimeout(100);
    }
  } finally {
    await page.close();
  }
}
