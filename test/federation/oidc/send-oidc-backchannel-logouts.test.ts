/**
 * sendOidcBackchannelLogouts: one logout token per OIDC participant, signed by the provider's keys
 * and verified by the publisher with jose; failures (an error status, no answer within the
 * timeout, nobody listening, an unknown client) are counted and logged with the client id, never
 * the token, and never thrown. oidc-provider's own end_session sends none.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { sendOidcBackchannelLogouts, type OidcSessionParticipant } from '../../../src/federation/index.js';
import { backchannelLogoutReceiver, type BackchannelLogoutReceiver } from '../../support/oidc-publisher-peer.js';
import { TestBrowser } from '../../support/test-browser.js';
import { oidcProviderHarness, type OidcProviderHarness } from './oidc-provider-harness.js';

const sessionHash = 'b'.repeat(64);
const ido = 'c'.repeat(128);
const participant = (partnerId: string, sid = 'sid-1', subject = ido): OidcSessionParticipant => ({
  kind: 'oidc',
  sessionHash,
  partnerId,
  subject,
  sid,
  at: new Date(),
});

describe('federation: sendOidcBackchannelLogouts', function () {
  this.timeout(20000);
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = pino({ level: 'info' }, sink);
  let harness: OidcProviderHarness;
  let withSid: BackchannelLogoutReceiver;
  let withoutSid: BackchannelLogoutReceiver;
  let silent: Server;
  before(async () => {
    harness = await oidcProviderHarness();
    withSid = await backchannelLogoutReceiver({ issuer: harness.issuer, clientId: 'editeur-sid' });
    withoutSid = await backchannelLogoutReceiver({ issuer: harness.issuer, clientId: 'editeur-sub' });
    // Accepts the connection, never answers.
    silent = createServer(() => undefined);
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const silentUri = `http://127.0.0.1:${(silent.address() as { port: number }).port}/logout`;
    await harness.register({ clientId: 'editeur-sid', backchannelLogout: { uri: withSid.url } });
    await harness.register({
      clientId: 'editeur-sub',
      backchannelLogout: { uri: withoutSid.url, sessionRequired: false },
    });
    await harness.register({ clientId: 'editeur-silent', backchannelLogout: { uri: silentUri } });
    // Port 9 (discard): nobody listens there.
    await harness.register({ clientId: 'editeur-gone', backchannelLogout: { uri: 'http://127.0.0.1:9/logout' } });
    await harness.register({ clientId: 'editeur-plain' });
  });
  after(async () => {
    await withSid.close();
    await withoutSid.close();
    silent.closeAllConnections();
    await new Promise((done) => silent.close(done));
    await harness.close();
  });
  beforeEach(() => {
    lines.length = 0;
    withSid.answerWith(undefined);
  });

  it('POSTs one logout token the publisher verifies: iss, aud, typ, event, sid and sub, no nonce', async () => {
    const before = withSid.received.length;
    const one = [participant('editeur-sid', 'the-sid')];
    const result = await sendOidcBackchannelLogouts(harness.provider, one, 2000, log);
    assert.deepEqual(result, { sent: 1, failed: 0 });
    const got = withSid.received.slice(before);
    assert.equal(got.length, 1);
    const [token] = got;
    assert.ok(token?.valid, JSON.stringify(token));
    assert.equal(token.header.typ, 'logout+jwt');
    assert.equal(token.claims.sub, ido);
    assert.equal(token.claims['sid'], 'the-sid');
    assert.equal(token.claims['nonce'], undefined);
    assert.ok((token.claims.exp ?? 0) - (token.claims.iat ?? 0) <= 120, 'short-lived');
    assert.ok(lines.some((l) => l.includes('"oidc.backchannel_logout_sent"') && l.includes('editeur-sid')));
  });

  it('a client that does not require sid gets sub only', async () => {
    const before = withoutSid.received.length;
    const result = await sendOidcBackchannelLogouts(harness.provider, [participant('editeur-sub')], 2000, log);
    assert.deepEqual(result, { sent: 1, failed: 0 });
    const token = withoutSid.received[before];
    assert.ok(token?.valid, JSON.stringify(token));
    assert.equal(token.claims['sid'], undefined);
    assert.equal(token.claims.sub, ido);
  });

  it('in parallel, each within the timeout; failures counted, logged by client id (no token); no throw', async () => {
    withSid.answerWith(500);
    const failing = ['editeur-sid', 'editeur-silent', 'editeur-gone', 'editeur-unknown'];
    const started = Date.now();
    const result = await sendOidcBackchannelLogouts(
      harness.provider,
      [...failing.map((id) => participant(id)), participant('editeur-sub')],
      400,
      log,
    );
    assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
    assert.deepEqual(result, { sent: 1, failed: 4 });
    const failed = lines.filter((l) => l.includes('"oidc.backchannel_logout_failed"'));
    for (const clientId of failing)
      assert.ok(
        failed.some((l) => l.includes(`"clientId":"${clientId}"`)),
        clientId,
      );
    assert.ok(failed.some((l) => l.includes('"status":500')));
    assert.ok(
      failed.some((l) => l.includes('"reason":"TimeoutError"')),
      failed.join(''),
    );
    assert.ok(
      failed.some((l) => l.includes('"reason":"client_unknown"')),
      failed.join(''),
    );
    assert.ok(!lines.some((l) => /eyJ[\w-]+\.[\w-]+\./.test(l)), 'no token in the log');
  });

  it('tells nobody else: SAML participants and clients without a URI are not sent anything', async () => {
    const others = [{ kind: 'saml' } as const, participant('editeur-plain')];
    const result = await sendOidcBackchannelLogouts(harness.provider, others, 2000, log);
    assert.deepEqual(result, { sent: 0, failed: 0 });
    assert.deepEqual(await sendOidcBackchannelLogouts(harness.provider, [], 2000, log), { sent: 0, failed: 0 });
  });

  it("oidc-provider's own RP-initiated logout sends no logout token (the broker sends it, once)", async () => {
    const browser = new TestBrowser();
    harness.answer = { accountId: ido, claims: {}, authenticatedAt: new Date(), sessionHash };
    const publisher = await harness.register({ clientId: 'editeur-sid', backchannelLogout: { uri: withSid.url } });
    const { callback, hop } = await harness.authorize(browser, publisher);
    assert.ok(callback.startsWith(publisher.redirectUri), hop.body.slice(0, 200));
    const page = await browser.get(`${harness.issuer}/session/end?client_id=${publisher.clientId}`);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(xsrf, page.body.slice(0, 300));
    const attempts: string[] = [];
    const listener = (_ctx: unknown, error: Error, client: { clientId: string }): void => {
      attempts.push(`${client.clientId}: ${error.message}`);
    };
    harness.provider.on('backchannel.error', listener);
    const before = withSid.received.length;
    const confirmed = await browser.post(`${harness.issuer}/session/end/confirm`, { xsrf, logout: 'yes' });
    harness.provider.off('backchannel.error', listener);
    assert.equal(confirmed.status, 303, confirmed.body.slice(0, 200));
    await new Promise((done) => setTimeout(done, 200));
    assert.equal(withSid.received.length, before, 'nothing reached the publisher');
    // Stopped by the configuration's refusal, before any connection (oidc-provider's own SSRF
    // guard would also stop it on 127.0.0.1, with "fetch failed": not what is tested here).
    assert.deepEqual(attempts, [
      'editeur-sid: oidc-provider sends nothing itself: the broker sends back-channel logout tokens',
    ]);
  });
});
