/**
 * recordOidcParticipants: a client with a `backchannel_logout_uri` that gets a code is recorded as
 * a participant of the broker session that decided it, under the very `sid` of its ID token; a
 * client without one is not; a participant that cannot be recorded stops the code.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { OidcSessionParticipant } from '../../../src/federation/index.js';
import { redeem, type OidcPublisher } from '../../support/oidc-publisher-peer.js';
import { TestBrowser } from '../../support/test-browser.js';
import { oidcProviderHarness, type OidcProviderHarness } from './oidc-provider-harness.js';

const ido = 'a'.repeat(128);
const sessionHash = createHash('sha256').update('broker-session-cookie').digest('hex');
const sessionEnd = new Date(Date.now() + 8 * 3600_000);

describe('federation: recordOidcParticipants', function () {
  this.timeout(20000);
  const recorded: { readonly participant: OidcSessionParticipant; readonly keepUntil: Date }[] = [];
  let failing = false;
  let harness: OidcProviderHarness;
  let withLogout: OidcPublisher;
  let withoutLogout: OidcPublisher;
  before(async () => {
    harness = await oidcProviderHarness({
      participants: {
        record: async (participant, keepUntil) => {
          if (failing) throw new Error('store down');
          recorded.push({ participant, keepUntil });
        },
      },
    });
    withLogout = await harness.register({
      clientId: 'editeur-bcl',
      backchannelLogout: { uri: 'https://editeur-bcl.test/logout' },
    });
    withoutLogout = await harness.register({ clientId: 'editeur-plain' });
  });
  after(async () => {
    await harness.close();
  });
  beforeEach(() => {
    recorded.length = 0;
    failing = false;
    harness.answer = {
      accountId: ido,
      claims: { IDO: [ido] },
      authenticatedAt: new Date(),
      sessionHash,
      sessionExpiresAt: sessionEnd,
    };
  });

  it("records the client under the ID token's sid and sub, kept until the broker session ends", async () => {
    const { started, callback, hop } = await harness.authorize(new TestBrowser(), withLogout);
    assert.ok(callback.startsWith(withLogout.redirectUri), `${hop.status} ${hop.body.slice(0, 200)}`);
    const { idToken } = await redeem(withLogout, callback, started);
    assert.equal(typeof idToken['sid'], 'string', 'a client with a back-channel logout URI gets sid');
    assert.equal(idToken.sub, ido);
    assert.equal(recorded.length, 1);
    const [{ participant, keepUntil }] = recorded as [(typeof recorded)[number]];
    assert.deepEqual(
      { ...participant, at: undefined },
      {
        kind: 'oidc',
        sessionHash,
        partnerId: withLogout.clientId,
        subject: idToken.sub,
        sid: idToken['sid'],
        at: undefined,
      },
    );
    assert.equal(keepUntil.getTime(), sessionEnd.getTime());
  });

  it('records the same sid again for a second code in the same browser (the store keeps one)', async () => {
    const browser = new TestBrowser();
    const first = await harness.authorize(browser, withLogout);
    const second = await harness.authorize(browser, withLogout);
    const sids = [
      (await redeem(withLogout, first.callback, first.started)).idToken['sid'],
      (await redeem(withLogout, second.callback, second.started)).idToken['sid'],
    ];
    assert.equal(sids[0], sids[1]);
    assert.deepEqual(
      recorded.map((r) => r.participant.sid),
      sids,
    );
  });

  it("without the broker session's end, keeps it as long as a session begun now (ttl.session)", async () => {
    harness.answer = { ...harness.answer, sessionExpiresAt: undefined };
    const before = Date.now();
    await harness.authorize(new TestBrowser(), withLogout);
    const keepUntil = recorded[0]?.keepUntil.getTime() ?? 0;
    assert.ok(keepUntil >= before + 3600_000 && keepUntil <= Date.now() + 3600_000, String(keepUntil));
  });

  it('records nothing for a client without a back-channel logout URI, whose ID token has no sid', async () => {
    const { started, callback } = await harness.authorize(new TestBrowser(), withoutLogout);
    const { idToken } = await redeem(withoutLogout, callback, started);
    assert.equal(idToken['sid'], undefined);
    assert.deepEqual(recorded, []);
  });

  it('a participant that cannot be recorded: the error page, no code reaches the client', async () => {
    failing = true;
    const { hop } = await harness.authorize(new TestBrowser(), withLogout);
    assert.equal(hop.status, 500);
    assert.equal(hop.location, undefined);
    assert.match(hop.body, /erreur 500/);
    assert.doesNotMatch(hop.body, /code=/);
  });
});
