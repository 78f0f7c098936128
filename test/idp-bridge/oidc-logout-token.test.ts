/**
 * Back-Channel Logout 1.0, the broker's side (verifyOidcLogoutToken), against a real OpenID
 * Provider (oidc-provider, test/support/oidc-ent-peer.ts): its own logout tokens are accepted and
 * name the session its ID tokens named; each hostile token (test/support/hostile-logout-tokens.ts,
 * named by its attack) is refused with its own code.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { decodeProtectedHeader } from 'jose';
import {
  createOidcUpstream, requestOidcEntAuthentication, verifyOidcEntCallback, verifyOidcLogoutToken,
  type OidcEntRegistration, type OidcUpstream,
} from '../../src/idp-bridge/index.js';
import { hostileLogoutToken, logoutClaims, type LogoutTokenAttack } from '../support/hostile-logout-tokens.js';
import { browseToCallback, memoryOidcEntRegistry, testOidcSettings } from '../support/oidc-ent-login.js';
import { startOidcEntPeer, type OidcEntPeer } from '../support/oidc-ent-peer.js';
import { TestBrowser } from '../support/test-browser.js';
import { rejectedCode } from '../support/thrown-code.js';

describe('verifyOidcLogoutToken: back-channel logout tokens of an ENT provider', function () {
  this.timeout(20_000);
  let peer: OidcEntPeer;
  let other: OidcEntPeer;
  before(async () => {
    peer = await startOidcEntPeer({ redirectUri: testOidcSettings().redirectUri });
    other = await startOidcEntPeer({ redirectUri: testOidcSettings().redirectUri });
  });
  after(async () => {
    await peer.close();
    await other.close();
  });

  const upstreamWith = (...registrations: OidcEntRegistration[]): OidcUpstream =>
    createOidcUpstream(memoryOidcEntRegistry(...registrations), testOidcSettings());
  const about = { sub: 'eleve-1', sid: 'peer-session-1' };

  it('accepts the provider\'s own logout token: the ENT, its session and user, its jti, and how long to remember it', async () => {
    const upstream = upstreamWith(peer.registration('ENTOIDC'), other.registration('OTHER'));
    const before = Date.now();
    const token = await peer.logoutToken(about);
    assert.equal(decodeProtectedHeader(token).typ, 'logout+jwt');
    const verified = await verifyOidcLogoutToken(upstream, token, new Date());
    assert.equal(verified.entId, 'ENTOIDC');
    assert.deepEqual(verified.entIds, ['ENTOIDC']);
    assert.equal(verified.issuer, peer.issuer);
    assert.equal(verified.sid, 'peer-session-1');
    assert.equal(verified.sub, 'eleve-1');
    assert.equal(verified.entUserId, 'eleve-1', 'the registration takes the user id from sub');
    assert.match(verified.jti, /^.{8,}$/);
    assert.ok(Math.abs(verified.iat.getTime() - before) < 5000);
    // oidc-provider's tokens expire after 120 s: the replay-cache entry lives as long, plus the skew.
    assert.equal(verified.usableUntil.getTime(), verified.iat.getTime() + (120 + 60) * 1000);
  });

  it('names the session of the login: the sid of the ID token the broker received, ended by the user\'s logout', async () => {
    peer.user = { accountId: 'eleve-2' };
    const upstream = upstreamWith(peer.registration('ENTOIDC'));
    const browser = new TestBrowser();
    const request = await requestOidcEntAuthentication(upstream, 'ENTOIDC', new Date());
    const callback = await browseToCallback(request?.redirectUrl ?? '', browser);
    const { identity } = await verifyOidcEntCallback(upstream, 'ENTOIDC', callback, request?.secret ?? '', new Date());
    const received: string[] = [];
    const receiver = await listen(async (form) => {
      received.push(form.get('logout_token') ?? '');
      return 200;
    });
    try {
      const delivery = await peer.logout(browser, receiver.url);
      assert.equal(delivery.status, 200);
      assert.deepEqual(received, [delivery.logoutToken]);
      const verified = await verifyOidcLogoutToken(upstream, delivery.logoutToken, new Date());
      assert.equal(verified.sid, identity.entSession?.sid);
      assert.equal(verified.sub, 'eleve-2');
      assert.equal(await peer.sessionOf(browser), undefined, 'the peer session is over');
    } finally {
      await receiver.close();
    }
  });

  it('accepts a token with sid only, or sub only; entUserId only when the user id is the sub', async () => {
    const upstream = upstreamWith(peer.registration('ENTOIDC', { userIdClaim: 'gar_person_id' }));
    const signed = (claims: object) => peer.sign({ ...claims }, { typ: 'logout+jwt' });
    const sidOnly = await verifyOidcLogoutToken(upstream, await signed(logoutClaims(peer, { sid: 's-1' })), new Date());
    assert.deepEqual([sidOnly.sid, sidOnly.sub, sidOnly.entUserId], ['s-1', undefined, undefined]);
    const subOnly = await verifyOidcLogoutToken(upstream, await signed(logoutClaims(peer, { sub: 'u-1' })), new Date());
    assert.deepEqual([subOnly.sid, subOnly.sub, subOnly.entUserId], [undefined, 'u-1', undefined]);
  });

  it('accepts a token without typ or exp, remembered until 5 minutes after iat (plus the skew)', async () => {
    const upstream = upstreamWith(peer.registration('ENTOIDC'));
    const { exp: _exp, ...claims } = logoutClaims(peer, about);
    const verified = await verifyOidcLogoutToken(upstream, await peer.sign(claims), new Date());
    assert.equal(verified.usableUntil.getTime(), ((claims.iat as number) + 300 + 60) * 1000);
  });

  it('gives the issuer and jti of a replayed token again, for the broker\'s replay cache to refuse the second', async () => {
    const upstream = upstreamWith(peer.registration('ENTOIDC'));
    const token = await peer.logoutToken(about);
    const first = await verifyOidcLogoutToken(upstream, token, new Date());
    const second = await verifyOidcLogoutToken(upstream, token, new Date());
    assert.deepEqual([second.issuer, second.jti], [first.issuer, first.jti]);
    const sameJti = await peer.sign({ ...logoutClaims(peer, about), jti: first.jti }, { typ: 'logout+jwt' });
    assert.equal((await verifyOidcLogoutToken(upstream, sameJti, new Date())).jti, first.jti, 'another token, same jti');
  });

  it('is for every ENT project registered with the same provider and client; entUserId only if all take the sub', async () => {
    const upstream = upstreamWith(peer.registration('ENT-A'), other.registration('OTHER'), peer.registration('ENT-B'));
    const verified = await verifyOidcLogoutToken(upstream, await peer.logoutToken(about), new Date());
    assert.deepEqual(verified.entIds, ['ENT-A', 'ENT-B']);
    const mixed = upstreamWith(peer.registration('ENT-A'), peer.registration('ENT-B', { userIdClaim: 'gar_person_id' }));
    assert.equal((await verifyOidcLogoutToken(mixed, await peer.logoutToken(about), new Date())).entUserId, undefined);
    const otherClient = upstreamWith(peer.registration('ENT-A'), peer.registration('ENT-C', { clientId: 'another-client' }));
    assert.deepEqual((await verifyOidcLogoutToken(otherClient, await peer.logoutToken(about), new Date())).entIds, ['ENT-A']);
  });

  const attacks: readonly [LogoutTokenAttack, string][] = [
    ['unsigned-alg-none', 'ERR_OIDC_ENT_LOGOUT_TOKEN_SIGNATURE'],
    ['hmac-keyed-with-the-client-secret', 'ERR_OIDC_ENT_LOGOUT_TOKEN_SIGNATURE'],
    ['signed-by-a-key-absent-from-the-jwks', 'ERR_OIDC_ENT_LOGOUT_TOKEN_SIGNATURE'],
    ['signed-by-another-key-under-the-published-kid', 'ERR_OIDC_ENT_LOGOUT_TOKEN_SIGNATURE'],
    ['payload-tampered-after-signing', 'ERR_OIDC_ENT_LOGOUT_TOKEN_SIGNATURE'],
    ['encrypted-jwe', 'ERR_OIDC_ENT_LOGOUT_TOKEN_MALFORMED'],
    ['typ-of-an-ordinary-jwt', 'ERR_OIDC_ENT_LOGOUT_TOKEN_TYPE'],
    ['from-an-unregistered-issuer', 'ERR_OIDC_ENT_LOGOUT_TOKEN_ISSUER_UNKNOWN'],
    ['for-another-client', 'ERR_OIDC_ENT_LOGOUT_TOKEN_AUDIENCE'],
    ['expired', 'ERR_OIDC_ENT_LOGOUT_TOKEN_EXPIRED'],
    ['issued-too-long-ago', 'ERR_OIDC_ENT_LOGOUT_TOKEN_IAT'],
    ['issued-in-the-future', 'ERR_OIDC_ENT_LOGOUT_TOKEN_IAT'],
    ['without-iat', 'ERR_OIDC_ENT_LOGOUT_TOKEN_IAT'],
    ['without-jti', 'ERR_OIDC_ENT_LOGOUT_TOKEN_JTI'],
    ['without-events', 'ERR_OIDC_ENT_LOGOUT_TOKEN_EVENTS'],
    ['events-without-the-logout-member', 'ERR_OIDC_ENT_LOGOUT_TOKEN_EVENTS'],
    ['events-logout-member-not-an-object', 'ERR_OIDC_ENT_LOGOUT_TOKEN_EVENTS'],
    ['without-sid-and-sub', 'ERR_OIDC_ENT_LOGOUT_TOKEN_SUBJECT'],
    ['sid-longer-than-255', 'ERR_OIDC_ENT_LOGOUT_TOKEN_SUBJECT'],
    ['an-id-token-with-nonce', 'ERR_OIDC_ENT_LOGOUT_TOKEN_NONCE'],
    ['larger-than-16-kib', 'ERR_OIDC_ENT_LOGOUT_TOKEN_TOO_LARGE'],
  ];
  for (const [attack, code] of attacks) {
    it(`refuses a logout token: ${attack} (${code})`, async () => {
      const upstream = upstreamWith(peer.registration('ENTOIDC'));
      const token = await hostileLogoutToken(peer, attack, about);
      assert.equal(await rejectedCode(verifyOidcLogoutToken(upstream, token, new Date())), code);
    });
  }

  it('refuses a token signed by another registered provider\'s key under this one\'s issuer (ERR_OIDC_ENT_LOGOUT_TOKEN_SIGNATURE)', async () => {
    const upstream = upstreamWith(peer.registration('ENTOIDC'), other.registration('OTHER'));
    const token = await other.sign(logoutClaims(peer, about), { typ: 'logout+jwt' });
    assert.equal(await rejectedCode(verifyOidcLogoutToken(upstream, token, new Date())), 'ERR_OIDC_ENT_LOGOUT_TOKEN_SIGNATURE');
  });

  it('refuses an algorithm the registration does not list, though correctly signed (ERR_OIDC_ENT_LOGOUT_TOKEN_SIGNATURE)', async () => {
    const upstream = upstreamWith(peer.registration('ENTOIDC', { allowedAlgorithms: ['ES256'] }));
    assert.equal(await rejectedCode(verifyOidcLogoutToken(upstream, await peer.logoutToken(about), new Date())),
      'ERR_OIDC_ENT_LOGOUT_TOKEN_SIGNATURE');
  });

  it('judges time at the broker\'s clock: the provider\'s token is expired ten minutes later (ERR_OIDC_ENT_LOGOUT_TOKEN_EXPIRED)', async () => {
    const upstream = upstreamWith(peer.registration('ENTOIDC'));
    const later = new Date(Date.now() + 600_000);
    assert.equal(await rejectedCode(verifyOidcLogoutToken(upstream, await peer.logoutToken(about), later)),
      'ERR_OIDC_ENT_LOGOUT_TOKEN_EXPIRED');
  });

  it('refuses what is not a JWT at all (ERR_OIDC_ENT_LOGOUT_TOKEN_MALFORMED)', async () => {
    const upstream = upstreamWith(peer.registration('ENTOIDC'));
    for (const token of ['', 'not-a-token', 'a.b.c', `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.bm90IGpzb24.`]) {
      assert.equal(await rejectedCode(verifyOidcLogoutToken(upstream, token, new Date())), 'ERR_OIDC_ENT_LOGOUT_TOKEN_MALFORMED', token);
    }
  });

  it('reports a provider whose JWKS cannot be fetched as unreachable, not as a bad token (ERR_OIDC_ENT_UNREACHABLE)', async () => {
    const gone = await startOidcEntPeer({ redirectUri: testOidcSettings().redirectUri });
    const upstream = upstreamWith(gone.registration('GONE'));
    await requestOidcEntAuthentication(upstream, 'GONE', new Date());
    const token = await gone.logoutToken(about);
    await gone.close();
    assert.equal(await rejectedCode(verifyOidcLogoutToken(upstream, token, new Date())), 'ERR_OIDC_ENT_UNREACHABLE');
  });
});

/** A back-channel logout endpoint: answers each form POST with the status `handle` returns. */
async function listen(handle: (form: URLSearchParams) => Promise<number>): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void handle(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))).then((status) => res.writeHead(status).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/ent/oidc/backchannel-logout`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
