/**
 * OpenID Connect Back-Channel Logout 1.0 toward publishers: a client that registered a
 * `backchannel_logout_uri` and logged in through the broker is a participant of the broker
 * session, under its ID token's `sid`; the broker's logout token reaches it once and verifies
 * (jose, the broker's JWKS). RP-initiated logout sends no duplicate: what the publisher receives
 * is the broker's, one token per participant the broker took.
 */
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { cookieDigest, notifyEndedOidcSessions } from '../../src/broker/index.js';
import { attributeCodes } from '../../src/attribute-filter/index.js';
import {
  createOidcProvider,
  sendOidcBackchannelLogouts,
  type OidcProviderSettings,
} from '../../src/federation/index.js';
import { oidcPages } from '../../src/broker/index.js';
import { createOidcClientStore, createOidcPayloadStore, createSessionParticipantStore } from '../../src/store/index.js';
import { loadOrCreateKeyring, signingJwks } from '../../src/trust/index.js';
import { describeEachDialect } from '../support/each-dialect.js';
import { distributorA, resources, startFlowBroker, type FlowBroker } from '../support/flow-broker.js';
import { pupilId } from '../support/licensing-fixtures.js';
import {
  authorizationUrl,
  backchannelLogoutReceiver,
  browse,
  oidcPublisher,
  redeem,
  type BackchannelLogoutReceiver,
  type OidcPublisher,
} from '../support/oidc-publisher-peer.js';
import { TestBrowser } from '../support/test-browser.js';

const pupil = pupilId('6A', 1);
const clientId = 'editeur-a-bcl';

