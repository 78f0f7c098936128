/**
 * Back-Channel Logout 1.0, the broker's side (OidcEntLogins.verifyLogoutToken), against a real OpenID
 * Provider (oidc-provider, test/support/oidc-ent-peer.ts): its own logout tokens are accepted and
 * name the session its ID tokens named; each hostile token (test/support/hostile-logout-tokens.ts,
 * named by its attack) is refused with its own code.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, type JWTPayload } from 'jose';
import { createOidcEntLogins, type OidcEntLogins, type OidcEntRegistration } from '../../src/idp-bridge/index.js';
import { hostileLogoutToken, logoutClaims, type LogoutTokenAttack } from '../support/hostile-logout-tokens.js';
import { browseToCallback, memoryOidcEntRegistry, testOidcSettings } from '../support/oidc-ent-login.js';
import { startOidcEntPeer, type OidcEntPeer } from '../support/oidc-ent-peer.js';
import { TestBrowser } from '../support/test-browser.js';
import { rejectedCode } from '../support/thrown-code.js';

describe('OidcEntLogins.verifyLogoutToken: back-channel logout tokens of an ENT provider', function () {
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

  const loginsWith = (...registrations: OidcEntRegistration[]): OidcEntLogins =>
    createOidcEntLogins(memoryOidcEntRegistry(...registrations), testOidcSettings());
  const about = { sub: 'eleve-1', sid: 'peer-session-1' };
  const verify = (logins: OidcEntLogins, token: string, now = new Date()) => logins.verifyLogoutToken(token, now);
  const refusal = (logins: OidcEntLogins, token: string, now = new Date()) => rejectedCode(verify(logins, token, now));
  const typed = (signer: OidcEntPeer, claims: JWTPayload) => signer.sign(claims, { typ: 'logout+jwt' });

  it("accepts the provider's own logout token: its ENT, session, user, jti, and how long to remember it", async () => {
    const logins = loginsWith(peer.registration('ENTOIDC'), other.registration('OTHER'));
    const before = Date.now();
    const token = await peer.logoutToken(about);
    assert.equal(decodeProtectedHeader(token).typ, 'logout+jwt');
    const verified = await verify(logins, token);
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

  it("names the session of the login (its ID token's sid), which the user's logout at the ENT ended", async () => {
    peer.user = { accountId: 'eleve-2' };
    const logins = loginsWith(peer.registration('ENTOIDC'));
    const browser = new TestBrowser();
    const request = await logins.request('ENTOIDC', new Date());
    const callback = await browseToCallback(request?.redirectUrl ?? '', browser);
    const { identity } = await logins.verify('ENTOIDC', callback, request?.secret ?? '', new Date());
    const receiver = await listen();
    try {
      const delivery = await peer.logout(browser, receiver.url);
      assert.equal(delivery.status, 200);
      assert.deepEqual(receiver.received, [delivery.logoutToken]);
      const verified = await verify(logins, delivery.logoutToken);
      assert.equal(verified.sid, identity.entSession?.sid);
      assert.equal(verified.sub, 'eleve-2');
      assert.equal(await peer.sessionOf(browser), undefined, 'the peer session is over');
    } finally {
      await receiver.close();
    }
  });

  it('accepts a token with sid only, or sub only; entUserId only when the user id is the sub', async () => {
    const logins = loginsWith(peer.registration('ENTOIDC', { userIdClaim: 'gar_person_id' }));
    const sidOnly = await verify(logins, await typed(peer, logoutClaims(peer, { sid: 's-1' })));
    assert.deepEqual([sidOnly.sid, sidOnly.sub, sidOnly.entUserId], ['s-1', undefined, undefined]);
    const subOnly = await verify(logins, await typed(peer, logoutClaims(peer, { sub: 'u-1' })));
    assert.deepEqual([subOnly.sid, subOnly.sub, subOnly.entUserId], [undefined, 'u-1', undefined]);
  });

  it('accepts a token without typ or exp, remembered until 5 minutes after iat (plus the skew)', async () => {
    const logins = loginsWith(peer.registration('ENTOIDC'));
    const { exp: _exp, ...claims } = logoutClaims(peer, about);
    const verified = await verify(logins, await peer.sign(claims));
    assert.equal(verified.usableUntil.getTime(), ((claims.iat as number) + 300 + 60) * 1000);
  });

  it("gives the issuer and jti of a replayed token again, for the broker's replay cache to refuse it", async () => {
    const logins = loginsWith(peer.registration('ENTOIDC'));
    const token = await peer.logoutToken(about);
    const first = await verify(logins, token);
    const second = await verify(logins, token);
    assert.deepEqual([second.issuer, second.jti], [first.issuer, first.jti]);
    const sameJti = await typed(peer, { ...logoutClaims(peer, about), jti: first.jti });
    assert.equal((await verify(logins, sameJti)).jti, first.jti, 'another token, same jti');
  });

  it('is for each ENT project registered with this provider and client; entUserId if all take the sub', async () => {
    const token = await peer.logoutToken(about);
    const shared = loginsWith(peer.registration('ENT-A'), other.registration('OTHER'), peer.registration('ENT-B'));
    assert.deepEqual((await verify(shared, token)).entIds, ['ENT-A', 'ENT-B']);
    const byPersonId = peer.registration('ENT-B', { userIdClaim: 'gar_person_id' });
    const mixed = loginsWith(peer.registration('ENT-A'), byPersonId);
    assert.equal((await verify(mixed, token)).entUserId, undefined);
    const otherClient = loginsWith(peer.registration('ENT-A'), peer.registration('ENT-C', { clientId: 'another' }));
    assert.deepEqual((await verify(otherClient, token)).entIds, ['ENT-A']);
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
      const logins = loginsWith(peer.registration('ENTOIDC'));
      assert.equal(await refusal(logins, await hostileLogoutToken(peer, attack, about)), code);
    });
  }

  it("refuses a token of this issuer signed by another registered provider's key (…_SIGNATURE)", async () => {
    const logins = loginsWith(peer.registration('ENTOIDC'), other.registration('OTHER'));
    const token = await typed(other, logoutClaims(peer, about));
    assert.equal(await refusal(logins, token), 'ERR_OIDC_ENT_LOGOUT_TOKEN_SIGNATURE');
  });

  it('refuses an algorithm the registration does not list, though correctly signed (…_SIGNATURE)', async () => {
    const logins = loginsWith(peer.registration('ENTOIDC', { allowedAlgorithms: ['ES256'] }));
    assert.equal(await refusal(logins, await peer.logoutToken(about)), 'ERR_OIDC_ENT_LOGOUT_TOKEN_SIGNATURE');
  });

  it("judges time at the broker's clock: the provider's token has expired ten minutes later", async () => {
    const logins = loginsWith(peer.registration('ENTOIDC'));
    const later = new Date(Date.now() + 600_000);
    assert.equal(await refusal(logins, await peer.logoutToken(about), later), 'ERR_OIDC_ENT_LOGOUT_TOKEN_EXPIRED');
  });

  it('refuses what is not a JWT at all (ERR_OIDC_ENT_LOGOUT_TOKEN_MALFORMED)', async () => {
    const logins = loginsWith(peer.registration('ENTOIDC'));
    const notJson = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.bm90IGpzb24.`;
    for (const token of ['', 'not-a-token', 'a.b.c', notJson]) {
      assert.equal(await refusal(logins, token), 'ERR_OIDC_ENT_LOGOUT_TOKEN_MALFORMED', token);
    }
  });

  it('reports a provider whose JWKS cannot be fetched as unreachable, not as a bad token', async () => {
    const gone = await startOidcEntPeer({ redirectUri: testOidcSettings().redirectUri });
    const logins = loginsWith(gone.registration('GONE'));
    await logins.request('GONE', new Date());
    const token = await gone.logoutToken(about);
    await gone.close();
    assert.equal(await refusal(logins, token), 'ERR_OIDC_ENT_UNREACHABLE');
  });
});

/** A back-channel logout endpoint that records each posted `logout_token` and answers 200. */
async function listen(): Promise<{ url: string; received: string[]; close(): Promise<void> }> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('logout_token') ?? '');
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ent/oidc/backchannel-logout`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
