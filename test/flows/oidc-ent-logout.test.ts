/**
 * An ENT that is an OpenID Provider (oidc-provider, another library than the broker's) ends its
 * session: Back-Channel Logout 1.0 ends exactly the broker sessions opened from it, and the next
 * pupil's click gets the next pupil's identity; every hostile logout token is refused with its
 * code and ends nothing. With the passive check, `prompt=none` answered `login_required` ends the
 * old session before a normal login. Both dialects.
 */
import assert from 'node:assert/strict';
import { createOidcEntRegistry } from '../../src/store/index.js';
import { describeEachDialect } from '../support/each-dialect.js';
import { mediacentreLink, resources, startFlowBroker, type FlowBroker } from '../support/flow-broker.js';
import { hostileLogoutToken, logoutTokenAttacks } from '../support/hostile-logout-tokens.js';
import { entId, pupilId } from '../support/licensing-fixtures.js';
import { startOidcEntPeer, type OidcEntPeer } from '../support/oidc-ent-peer.js';
import { throughLogoutRun } from '../support/front-channel-logout.js';
import { postedForm, TestBrowser, type Hop } from '../support/test-browser.js';
import { definedFields } from '../../src/core/defined-fields.js';

type Told = Record<string, unknown>[];

const pupilA = pupilId('6A', 1);
const pupilB = pupilId('6A', 2);