describeEachDialect('flow: OIDC back-channel logout toward publishers', (dialect) => {
  let flow: FlowBroker;
  let receiver: BackchannelLogoutReceiver;
  let publisher: OidcPublisher;
  let plain: OidcPublisher;
  before(async function () {
    this.timeout(30000);
    flow = await startFlowBroker(dialect);
    receiver = await backchannelLogoutReceiver({ issuer: `${flow.broker.url}/oidc`, clientId });
    publisher = await oidcPublisher(flow, {
      clientId,
      distributorId: distributorA,
      auth: 'client_secret_basic',
      backchannelLogoutUri: receiver.url,
    });
    plain = await oidcPublisher(flow, {
      clientId: 'editeur-a-sans-bcl',
      distributorId: distributorA,
      auth: 'client_secret_post',
    });
  });
  after(async () => {
    await receiver.close();
    await flow.close();
  });

  const participants = () => createSessionParticipantStore(flow.broker.store);

  /** Logged in through `client`: the broker session's hash and the client's ID token. */
  async function loggedIn(browser: TestBrowser, client: OidcPublisher) {
    const started = await authorizationUrl(client, { idRessource: resources.maths });
    const hop = await browse(flow, browser, started.url, pupil);
    assert.ok(hop.location?.startsWith(client.redirectUri), `${hop.status} ${hop.body.slice(0, 300)}`);
    const { idToken } = await redeem(client, hop.location as string, started);
    const cookie = browser.cookies.get('gar_session');
    assert.ok(cookie);
    return { sessionHash: cookieDigest(cookie), idToken };
  }

  /** Another node of the broker: its OpenID Provider on the same store and keys. */
  function brokerNode() {
    const now = new Date();
    const settings: OidcProviderSettings = {
      issuer: `${flow.broker.url}/oidc`,
      signingKeys: signingJwks(loadOrCreateKeyring(flow.config.saml.keysDir, now), now),
      cookieKeys: ['k'],
      ttlSeconds: { code: 60, accessToken: 300, idToken: 300, interaction: 600, session: 3600 },
      proxy: false,
      releaseCodes: attributeCodes,
      pages: oidcPages,
    };
    const store = flow.broker.store;
    return createOidcProvider(settings, {
      payloads: createOidcPayloadStore(store),
      clients: createOidcClientStore(store),
      now: () => new Date(),
      logger: pino({ level: 'silent' }),
    });
  }

  it("a login records the client under its ID token's sid and sub; its logout token comes once, valid", async () => {
    const { sessionHash, idToken } = await loggedIn(new TestBrowser(), publisher);
    assert.equal(typeof idToken['sid'], 'string');
    const taken = await participants().take([sessionHash], 'oidc');
    const named = taken.map((p) => (p.kind === 'oidc' ? [p.partnerId, p.subject, p.sid] : []));
    assert.deepEqual(named, [[clientId, idToken.sub, idToken['sid']]]);
    const before = receiver.received.length;
    const result = await sendOidcBackchannelLogouts(brokerNode(), taken, 2000, pino({ level: 'silent' }));
    assert.deepEqual(result, { sent: 1, failed: 0 });
    const got = receiver.received.slice(before);
    assert.equal(got.length, 1);
    const [token] = got;
    assert.ok(token?.valid, JSON.stringify(token));
    assert.equal(token.claims['sid'], idToken['sid']);
    assert.equal(token.claims.sub, idToken.sub);
    assert.deepEqual(await participants().take([sessionHash], 'oidc'), [], 'told once');
  });

  it('a client without a back-channel logout URI is no participant, and its ID token has no sid', async () => {
    const { sessionHash, idToken } = await loggedIn(new TestBrowser(), plain);
    assert.equal(idToken['sid'], undefined);
    assert.equal(await participants().pending(sessionHash, 'oidc'), false);
  });

  it("RP-initiated logout: no token of oidc-provider's own, one per participant the broker took", async () => {
    const browser = new TestBrowser();
    const { sessionHash, idToken } = await loggedIn(browser, publisher);
    assert.equal(await participants().pending(sessionHash, 'oidc'), true);
    const page = await browser.get(`${flow.broker.url}/oidc/session/end?client_id=${clientId}`);
    const form = /id="op\.logoutForm" method="post" action="([^"]+)">.*?name="xsrf" value="([^"]+)"/.exec(page.body);
    assert.ok(form, page.body.slice(0, 500));
    const before = receiver.received.length;
    const action = new URL(form[1] as string, flow.broker.url).href;
    const confirmed = await browser.post(action, { xsrf: form[2] as string, logout: 'yes' });
    assert.equal(confirmed.status, 303, confirmed.body.slice(0, 300));
    // The broker took its participant from the store and told it; anything more would be a duplicate.
    assert.equal(await participants().pending(sessionHash, 'oidc'), false, 'the participant was taken');
    await receiver.waitFor(before + 1);
    await new Promise((done) => setTimeout(done, 300));
    const got = receiver.received.slice(before);
    assert.equal(got.length, 1);
    for (const token of got) {
      assert.ok(token.valid, JSON.stringify(token));
      assert.equal(token.claims['sid'], idToken['sid']);
    }
  });

  it(
    'a session that expires: the check of ended sessions tells its client once, ' + "a live session's client never",
    async () => {
      const expired = await loggedIn(new TestBrowser(), publisher);
      const live = await loggedIn(new TestBrowser(), publisher);
      await flow.broker.store.db
        .updateTable('broker_session')
        .set({ idle_expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('id_hash', '=', expired.sessionHash)
        .execute();
      const node = brokerNode();
      const deps = {
        participants: participants(),
        oidcBackchannel: async (taken: Parameters<typeof sendOidcBackchannelLogouts>[1]) => {
          await sendOidcBackchannelLogouts(node, taken, 2000, pino({ level: 'silent' }));
        },
      };
      const ctx = { now: new Date(), log: pino({ level: 'silent' }) };
      const before = receiver.received.length;
      assert.equal(await notifyEndedOidcSessions(deps, ctx), 1);
      assert.equal(await notifyEndedOidcSessions(deps, ctx), 0, 'a second run tells no one');
      const got = receiver.received.slice(before);
      assert.deepEqual(
        got.map((t) => (t.valid ? t.claims['sid'] : t.error)),
        [expired.idToken['sid']],
      );
      assert.equal(await participants().pending(live.sessionHash, 'oidc'), true, 'the live session keeps its client');
    },
  );
});
