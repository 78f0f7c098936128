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
import type { BrowserContext, Page } from 'playwright-core';
import { createOidcEntRegistry } from '../../src/store/index.js';
import { demoEntId } from '../../examples/demo-catalogue.js';
import {
  assertInOrder,
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
  type Pupil,
} from '../support/demo-seat.js';
import { describeEachDialect } from '../support/each-dialect.js';
import { screenshot } from '../support/headless-chromium.js';
import { startOidcEntPeer, type OidcEntPeer } from '../support/oidc-ent-peer.js';
import { TestBrowser } from '../support/test-browser.js';

const title = "the shared computer in chromium, OIDC ENT: its back-channel logout never hands A's identity to B";

describeEachDialect(title, (dialect) => {
  let stage: DemoStage;
  let peer: OidcEntPeer;
  let pupils: readonly [Pupil, Pupil];

  before(async function () {
    this.timeout(60_000);
    // The peer is an http issuer on 127.0.0.1.
    stage = await startDemoStage(this, dialect, 'gar-browser-oidc-ent-', (demoConfig) => ({
      ...demoConfig,
      oidc: { ...demoConfig.oidc, allowInsecureHttp: true },
    }));
    peer = await startOidcEntPeer({ redirectUri: `${stage.broker.url}/ent/oidc/callback` });
    // From now on the demo ENT project logs in through the peer, not through the demo ENT's SAML IdP.
    await createOidcEntRegistry(stage.broker.store).save(
      peer.registration(demoEntId, { scope: 'openid' }),
      'test',
      new Date(),
    );
    pupils = await pupilsOfClass6A(stage.browser, stage.urls);
  });
  after(async () => {
    await peer?.close();
    await stage?.close();
  });

  it(
    "the ENT's back-channel logout tells the OIDC and CAS publishers at once; B's login runs the logout page "
      + "for the SAML publisher, then B's identity (never A's) reaches each publisher",
    async function () {
      this.timeout(45_000);
      const entLogins = peer.logins;
      const { browser, broker, urls } = stage;
      const { context, page, trail, problems } = await newSeat(browser);
      const [a, b] = pupils;
      await logInThroughPeer(page, a);
      const openedByA = await openEach(page, urls, a);
      assert.ok(
        trail.some((hop) => hop.startsWith(`page ${peer.issuer}/auth?`)),
        `the OIDC ENT logged A in:\n${trail}`,
      );
      assert.equal(peer.logins, entLogins + 1, 'one login at the OIDC ENT, then the broker session');

      // The ENT ends A's session (its page, and its OpenID Provider's session), then its back channel.
      const journalBefore = await journal(browser, urls);
      const ended = await endPeerSession(context);
      assert.equal(ended.accountId, a.id);
      const [session, ...others] = await liveSessions();
      assert.ok(session?.ent_sid != null && others.length === 0, "A's broker session, bound to an ENT session");
      // The broker read the ENT's user id from `sub`; its session keeps the `sid` of the ENT's ID token.
      assert.deepEqual({ sub: session.person_id, sid: session.ent_sid }, { sub: a.id, sid: ended.sid });
      const logoutToken = await peer.logoutToken({ sub: session.person_id, sid: session.ent_sid });
      const delivered = await fetch(`${broker.url}/ent/oidc/backchannel-logout`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ logout_token: logoutToken }),
      });
      assert.equal(delivered.status, 200, await delivered.text());
      assert.deepEqual(await liveSessions(), [], "A's broker session ended");
      const toldAtOnce = await journalSince(browser, urls, journalBefore, 2);
      assertToldOf(toldAtOnce, openedByA, ['OpenID Connect', 'CAS 3']);
      assert.ok(!toldAtOnce.some((row) => row.includes('SAML 2')), `no browser, no SAML logout yet:\n${toldAtOnce}`);
      await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
      await page.waitForURL(urls.ent('/?info=deconnexion-ent'));

      // B logs in on the same page (and so at the peer): A's ended session still has its SAML publisher to tell.
      await logInThroughPeer(page, b);
      trail.length = 0;
      const release = await holdFirstLogoutFrame(page, broker.url);
      const openedByB = await openEach(page, urls, b, async () => {
        await page.waitForURL(/\/logout\/run\/[\w-]+$/, { waitUntil: 'domcontentloaded' });
        assert.equal(await page.locator('h1').innerText(), 'Déconnexion en cours…');
        await screenshot(page, `oidc-ent-backchannel-logout-run-${dialect}`);
        release();
      });
      assert.notEqual(openedByB.ido, openedByA.ido, "the next pupil's pseudonym, not the previous one's");
      assert.equal(peer.logins, entLogins + 2, 'B logged in at the OIDC ENT');
      assertInOrder(trail, [
        `page ${peer.issuer}/auth?`,
        `page ${broker.url}/ent/oidc/callback?`,
        `page ${broker.url}/logout/run/`,
        `frame ${broker.url}/logout/run/`,
        `frame ${urls.publisher('/saml/slo?SAMLRequest=')}`,
        `frame ${broker.url}/saml/idp/slo?SAMLResponse=`,
        `page ${broker.url}/logout/run/`,
        `page ${urls.publisher(resources[0].path)}`,
      ]);
      const toldLater = await journalSince(browser, urls, journalBefore, 3);
      assertToldOf(toldLater.slice(0, 1), openedByA, ['SAML 2']);
      assert.equal((await liveSessions()).map((s) => s.person_id).join(), b.id, "only B's broker session is live");
      assert.deepEqual(problems, [], 'no error in the console');
      await context.close();
    },
  );

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
    return stage.broker.store.db
      .selectFrom('broker_session')
      .select(['person_id', 'ent_sid'])
      .where('ent_id', '=', demoEntId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  // ---- the pupils' clicks

  /** « Se connecter avec ce compte » at the demo ENT; the peer logs the same pupil in. */
  async function logInThroughPeer(page: Page, pupil: Pupil): Promise<void> {
    peer.user = { accountId: pupil.id };
    await logIn(page, stage.urls, pupil);
  }
});
