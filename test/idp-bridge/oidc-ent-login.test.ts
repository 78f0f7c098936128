/**
 * Upstream OIDC against a real OpenID Provider (oidc-provider, test/support/oidc-ent-peer.ts):
 * request → the provider's redirects → callback → the same UpstreamIdentity as SAML's.
 */
import assert from 'node:assert/strict';
import {
  createOidcUpstream, oidcEntOf, oidcEnts, requestOidcEntAuthentication, verifyOidcEntCallback, type EntLoginMode,
  type OidcEntRegistration, type OidcUpstream,
} from '../../src/idp-bridge/index.js';
import { browseToCallback, memoryOidcEntRegistry, testOidcSettings } from '../support/oidc-ent-login.js';
import { startOidcEntPeer, type OidcEntPeer } from '../support/oidc-ent-peer.js';
import { TestBrowser } from '../support/test-browser.js';
import { rejectedCode } from '../support/thrown-code.js';

describe('upstream OIDC login against oidc-provider', function () {
  this.timeout(20_000);
  let peer: OidcEntPeer;
  before(async () => {
    peer = await startOidcEntPeer({ redirectUri: testOidcSettings().redirectUri });
  });
  after(() => peer.close());

  const upstreamWith = (...overrides: Partial<OidcEntRegistration>[]): OidcUpstream =>
    createOidcUpstream(memoryOidcEntRegistry(...overrides.map((o, i) => peer.registration(i === 0 ? 'ENTOIDC' : `ENT${i}`, o))), testOidcSettings());

  async function login(upstream: OidcUpstream, browser = new TestBrowser(), mode: EntLoginMode = 'normal') {
    const request = await requestOidcEntAuthentication(upstream, 'ENTOIDC', new Date(), { mode });
    assert.ok(request !== undefined);
    const callback = await browseToCallback(request.redirectUrl, browser);
    return { request, callback, verified: await verifyOidcEntCallback(upstream, 'ENTOIDC', callback, request.secret, new Date()) };
  }

  it('logs a user in: the ENT user id is the sub by default, the issuer the provider, authnInstant the auth_time', async () => {
    peer.user = { accountId: 'eleve-42' };
    const before = Math.floor(Date.now() / 1000) * 1000;
    const { verified, request } = await login(upstreamWith({}));
    assert.equal(verified.identity.entId, 'ENTOIDC');
    assert.equal(verified.identity.entUserId, 'eleve-42');
    assert.equal(verified.identity.issuer, peer.issuer);
    assert.ok(verified.identity.authnInstant.getTime() >= before && verified.identity.authnInstant.getTime() <= Date.now());
    assert.match(verified.replayKey, /^oidc:http:\/\/127\.0\.0\.1:\d+#[A-Za-z0-9_-]{43}$/);
    assert.ok(verified.usableUntil.getTime() > Date.now() + 600_000);
    assert.ok(!request.secret.includes(verified.identity.entUserId));
  });

  it('sends PKCE S256, a state and a nonce of 256 bits, the registration\'s scope and the broker\'s callback', async () => {
    const request = await requestOidcEntAuthentication(upstreamWith({}), 'ENTOIDC', new Date());
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
    assert.ok(!(request?.secret ?? '').includes(url.searchParams.get('code_challenge') ?? '-'), 'the verifier, not the challenge, is kept');
  });

  it('takes the ENT user id from the configured claim of the ID token', async () => {
    peer.user = { accountId: 'opaque-sub-1', claims: { gar_person_id: 'P-0001' } };
    const { verified } = await login(upstreamWith({ userIdClaim: 'gar_person_id' }));
    assert.equal(verified.identity.entUserId, 'P-0001');
  });

  it('takes the ENT user id from userinfo when the registration says so (a claim the ID token does not carry)', async () => {
    peer.user = { accountId: 'opaque-sub-2', claims: { ent_uid: 'in-id-token' }, userinfoOnly: { gar_person_id: 'P-0002' } };
    const { verified } = await login(upstreamWith({ userIdClaim: 'gar_person_id', useUserinfo: true }));
    assert.equal(verified.identity.entUserId, 'P-0002');
  });

  it('refuses a login whose configured claim is absent from the ID token (ERR_OIDC_ENT_USER_ID_MISSING)', async () => {
    peer.user = { accountId: 'opaque-sub-3', userinfoOnly: { gar_person_id: 'only-in-userinfo' } };
    const upstream = upstreamWith({ userIdClaim: 'gar_person_id' });
    const request = await requestOidcEntAuthentication(upstream, 'ENTOIDC', new Date());
    const callback = await browseToCallback(request?.redirectUrl ?? '');
    assert.equal(await rejectedCode(verifyOidcEntCallback(upstream, 'ENTOIDC', callback, request?.secret ?? '', new Date())), 'ERR_OIDC_ENT_USER_ID_MISSING');
  });

  it('refuses a code used twice: the provider says invalid_grant (ERR_OIDC_ENT_CODE_REFUSED)', async () => {
    peer.user = { accountId: 'eleve-43' };
    const upstream = upstreamWith({});
    const { request, callback } = await login(upstream);
    assert.equal(await rejectedCode(verifyOidcEntCallback(upstream, 'ENTOIDC', callback, request.secret, new Date())), 'ERR_OIDC_ENT_CODE_REFUSED');
  });

  it('refuses the answer to another login of the same browser: its state (ERR_OIDC_ENT_STATE_MISMATCH)', async () => {
    const upstream = upstreamWith({});
    const browser = new TestBrowser();
    const first = await requestOidcEntAuthentication(upstream, 'ENTOIDC', new Date());
    const second = await requestOidcEntAuthentication(upstream, 'ENTOIDC', new Date());
    const callback = await browseToCallback(first?.redirectUrl ?? '', browser);
    assert.equal(await rejectedCode(verifyOidcEntCallback(upstream, 'ENTOIDC', callback, second?.secret ?? '', new Date())), 'ERR_OIDC_ENT_STATE_MISMATCH');
  });

  it('asks the provider to log the user in again in force mode (prompt=login), even with a session there', async () => {
    peer.user = { accountId: 'eleve-44' };
    const upstream = upstreamWith({});
    const browser = new TestBrowser();
    await login(upstream, browser);
    const loginsBefore = peer.logins;
    await login(upstream, browser);
    assert.equal(peer.logins, loginsBefore, 'the provider\'s session answers without a new login');
    const { verified } = await login(upstream, browser, 'force');
    assert.equal(peer.logins, loginsBefore + 1);
    assert.equal(verified.identity.entUserId, 'eleve-44');
  });

  it('puts the provider session\'s sid in the identity: the same for each login of that session', async () => {
    peer.user = { accountId: 'eleve-45' };
    const upstream = upstreamWith({});
    const browser = new TestBrowser();
    const first = (await login(upstream, browser)).verified.identity.entSession?.sid;
    assert.match(first ?? '', /^.{8,255}$/);
    assert.equal((await peer.sessionOf(browser))?.sid, first, 'the peer\'s own record of the session');
    assert.equal((await login(upstream, browser)).verified.identity.entSession?.sid, first);
    const forced = await login(upstream, browser, 'force');
    assert.equal(forced.verified.identity.entSession?.sid, first, 'a new login, same session');
    assert.notEqual((await login(upstream, new TestBrowser())).verified.identity.entSession?.sid, first);
  });

  it('in passive mode sends prompt=none, and the provider\'s session answers without a login', async () => {
    peer.user = { accountId: 'eleve-46' };
    const upstream = upstreamWith({});
    const browser = new TestBrowser();
    const active = await login(upstream, browser);
    const request = await requestOidcEntAuthentication(upstream, 'ENTOIDC', new Date(), { mode: 'passive' });
    assert.equal(new URL(request?.redirectUrl ?? '').searchParams.get('prompt'), 'none');
    const loginsBefore = peer.logins;
    const passive = await login(upstream, browser, 'passive');
    assert.equal(peer.logins, loginsBefore, 'no login page');
    assert.equal(passive.verified.identity.entUserId, 'eleve-46');
    assert.equal(passive.verified.identity.entSession?.sid, active.verified.identity.entSession?.sid);
  });

  it('in passive mode, a browser without a provider session gets login_required: ERR_OIDC_ENT_NO_SESSION', async () => {
    const upstream = upstreamWith({});
    const request = await requestOidcEntAuthentication(upstream, 'ENTOIDC', new Date(), { mode: 'passive' });
    const callback = await browseToCallback(request?.redirectUrl ?? '');
    assert.equal(callback.searchParams.get('error'), 'login_required');
    const verifying = verifyOidcEntCallback(upstream, 'ENTOIDC', callback, request?.secret ?? '', new Date());
    assert.equal(await rejectedCode(verifying), 'ERR_OIDC_ENT_NO_SESSION');
  });

  it('in passive mode, after the user logged out at the provider: ERR_OIDC_ENT_NO_SESSION', async () => {
    peer.user = { accountId: 'eleve-47' };
    const upstream = upstreamWith({});
    const browser = new TestBrowser();
    await login(upstream, browser);
    const ended = await peer.endSession(browser);
    assert.equal(ended.accountId, 'eleve-47');
    assert.equal(await peer.sessionOf(browser), undefined);
    const request = await requestOidcEntAuthentication(upstream, 'ENTOIDC', new Date(), { mode: 'passive' });
    const callback = await browseToCallback(request?.redirectUrl ?? '', browser);
    const verifying = verifyOidcEntCallback(upstream, 'ENTOIDC', callback, request?.secret ?? '', new Date());
    assert.equal(await rejectedCode(verifying), 'ERR_OIDC_ENT_NO_SESSION');
  });

  it('says which ENT projects log in through OIDC, and undefined for one that does not', async () => {
    const upstream = upstreamWith({}, {});
    assert.deepEqual([...await oidcEnts(upstream)].sort(), ['ENT1', 'ENTOIDC']);
    assert.equal((await oidcEntOf(upstream, 'ENTOIDC'))?.issuer, peer.issuer);
    assert.equal(await oidcEntOf(upstream, 'SAMLENT'), undefined);
    assert.equal(await requestOidcEntAuthentication(upstream, 'SAMLENT', new Date()), undefined);
  });

  it('refuses a provider whose discovery names another issuer than the registered one (ERR_OIDC_ENT_DISCOVERY)', async () => {
    const upstream = upstreamWith({ issuer: `${peer.issuer}/` });
    assert.equal(await rejectedCode(requestOidcEntAuthentication(upstream, 'ENTOIDC', new Date())), 'ERR_OIDC_ENT_DISCOVERY');
  });

  it('refuses an http provider unless plain http is allowed (ERR_OIDC_ENT_DISCOVERY)', async () => {
    const upstream = createOidcUpstream(memoryOidcEntRegistry(peer.registration('ENTOIDC')), testOidcSettings({ allowInsecureHttp: false }));
    assert.equal(await rejectedCode(requestOidcEntAuthentication(upstream, 'ENTOIDC', new Date())), 'ERR_OIDC_ENT_DISCOVERY');
  });
});
