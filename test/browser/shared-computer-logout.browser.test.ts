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
import {
  assertInOrder,
  assertLogoutRan,
  assertToldOf,
  holdFirstLogoutFrame,
  journal,
  journalSince,
  logIn,
  newSeat,
  openEach,
  pupilsOfClass6A,
  resources,
  startDemoStage,
  type DemoStage,
  type Openings,
  type Pupil,
} from '../support/demo-seat.js';
import { describeEachDialect } from '../support/each-dialect.js';
import { screenshot } from '../support/headless-chromium.js';

const title = "the shared computer in chromium: SLO and a silent switch never hand a pupil's identity to the next";

describeEachDialect(title, (dialect) => {
  let stage: DemoStage;
  let pupils: readonly [Pupil, Pupil];

  before(async function () {
    this.timeout(60_000);
    stage = await startDemoStage(this, dialect, 'gar-browser-logout-');
    pupils = await pupilsOfClass6A(stage.browser, stage.urls);
  });
  after(() => stage?.close());

  it(
    '« Se déconnecter »: the logout page tells the SAML, OIDC and CAS publishers, then the next pupil '
      + 'reaches them as themselves',
    async function () {
      this.timeout(30_000);
      const { browser, broker, urls } = stage;
      const { context, page, trail, problems } = await newSeat(browser);
      const [a, b] = pupils;
      await logIn(page, urls, a);
      const openedByA = await openEach(page, urls, a);
      const journalBefore = await journal(browser, urls);
      const release = await holdFirstLogoutFrame(page, broker.url);
      await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
      await page.waitForURL(/\/logout\/run\/[\w-]+$/, { waitUntil: 'domcontentloaded' });
      assert.equal(await page.locator('h1').innerText(), 'Déconnexion en cours…');
      const turn = await page.locator('#logout-frames').getAttribute('data-wait');
      assert.equal(turn, '60', 'a turn that cannot run out in this test');
      await screenshot(page, `logout-run-page-${dialect}`);
      release();
      await page.waitForURL(urls.ent('/?info=deconnexion'));
      assert.match(await page.locator('#avis').innerText(), /déconnecté de l’ENT et des ressources ouvertes/);
      assertLogoutRan(trail, urls);
      assertInOrder(trail, [
        `page ${urls.ent('/deconnexion')}`,
        `page ${broker.url}/saml/sp/slo?SAMLRequest=`,
        `frame ${broker.url}/logout/run/`,
        `frame ${urls.publisher('/saml/slo?SAMLRequest=')}`,
        `frame ${broker.url}/saml/idp/slo?SAMLResponse=`,
        `page ${broker.url}/logout/run/`,
        `page ${urls.ent('/saml/slo?SAMLResponse=')}`,
      ]);
      await assertEachToldOf(journalBefore, openedByA);
      await logIn(page, urls, b);
      const openedByB = await openEach(page, urls, b);
      assert.notEqual(openedByB.ido, openedByA.ido, "the next pupil's pseudonym, not the previous one's");
      assert.deepEqual(problems, [], 'no error in the console');
      await context.close();
    },
  );

  it(
    "« Changer d’utilisateur sans se déconnecter »: the passive check ends the previous pupil's session and "
      + "runs its logout page before the next pupil's identity reaches each publisher",
    async function () {
      this.timeout(30_000);
      const { browser, broker, demo, urls } = stage;
      const { context, page, trail, problems } = await newSeat(browser);
      const [a, b] = pupils;
      await logIn(page, urls, a);
      const openedByA = await openEach(page, urls, a);
      const journalBefore = await journal(browser, urls);
      await page.locator('#ordinateur-partage select[name="compte"]').selectOption(b.id);
      await page.getByRole('button', { name: 'Changer d’utilisateur sans se déconnecter' }).click();
      await page.waitForURL(urls.ent('/mediacentre'));
      assert.match(await page.locator('header').innerText(), new RegExp(b.name));
      trail.length = 0;
      const passive = demo.entPassiveResponses();
      const openedByB = await openEach(page, urls, b);
      assert.ok(demo.entPassiveResponses() > passive, 'the broker asked the ENT who is logged in now');
      assert.notEqual(openedByB.ido, openedByA.ido, "the next pupil's pseudonym, not the previous one's");
      assertLogoutRan(trail, urls);
      // A's session ended (and its SAML publisher was told) before anything reached a publisher for B.
      assertInOrder(trail, [
        `page ${demo.urls['ent'] as string}saml/sso?`,
        `frame ${urls.publisher('/saml/slo?SAMLRequest=')}`,
        `page ${broker.url}/logout/run/`,
        `page ${urls.publisher(resources[0].path)}`,
      ]);
      await assertEachToldOf(journalBefore, openedByA);
      assert.deepEqual(problems, [], 'no error in the console');
      await context.close();
    },
  );

  /** Since `before`, the journal lists one logout per protocol, naming what the publisher received for that pupil. */
  async function assertEachToldOf(before: readonly string[], opened: Openings): Promise<void> {
    const { browser, urls } = stage;
    const added = await journalSince(browser, urls, before, 3);
    assertToldOf(added, opened, ['SAML 2', 'OpenID Connect', 'CAS 3']);
  }
});
