/**
 * The console in a real browser (Debian's chromium through playwright-core): an operator logs in
 * through the login form; a licence manager logs in through the test ENT (an IdP-initiated
 * Response posted cross-site to the console's ACS, then the same-origin hop that lets the
 * SameSite=Strict session cookie be sent), opens their establishment, assigns a licence to a class
 * by clicking, and sees the counters change; screenshots (desktop and phone) are saved in
 * test-artifacts/screenshots. Keyboard: the skip link is the first stop.
 */
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createLicensingStore, createOperatorAccountStore } from '../../src/store/index.js';
import { hashPassword } from '../../src/trust/index.js';
import { resources, startFlowBroker, type FlowBroker } from '../support/flow-broker.js';
import { launchChromium, screenshot, viewports } from '../support/headless-chromium.js';
import { addSubscription, entId, uai } from '../support/licensing-fixtures.js';
import { consoleEnt, type ConsoleEnt } from '../console/manager-login/console-login-peers.js';

describe('console in a browser (chromium)', function () {
  this.timeout(60_000);
  let flow: FlowBroker;
  let browser: Browser | undefined;
  let ent: ConsoleEnt;
  let consoleMetadata: string;

  before(async function () {
    browser = await launchChromium(this);
    flow = await startFlowBroker('sqlite');
    const { db } = flow.broker.store;
    const at = '2025-09-01T00:00:00.000Z';
    await db
      .insertInto('manager')
      .values({
        ent_id: entId,
        degree: '2D',
        person_id: 'ra-1',
        last_name: 'Martin',
        first_name: 'Claire',
        civility: 'Mme',
        mails: '[]',
        establishments: JSON.stringify([uai]),
        record_hash: 'h',
        departed_at: null,
        updated_at: at,
      })
      .execute();
    await db
      .insertInto('manager_establishment')
      .values({ ent_id: entId, degree: '2D', person_id: 'ra-1', uai })
      .execute();
    await addSubscription(db, {
      id: 'ABO-NAV',
      distributor: '123456789_0000000000000001',
      resource: resources.unassigned,
      type: 'INDIV',
      global: 5,
    });
    await db
      .updateTable('subscription')
      .set({ valid_from: '2020-01-01T00:00:00', valid_until: '2099-08-15T00:00:00' })
      .where('id', '=', 'ABO-NAV')
      .execute();
    ent = consoleEnt(flow.keys.ent, flow.ent.entityId);
    consoleMetadata = await (await fetch(`${flow.broker.url}/console/saml/metadata`)).text();
    await createOperatorAccountStore(flow.broker.store).createAccount(
      { login: 'operateur', passwordHash: await hashPassword('un mot de passe assez long') },
      { actor: 'test', at: new Date() },
    );
  });
  after(async () => {
    await browser?.close();
    await flow?.close();
  });

  async function contextAs(viewport: { width: number; height: number }, manager: boolean): Promise<BrowserContext> {
    const context = await (browser as Browser).newContext({ viewport, locale: 'fr-FR' });
    if (manager) {
      // The ENT's page posts its signed Response to the console's ACS (another site, as at the ENT).
      const samlResponse = await ent.respond(consoleMetadata, 'ra-1');
      const page = await context.newPage();
      await page.setContent(
        `<form method="post" action="${flow.broker.url}/console/saml/acs">`
          + `<input type="hidden" name="SAMLResponse" value="${samlResponse}">`
          + '<button type="submit">ENT</button></form>',
      );
      await page.click('button');
      await page.waitForURL(`${flow.broker.url}/console/`);
      assert.match(
        (await page.textContent('main')) ?? '',
        new RegExp(uai),
        'logged in: the home lists the establishment',
      );
      await page.close();
    }
    return context;
  }

  for (const [name, viewport] of Object.entries(viewports)) {
    it(`an operator logs in through the form (${name})`, async () => {
      const context = await contextAs(viewport, false);
      const page = await context.newPage();
      await page.goto(`${flow.broker.url}/console/`);
      assert.equal(await page.getAttribute('html', 'lang'), 'fr');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), '#contenu');
      await screenshot(page, `console-login-${name}`);
      await page.getByLabel('Identifiant').fill('operateur');
      await page.getByLabel('Mot de passe').fill('un mot de passe assez long');
      await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
      await page.waitForLoadState('load');
      if (!/\/console\/operateur\/$/.test(page.url())) await screenshot(page, `console-login-failed-${name}`);
      assert.match(page.url(), /\/console\/operateur\/$/);
      assert.match((await page.textContent('h1')) ?? '', /opérateur/i);
      await screenshot(page, `console-operator-home-${name}`);
      await context.close();
    });

    it(`a licence manager assigns a class by clicking, and the counters follow (${name})`, async () => {
      const context = await contextAs(viewport, true);
      const page: Page = await context.newPage();
      await page.goto(`${flow.broker.url}/console/`);
      await page.getByRole('link', { name: new RegExp(uai) }).click();
      await page.waitForURL(new RegExp(`/console/etablissements/${uai}$`));
      await screenshot(page, `console-dashboard-${name}`);
      await page.getByRole('link', { name: 'Ressource non affectée' }).first().click();
      const before = await holders(flow);
      await page
        .locator('summary')
        .filter({ hasText: /classe/i })
        .first()
        .click();
      const form = page.locator('form').filter({ has: page.locator('input[name="kind"][value="class"]') });
      // Each viewport assigns its own class (a class already assigned cannot be assigned twice).
      const checkbox = form.locator('input[name="class"]').nth(name === 'desktop' ? 0 : 1);
      const code = await checkbox.getAttribute('value');
      await checkbox.check();
      await form.getByRole('button').click();
      await page.waitForLoadState('load');
      await screenshot(page, `console-assigned-${name}`);
      const after = await holders(flow);
      assert.ok(after > before, `licences held ${before} → ${after} after assigning class ${String(code)}`);
      assert.ok(after <= 5, 'never more than the 5 licences of the subscription');
      const views = await createLicensingStore(flow.broker.store).listAssignments({ uai });
      assert.ok(views.some((v) => v.target.kind === 'class' && v.target.code === code));
      assert.ok((await page.content()).includes(String(after)), 'the page shows the new count');
      await context.close();
    });
  }
});

async function holders(flow: FlowBroker): Promise<number> {
  const row = await flow.broker.store.db
    .selectFrom('licence')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subscription_id', '=', 'ABO-NAV')
    .where('released_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
