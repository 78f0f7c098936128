/**
 * The licence manager's pages in a real browser (Debian's chromium via playwright-core, skipped
 * with a notice where it is missing): on a 360 px phone no page scrolls sideways (wide tables
 * scroll inside their frame), and the named-people search works through htmx (type, tick,
 * assign) with the CSRF header console.js adds. Screenshots in test-artifacts/screenshots.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium, screenshot, viewports } from '../../support/headless-chromium.js';
import { addSubscription, audit, distributorId, entId, holders, uai } from '../../support/licensing-fixtures.js';
import { base, managerHarness, subPath, type ManagerHarness } from './manager-harness.js';

describe('manager pages in a browser (chromium, 360 px)', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let h: ManagerHarness;
  let server: Server;
  let url = '';
  let context: BrowserContext;

  before(async function () {
    browser = await launchChromium(this);
    h = await managerHarness('sqlite', { pupilsPerClass: 15, origin: () => url });
    await h.store.db
      .updateTable('person')
      .set({ last_name: 'Lefèvre', first_name: 'Élodie' })
      .where('person_id', '=', 'elv-6b-07')
      .execute();
    await addSubscription(h.store.db, { id: 'ABONNEMENT-AU-NOM-ASSEZ-LONG-POUR-UN-TELEPHONE', global: 40 });
    await addSubscription(h.store.db, { id: 'ETAB', type: 'ETABL', global: 'ILLIMITE' });
    const key = { distributorId, subscriptionId: 'ABONNEMENT-AU-NOM-ASSEZ-LONG-POUR-UN-TELEPHONE' };
    for (const code of ['6A', '6B'])
      await h.licensing.addAssignment(
        key,
        uai,
        { kind: 'class', code, audience: 'ELEVE' },
        audit(`console:${entId}:dir-1`),
      );
    server = h.app.listen(0, 'localhost');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://localhost:${(server.address() as AddressInfo).port}`;
    context = await (browser as Browser).newContext({ viewport: viewports.phone, locale: 'fr-FR' });
    await context.addCookies(
      h.cookies('a').map((c) => ({ ...c, domain: 'localhost', path: '/console', sameSite: 'Strict' as const })),
    );
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    server?.close();
    await h?.close();
  });

  const subscription = subPath(uai, distributorId, 'ABONNEMENT-AU-NOM-ASSEZ-LONG-POUR-UN-TELEPHONE');

  for (const [name, path] of [
    ['dashboard', base(uai)],
    ['subscription', subscription],
    ['populations', `${base(uai)}/populations`],
    ['confirmation', `${subscription}/affectations/1/retirer`],
  ] as const) {
    it(`${name}: nothing scrolls sideways at 360 px`, async () => {
      const page = await context.newPage();
      const res = await page.goto(`${url}${path}`);
      assert.equal(res?.status(), 200);
      await page.locator('details').evaluateAll((all) => {
        for (const d of all) d.setAttribute('open', '');
      });
      await screenshot(page, `manager-${name.replace(/\W+/g, '-')}-phone`);
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
      }));
      assert.ok(widths.page <= widths.viewport, `page ${widths.page} px wide in a ${widths.viewport} px viewport`);
      await page.close();
    });
  }

  it('finds a person by typing (htmx), ticks them and assigns', async () => {
    const page = await context.newPage();
    await page.goto(`${url}${subscription}`);
    await page.locator('summary').filter({ hasText: 'Des personnes nommées' }).click();
    await page.getByLabel('Nom ou prénom (2 lettres au moins)').pressSequentially('lefev', { delay: 30 });
    const box = page.locator('#resultats-personnes input[name="person"]');
    await box.first().waitFor();
    assert.equal(await box.count(), 1);
    assert.equal(await box.getAttribute('value'), `${entId}:elv-6b-07`);
    await box.check();
    await page
      .locator('form')
      .filter({ has: page.locator('input[name="kind"][value="person"]') })
      .getByRole('button', { name: 'Affecter' })
      .click();
    await page.waitForURL(/fait=affectation/);
    assert.match((await page.locator('[role="status"]').first().textContent()) ?? '', /Affectation enregistrée/);
    assert.match((await page.locator('#affectations + div table').textContent()) ?? '', /LEFÈVRE Élodie/);
    assert.ok(
      (
        await holders(h.store.db, { distributorId, subscriptionId: 'ABONNEMENT-AU-NOM-ASSEZ-LONG-POUR-UN-TELEPHONE' })
      ).includes('elv-6b-07'),
    );
    await screenshot(page, 'manager-person-assigned-phone');
    await page.close();
  });
});
