/**
 * The LoginTransactionStore port (src/broker/ports.ts): InResponseTo names an outstanding request
 * of this same browser, usable once; what was opened comes back as it was.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cookieDigest, type LoginTransaction, type LoginTransactionStore } from '../../../src/broker/index.js';
import { isBrokerError } from '../../../src/core/broker-error.js';
import { eachSubject, type ContractSubject } from '../../support/contract-subject.js';

export interface LoginTransactionStoreSubject extends ContractSubject {
  readonly logins: LoginTransactionStore;
}

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);
const browserCookie = randomBytes(32).toString('base64url');
const otherBrowserCookie = randomBytes(32).toString('base64url');

function transaction(requestId: string, overrides: Partial<LoginTransaction> = {}): LoginTransaction {
  return {
    id: randomBytes(32).toString('base64url'),
    createdAt: t0,
    expiresAt: at(300),
    browserBinding: cookieDigest(browserCookie),
    upstream: { entId: 'ENT-1', requestId },
    downstream: {
      kind: 'service-provider',
      spEntityId: 'https://sp.example/',
      acsUrl: 'https://sp.example/acs',
      requestId: '_sp1',
      relayState: 'r',
    },
    ...overrides,
  };
}

const coded =
  (code: string) =>
  (e: unknown): boolean =>
    isBrokerError(e) && e.code === code;

export function loginTransactionStoreContract(subject: () => Promise<LoginTransactionStoreSubject>): void {
  const current = eachSubject(subject);

  it('gives the transaction back once, as it was opened, marked consumed', async () => {
    const { logins } = current();
    const opened = transaction('_req1');
    await logins.open(opened);
    assert.deepEqual(await logins.consume('_req1', opened.browserBinding, at(10)), { ...opened, consumedAt: at(10) });
    assert.deepEqual(await logins.consume('_req1', opened.browserBinding, at(11)), { refused: 'consumed' });
  });

  it('keeps a médiacentre downstream, or none', async () => {
    const { logins } = current();
    const mediacentre = transaction('_req1', {
      downstream: { kind: 'mediacentre', idRessource: 'ark:/86527/r1', uai: '0561534N' },
    });
    const { downstream: _ignored, ...bare } = transaction('_req2');
    for (const opened of [mediacentre, bare]) {
      await logins.open(opened);
      assert.deepEqual(await logins.consume(opened.upstream.requestId, opened.browserBinding, at(1)), {
        ...opened,
        consumedAt: at(1),
      });
    }
  });

  it("keeps an OIDC or CAS downstream, the upstream secret and a passive check's session", async () => {
    const { logins } = current();
    const reconfirm = cookieDigest('a-session');
    const opened = [
      transaction('_oidc', {
        downstream: { kind: 'oidc-interaction', uid: 'uid-1' },
        upstream: { entId: 'E', requestId: '_oidc', secret: 's' },
      }),
      transaction('_cas', { downstream: { kind: 'cas', service: 'https://cas-client.example/app' }, reconfirm }),
    ];
    for (const t of opened) await logins.open(t);
    for (const t of opened) {
      assert.deepEqual(await logins.consume(t.upstream.requestId, t.browserBinding, at(1)), {
        ...t,
        consumedAt: at(1),
      });
    }
  });

  it('refuses another browser and stays usable by its own', async () => {
    const { logins } = current();
    const opened = transaction('_req1');
    await logins.open(opened);
    assert.deepEqual(await logins.consume('_req1', cookieDigest(otherBrowserCookie), at(10)), {
      refused: 'other-browser',
    });
    assert.equal(((await logins.consume('_req1', opened.browserBinding, at(11))) as LoginTransaction).id, opened.id);
    // Once consumed, another browser still learns only that it is not its own.
    assert.deepEqual(await logins.consume('_req1', cookieDigest(otherBrowserCookie), at(12)), {
      refused: 'other-browser',
    });
  });

  const refusals = [
    { name: 'an unknown request ID', requestId: '_nope', now: at(10), refused: 'unknown' },
    { name: 'at its expiry instant', requestId: '_req1', now: at(300), refused: 'expired' },
    { name: 'after its expiry', requestId: '_req1', now: at(3600), refused: 'expired' },
  ] as const;
  for (const { name, requestId, now, refused } of refusals) {
    it(`refuses ${name} (${refused})`, async () => {
      const { logins } = current();
      const opened = transaction('_req1');
      await logins.open(opened);
      assert.deepEqual(await logins.consume(requestId, opened.browserBinding, now), { refused });
    });
  }

  it('of concurrent consumptions of one transaction, exactly one wins', async () => {
    const { logins } = current();
    const opened = transaction('_race');
    await logins.open(opened);
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => logins.consume('_race', opened.browserBinding, at(5))));
    assert.equal(outcomes.filter((o) => !('refused' in o)).length, 1);
    assert.deepEqual(
      outcomes.filter((o) => 'refused' in o),
      [{ refused: 'consumed' }, { refused: 'consumed' }, { refused: 'consumed' }],
    );
  });

  it('refuses to open a transaction whose request ID is already in use', async () => {
    const { logins } = current();
    await logins.open(transaction('_req1'));
    await assert.rejects(logins.open(transaction('_req1')), coded('ERR_LOGIN_STORE_DUPLICATE'));
  });

  it('refuses a raw cookie value where its digest belongs', async () => {
    const { logins } = current();
    await assert.rejects(
      logins.open(transaction('_raw', { browserBinding: browserCookie })),
      coded('ERR_LOGIN_STORE_INPUT'),
    );
    assert.deepEqual(await logins.consume('_raw', cookieDigest(browserCookie), at(1)), { refused: 'unknown' });
  });

  it('purges only the expired transactions, consumed or not', async () => {
    const { logins } = current();
    await logins.open(transaction('_old', { expiresAt: at(60) }));
    await logins.open(transaction('_oldConsumed', { expiresAt: at(60) }));
    await logins.consume('_oldConsumed', cookieDigest(browserCookie), at(1));
    const live = transaction('_live', { expiresAt: at(600) });
    await logins.open(live);
    assert.equal(await logins.purgeExpired(at(60)), 2);
    assert.equal(await logins.purgeExpired(at(60)), 0);
    assert.deepEqual(await logins.consume('_live', live.browserBinding, at(61)), { ...live, consumedAt: at(61) });
  });
}
