/**
 * Upstream OIDC against a real OpenID Provider (oidc-provider, test/support/oidc-ent-peer.ts):
 * request → the provider's redirects → callback → the same UpstreamIdentity as SAML's.
 */
import assert from 'node:assert/strict';
import {
  createOidcEntLogins,
  type EntLoginMode,
  type OidcEntLogins,
  type OidcEntRegistration,
} from '../../src/idp-bridge/index.js';
import { browseToCallback, memoryOidcEntRegistry, testOidcSettings } from '../support/oidc-ent-login.js';
import { startOidcEntPeer, type OidcEntPeer } from '../support/oidc-ent-peer.js';
import { TestBrowser } from '../support/test-browser.js';
import { rejectedCode } from '../support/thrown-code.js';

describe('upstream OIDC login against oidc-provider (idp-bridge createOidcEntLogins)', function () {
  this.timeout(20_000);
  let peer: OidcEntPeer;
  before(async () => {
    peer = await startOidcEntPeer({ redirectUri: testOidcSettings().redirectUri });
  });
  after(() => peer.close());

  const loginsWith = (...overrides: Partial<OidcEntRegistration>[]): OidcEntLogins =>
    createOidcEntLogins(
      memoryOidcEntRegistry(...overrides.map((o, i) => peer.registration(i === 0 ? 'ENTOIDC' : `ENT${i}`, o))),
      testOidcSettings(),
    );

  async function login(logins: OidcEntLogins, browser = new TestBrowser(), mode: EntLoginMode = 'normal') {
    const request = await logins.request('ENTOIDC', new Date(), mode);
    assert.ok(request !== undefined);
    const callback = await browseToCallback(request.redirectUrl, browser);
    return { request, callback, verified: await logins.verify('ENTOIDC', callback, request.secret, new Date()) };
  }

  it('logs a user in: ENT user id = the sub by default, issuer = the provider, authnInstant = auth_time', async () => {
    peer.user = { accountId: 'eleve-42' };
    const before = Math.floor(Date.now() / 1000) * 1000;
    const { verified, request } = await login(loginsWith({}));
    assert.equal(verified.identity.entId, 'ENTOIDC');
    assert.equal(verified.identity.entUserId, 'eleve-42');
    assert.equal(verified.identity.issuer, peer.issuer);
    assert.ok(
      verified.identity.authnInstant.getTime() >= before && verified.identity.authnInstant.getTime() <= Date.now(),
    );
    assert.match(verified.replayKey, /^oidc:http:\/\/127\.0\.0\.1:\d+#[A-Za-z0-9_-]{43}$/);
    assert.ok(verified.usableUntil.getTime() > Date.now() + 600_000);
    assert.ok(!request.secret.includes(verified.identity.entUserId));
  });

  it("sends PKCE S256, a 256-bit state and nonce, the registration's scope and the broker's callback", async () => {
    const request = await loginsWith({}).request('ENTOIDC', new Date());
    const url = new URL(request?.redirectUrl ?? '');
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.match(url.searchParams.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.equal(url.searchParams.get('state'), request?.requestId);
    assert.match(request?.requestId ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.match(url.searchParams.get('nonce') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.equal(url.searchParams.get('scope'), 'openid ent');
    assert.equal(url.searchParams.get('redirect_uri'), testOidcSettings().redirectUri);
    assert.equal(url.searchParams.get('prompt'), null);
    assert.ok(
      !(request?.secret ?? '').includes(url.searchParams.get('code_challenge') ?? '-'),
      'the verifier, not the challenge, is kept',
    );
  });

  it('takes the ENT user id from the configured claim of the ID token', async () => {
    peer.user = { accountId: 'opaque-sub-1', claims: { gar_person_id: 'P-0001' } };
    const { verified } = await login(loginsWith({ userIdClaim: 'gar_person_id' }));
    assert.equal(verified.identity.entUserId, 'P-0001');
  });

  it('takes the ENT user id from userinfo when the registration says so (a claim the ID token lacks)', async () => {
    peer.user = {
      accountId: 'opaque-sub-2',
      claims: { ent_uid: 'in-id-token' },
      userinfoOnly: { gar_person_id: 'P-0002' },
    };
    const { verified } = await login(loginsWith({ userIdClaim: 'gar_person_id', useUserinfo: true }));
    assert.equal(verified.identity.entUserId, 'P-0002');
  });

  it('refuses a login whose configured claim is absent from the ID token (ERR_OIDC_ENT_USER_ID_MISSING)', async () => {
    peer.user = { accountId: 'opaque-sub-3', userinfoOnly: { gar_person_id: 'only-in-userinfo' } };
    const logins = loginsWith({ userIdClaim: 'gar_person_id' });
    const request = await logins.request('ENTOIDC', new Date());
    const callback = await browseToCallback(request?.redirectUrl ?? '');
    assert.equal(
      await rejectedCode(logins.verify('ENTOIDC', callback, request?.secret ?? '', new Date())),
      'ERR_OIDC_ENT_USER_ID_MISSING',
    );
  });

  it('refuses a code used twice: the provider says invalid_grant (ERR_OIDC_ENT_CODE_REFUSED)', async () => {
    peer.user = { accountId: 'eleve-43' };
    const logins = loginsWith({});
    const { request, callback } = await login(logins);
    assert.equal(
      await rejectedCode(logins.verify('ENTOIDC', callback, request.secret, new Date())),
      'ERR_OIDC_ENT_CODE_REFUSED',
    );
  });

  it('refuses the answer to another login of the same browser: its state (ERR_OIDC_ENT_STATE_MISMATCH)', async () => {
    const logins = loginsWith({});
    const browser = new TestBrowser();
    const first = await logins.request('ENTOIDC', new Date());
    const second = await logins.request('ENTOIDC', new Date());
    const callback = await browseToCallback(first?.redirectUrl ?? '', browser);
    assert.equal(
      await rejectedCode(logins.verify('ENTOIDC', callback, second?.secret ?? '', new Date())),
      'ERR_OIDC_ENT_STATE_MISMATCH',
    );
  });

  it('asks the provider to log the user in again in force mode (prompt=login), even with a session there', async () => {
    peer.user = { accountId: 'eleve-44' };
    const logins = loginsWith({});
    const browser = new TestBrowser();
    await login(logins, browser);
    const loginsBefore = peer.logins;
    await login(logins, browser);
    assert.equal(peer.logins, loginsBefore, "the provider's session answers without a new login");
    const { verified } = await login(logins, browser, 'force');
    assert.equal(peer.logins, loginsBefore + 1);
    assert.equal(verified.identity.entUserId, 'eleve-44');
  });

  it("puts the provider session's sid in the identity: the same for each login of that session", async () => {
    peer.user = { accountId: 'eleve-45' };
    const logins = loginsWith({});
    const browser = new TestBrowser();
    const first = (await login(logins, browser)).verified.identity.entSession?.sid;
    assert.match(first ?? '', /^.{8,255}$/);
    assert.equal((await peer.sessionOf(browser))?.sid, first, "the peer's own record of the session");
    assert.equal((await login(logins, browser)).verified.identity.entSession?.sid, first);
    const forced = await login(logins, browser, 'force');
    assert.equal(forced.verified.identity.entSession?.sid, first, 'a new login, same session');
    assert.notEqual((await login(logins, new TestBrowser())).verified.identity.entSession?.sid, first);
  });

  it("in passive mode sends prompt=none, and the provider's session answers without a login", async () => {
    peer.user = { accountId: 'eleve-46' };
    const logins = loginsWith({});
    const browser = new TestBrowser();
    const active = await login(logins, browser);
    const request = await logins.request('ENTOIDC', new Date(), 'passive');
    assert.equal(new URL(request?.redirectUrl ?? '').searchParams.get('prompt'), 'none');
    const loginsBefore = peer.logins;
    const passive = await login(logins, browser, 'passive');
    assert.equal(peer.logins, loginsBefore, 'no login page');
    assert.equal(passive.verified.identity.entUserId, 'eleve-46');
    assert.equal(passive.verified.identity.entSession?.sid, active.verified.identity.entSession?.sid);
  });

  it('in passive mode, a browser without a provider session gets login_required: ERR_OIDC_ENT_NO_SESSION', async () => {
    const logins = loginsWith({});
    const request = await logins.request('ENTOIDC', new Date(), 'passive');
    const callback = await browseToCallback(request?.redirectUrl ?? '');
    assert.equal(callback.searchParams.get('error'), 'login_required');
    const verifying = logins.verify('ENTOIDC', callback, request?.secret ?? '', new Date());
    assert.equal(await rejectedCode(verifying), 'ERR_OIDC_ENT_NO_SESSION');
  });

  it('in passive mode, after the user logged out at the provider: ERR_OIDC_ENT_NO_SESSION', async () => {
    peer.user = { accountId: 'eleve-47' };
    const logins = loginsWith({});
    const browser = new TestBrowser();
    await login(logins, browser);
    const ended = await peer.endSession(browser);
    assert.equal(ended.accountId, 'eleve-47');
    assert.equal(await peer.sessionOf(browser), undefined);
    const request = await logins.request('ENTOIDC', new Date(), 'passive');
    const callback = await browseToCallback(request?.redirectUrl ?? '', browser);
    const verifying = logins.verify('ENTOIDC', callback, request?.secret ?? '', new Date());
    assert.equal(await rejectedCode(verifying), 'ERR_OIDC_ENT_NO_SESSION');
  });

  it('says which ENT projects log in through OIDC, and undefined for one that does not', async () => {
    const logins = loginsWith({}, {});
    assert.deepEqual([...(await logins.ents())].sort(), ['ENT1', 'ENTOIDC']);
    assert.ok((await logins.request('ENTOIDC', new Date()))?.redirectUrl.startsWith(`${peer.issuer}/`));
    assert.equal(await logins.request('SAMLENT', new Date()), undefined);
  });

  it('refuses a provider whose discovery names another issuer than registered (ERR_OIDC_ENT_DISCOVERY)', async () => {
    const logins = loginsWith({ issuer: `${peer.issuer}/` });
    assert.equal(await rejectedCode(logins.request('ENTOIDC', new Date())), 'ERR_OIDC_ENT_DISCOVERY');
  });

  it('refuses an http provider unless plain http is allowed (ERR_OIDC_ENT_DISCOVERY)', async () => {
    const logins = createOidcEntLogins(
      memoryOidcEntRegistry(peer.registration('ENTOIDC')),
      testOidcSettings({ allowInsecureHttp: false }),
    );
    assert.equal(await rejectedCode(logins.request('ENTOIDC', new Date())), 'ERR_OIDC_ENT_DISCOVERY');
  });
});