for (const passive of [false, true]) {
  const mode = passive ? 'passive check at each click' : 'back channel';
  describeEachDialect(`flow: OIDC ENT logout (${mode})`, (dialect) => {
    let flow: FlowBroker;
    let ent: OidcEntPeer;
    before(async function () {
      this.timeout(30000);
      flow = await startFlowBroker(dialect, { publisherSlo: true, ...(passive ? { login: {} } : {}) });
      ent = await startOidcEntPeer({ redirectUri: `${flow.broker.url}/ent/oidc/callback` });
      await createOidcEntRegistry(flow.broker.store).save(
        ent.registration(entId, { scope: 'openid' }),
        'test',
        new Date(),
      );
    });
    after(async () => {
      await ent.close();
      await flow.close();
    });

    const backchannel = () => `${flow.broker.url}/ent/oidc/backchannel-logout`;
    const live = async (): Promise<number> =>
      (
        await flow.broker.store.db
          .selectFrom('broker_session')
          .select('id_hash')
          .where('revoked_at', 'is', null)
          .execute()
      ).length;

    /** Follows redirects through the broker and the OIDC ENT; stops at a page or a hop that leaves both. */
    async function browse(browser: TestBrowser, url: string, trail: string[] = []): Promise<Hop> {
      let hop = await browser.get(url);
      for (let step = 0; step < 20; step += 1) {
        if (hop.status < 300 || hop.status >= 400 || hop.location === undefined) return hop;
        const next = new URL(hop.location, trail.at(-1) ?? url).href;
        trail.push(next);
        // The broker's front-channel logout page: the caller plays it (throughLogoutRun).
        if (next.startsWith(`${flow.broker.url}/logout/run/`)) return hop;
        if (![flow.broker.url, ent.issuer].some((origin) => next.startsWith(origin))) return { ...hop, location: next };
        hop = await browser.get(next);
      }
      throw new Error(`too many redirects: ${trail.join(' → ')}`);
    }

    async function idoAtPublisherA(browser: TestBrowser): Promise<string> {
      const hop = await browser.get(await flow.publisherA.saml.getAuthorizeUrlAsync('rs', undefined, {}));
      const form = postedForm(hop.body);
      assert.ok(form, hop.body.slice(0, 300));
      const { profile } = await flow.publisherA.saml.validatePostResponseAsync({
        SAMLResponse: form.fields.SAMLResponse as string,
      });
      return String(profile?.['IDO']);
    }

    /**
     * `user` opens the maths book from the médiacentre, through any front-channel logout the broker
     * runs first (publisher A's LogoutRequests, validated by node-saml); returns the IDO publisher A
     * then receives, and the logouts it was told on the way.
     */
    async function opens(
      browser: TestBrowser,
      user: string,
      trail: string[] = [],
    ): Promise<{ ido: string; told: Told }> {
      ent.user = { accountId: user };
      let hop = await browse(browser, mediacentreLink(flow.broker.url, resources.maths), trail);
      const told: Told = [];
      while (hop.location?.startsWith('/logout/run/') === true) {
        const run = await throughLogoutRun(flow, browser, hop);
        told.push(...run.told);
        const next = run.end.location === undefined ? undefined : new URL(run.end.location, flow.broker.url).href;
        const ours = next !== undefined && [flow.broker.url, ent.issuer].some((origin) => next.startsWith(origin));
        if (ours) trail.push(next);
        hop = ours ? await browse(browser, next, trail) : { ...run.end, ...definedFields({ location: next }) };
      }
      assert.equal(hop.location, 'https://publisher-a.test/maths', `${hop.body.slice(0, 300)} ${trail.join(' → ')}`);
      return { ido: await idoAtPublisherA(browser), told };
    }

    if (!passive) {
      it(
        "the ENT's back-channel logout ends A's broker session; "
          + "B then clicks and B's IDO (never A's) reaches the publisher",
        async () => {
          const browser = new TestBrowser();
          const a = await opens(browser, pupilA);
          const before = await live();
          const delivery = await ent.logout(browser, backchannel());
          assert.equal(delivery.status, 200, delivery.body);
          assert.equal(await live(), before - 1, 'exactly one broker session ended');
          const trail: string[] = [];
          const b = await opens(browser, pupilB, trail);
          assert.ok(
            trail.some((u) => u.startsWith(ent.issuer)),
            'a new ENT login',
          );
          assert.notEqual(b.ido, a.ido);
          // The SAML publisher could not be told without a browser: it is, at this browser's next login.
          assert.equal(b.told.length, 1, "publisher A told once, on the way to B's login");
          const replayed = await fetch(backchannel(), {
            method: 'POST',
            body: new URLSearchParams({ logout_token: delivery.logoutToken }),
          });
          assert.equal(replayed.status, 400);
          assert.equal(
            ((await replayed.json()) as { error_description: string }).error_description,
            'ERR_LOGOUT_REQUEST_REPLAYED',
          );
        },
      );

      it(
        "the ENT's front-channel logout (in a frame of its page) ends the session of that sid; "
          + "the page may be framed by the ENT only; publisher A is told at B's login",
        async () => {
          const browser = new TestBrowser();
          const a = await opens(browser, pupilA);
          const session = await ent.sessionOf(browser);
          assert.ok(session);
          const before = await live();
          const query = new URLSearchParams({ iss: ent.issuer, sid: session.sid });
          const page = await browser.get(`${flow.broker.url}/ent/oidc/frontchannel-logout?${query.toString()}`);
          assert.equal(page.status, 200);
          assert.match(page.body, /déconnecté/);
          const response = await fetch(`${flow.broker.url}/ent/oidc/frontchannel-logout?${query.toString()}`);
          const policy = response.headers.get('content-security-policy') ?? '';
          assert.ok(policy.endsWith(`frame-ancestors 'self' ${new URL(ent.issuer).origin}`), policy);
          assert.equal(response.headers.get('x-frame-options'), null);
          assert.equal(await live(), before - 1);
          await ent.endSession(browser);
          const b = await opens(browser, pupilB);
          assert.notEqual(b.ido, a.ido);
          assert.equal(b.told.length, 1, "publisher A told on the way to B's login");
          const other = new URLSearchParams({ iss: 'https://other.test', sid: 'x' });
          const unknown = await browser.get(`${flow.broker.url}/ent/oidc/frontchannel-logout?${other.toString()}`);
          assert.equal(unknown.status, 400);
          assert.match(unknown.body, /ERR_OIDC_ENT_FRONT_LOGOUT_ISSUER_UNKNOWN/);
        },
      );

      it('refuses every hostile logout token with a 400 and its code, and ends nothing', async () => {
        const browser = new TestBrowser();
        await opens(browser, pupilA);
        const session = await ent.sessionOf(browser);
        assert.ok(session);
        const before = await live();
        for (const attack of logoutTokenAttacks) {
          const token = await hostileLogoutToken(ent, attack, { sub: session.accountId, sid: session.sid });
          const answer = await fetch(backchannel(), {
            method: 'POST',
            body: new URLSearchParams({ logout_token: token }),
          });
          const { error_description: code } = (await answer.json()) as { error_description: string };
          assert.equal(answer.status, 400, attack);
          assert.match(code, /^ERR_OIDC_ENT_LOGOUT_TOKEN_|^ERR_OIDC_ENT_/, attack);
          assert.equal(await live(), before, `${attack} ended nothing`);
        }
      });
    } else {
      it(
        'the ENT session ended without telling the broker: prompt=none meets login_required, '
          + "A's session ends, B logs in as B",
        async () => {
          const browser = new TestBrowser();
          const a = await opens(browser, pupilA);
          await ent.endSession(browser);
          const trail: string[] = [];
          const b = await opens(browser, pupilB, trail);
          assert.ok(
            trail.some((u) => u.includes('prompt=none')),
            'asked the ENT without any screen first',
          );
          assert.notEqual(b.ido, a.ido);
          assert.equal(b.told.length, 1, "publisher A told of A's assertion");
        },
      );

      it(
        'the ENT silently switched to B: the passive answer names B; '
          + "A's session ends and B's IDO reaches the publisher",
        async () => {
          const browser = new TestBrowser();
          const a = await opens(browser, pupilA);
          await ent.endSession(browser);
          // B logs into the ENT in this browser (the peer logs its current user in on a normal authorization).
          const b = await opens(browser, pupilB);
          assert.notEqual(b.ido, a.ido);
          assert.equal(b.told.length, 1, "publisher A told of A's assertion");
          const again = await opens(browser, pupilB);
          assert.equal(again.ido, b.ido, "B's session is kept while the ENT confirms B");
          assert.deepEqual(again.told, [], 'nothing more to tell');
        },
      );
    }
  });
}
