/**
 * Issue 4: InResponseTo names an outstanding request of this same browser, usable once; login
 * transactions live in the store, so two nodes (two stores on one database) race fairly.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cookieDigest, type LoginTransaction, type LoginTransactionStore } from '../../src/broker/index.js';
import { isBrokerError } from '../../src/core/broker-error.js';
import { createLoginTransactionStore, type Store } from '../../src/store/index.js';
import { describeEachDialect, freshStore } from '../support/each-dialect.js';
import { twinStores, type TwinStores } from '../support/twin-stores.js';

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);
const browserCookie = randomBytes(32).toString('base64url');
const otherBrowserCookie = randomBytes(32).toString('base64url');

function transaction(requestId: string, overrides: Partial<LoginTransaction> = {}): LoginTransaction {
  return {
    id: randomBytes(32).toString('base64url'), createdAt: t0, expiresAt: at(300), browserBinding: cookieDigest(browserCookie),
    upstream: { entId: 'ENT-1', requestId },
    downstream: { kind: 'service-provider', spEntityId: 'https://sp.example/', acsUrl: 'https://sp.example/acs', requestId: '_sp1', relayState: 'r' },
    ...overrides,
  };
}

describeEachDialect('login transaction store', (dialect) => {
  let store: Store;
  let logins: LoginTransactionStore;
  beforeEach(async () => {
    store = await freshStore(dialect);
    logins = createLoginTransactionStore(store);
  });
  afterEach(() => store.close());

  it('gives the transaction back once, as it was opened, marked consumed', async () => {
    const opened = transaction('_req1');
    await logins.open(opened);
    assert.deepEqual(await logins.consume('_req1', opened.browserBinding, at(10)), { ...opened, consumedAt: at(10) });
    assert.deepEqual(await logins.consume('_req1', opened.browserBinding, at(11)), { refused: 'consumed' });
  });

  it('keeps a médiacentre downstream, or none', async () => {
    const mediacentre = transaction('_req1', { downstream: { kind: 'mediacentre', idRessource: 'ark:/86527/r1', uai: '0561534N' } });
    const { downstream: _ignored, ...bare } = transaction('_req2');
    for (const opened of [mediacentre, bare]) {
      await logins.open(opened);
      assert.deepEqual(await logins.consume(opened.upstream.requestId, opened.browserBinding, at(1)), { ...opened, consumedAt: at(1) });
    }
  });

  it('refuses another browser and stays usable by its own', async () => {
    const opened = transaction('_req1');
    await logins.open(opened);
    assert.deepEqual(await logins.consume('_req1', cookieDigest(otherBrowserCookie), at(10)), { refused: 'other-browser' });
    assert.equal((await logins.consume('_req1', opened.browserBinding, at(11)) as LoginTransaction).id, opened.id);
    // Once consumed, another browser still learns only that it is not its own.
    assert.deepEqual(await logins.consume('_req1', cookieDigest(otherBrowserCookie), at(12)), { refused: 'other-browser' });
  });

  const refusals = [
    { name: 'an unknown request ID', requestId: '_nope', now: at(10), refused: 'unknown' },
    { name: 'at its expiry instant', requestId: '_req1', now: at(300), refused: 'expired' },
    { name: 'after its expiry', requestId: '_req1', now: at(3600), refused: 'expired' },
  ] as const;
  for (const { name, requestId, now, refused } of refusals) {
    it(`refuses ${name} (${refused})`, async () => {
      const opened = transaction('_req1');
      await logins.open(opened);
      assert.deepEqual(await logins.consume(requestId, opened.browserBinding, now), { refused });
    });
  }

  it('refuses to open a transaction whose request ID is already in use', async () => {
    await logins.open(transaction('_req1'));
    await assert.rejects(logins.open(transaction('_req1')), (e) => isBrokerError(e) && e.code === 'ERR_LOGIN_STORE_DUPLICATE');
  });

  it('purges only the expired transactions, consumed or not', async () => {
    await logins.open(transaction('_old', { expiresAt: at(60) }));
    await logins.open(transaction('_oldConsumed', { expiresAt: at(60) }));
    await logins.consume('_oldConsumed', cookieDigest(browserCookie), at(1));
    await logins.open(transaction('_live', { expiresAt: at(600) }));
    assert.equal(await logins.purgeExpired(at(60)), 2);
    const left = await store.db.selectFrom('login_transaction').select('upstream_request_id').execute();
    assert.deepEqual(left.map((r) => r.upstream_request_id), ['_live']);
  });

  it('never stores the cookie value: only its digest, and refuses a raw value', async () => {
    await assert.rejects(logins.open(transaction('_raw', { browserBinding: browserCookie })), (e) => isBrokerError(e) && e.code === 'ERR_LOGIN_STORE_INPUT');
    await logins.open(transaction('_req1'));
    const rows = await store.db.selectFrom('login_transaction').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.ok(!JSON.stringify(rows).includes(browserCookie));
    assert.ok(JSON.stringify(rows).includes(cookieDigest(browserCookie)));
  });
});

describeEachDialect('login transaction store under concurrency', (dialect) => {
  let twins: TwinStores;
  beforeEach(async () => { twins = await twinStores(dialect); });
  afterEach(() => twins.close());

  it('two nodes consuming the same response at once: exactly one wins (20 rounds)', async () => {
    const a = createLoginTransactionStore(twins.first);
    const b = createLoginTransactionStore(twins.second);
    for (let round = 0; round < 20; round += 1) {
      const opened = transaction(`_race${round}`);
      await a.open(opened);
      const outcomes = await Promise.all([a, b, a, b].map((s) => s.consume(opened.upstream.requestId, opened.browserBinding, at(5))));
      const winners = outcomes.filter((o) => !('refused' in o));
      assert.equal(winners.length, 1, `round ${round}`);
      assert.deepEqual(outcomes.filter((o) => 'refused' in o), [{ refused: 'consumed' }, { refused: 'consumed' }, { refused: 'consumed' }]);
    }
  });
});
