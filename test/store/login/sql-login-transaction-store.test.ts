/**
 * InResponseTo names an outstanding request of this same browser, usable once; login
 * transactions live in the store, so two nodes (two stores on one database) race fairly.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cookieDigest, type LoginTransaction } from '../../../src/broker/index.js';
import { createLoginTransactionStore } from '../../../src/store/index.js';
import { loginTransactionStoreContract } from '../../broker/contracts/login-transaction-store.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { twinStores, type TwinStores } from '../../support/twin-stores.js';

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);
const browserCookie = randomBytes(32).toString('base64url');

function transaction(requestId: string, overrides: Partial<LoginTransaction> = {}): LoginTransaction {
  return {
    id: randomBytes(32).toString('base64url'),
    createdAt: t0,
    expiresAt: at(300),
    browserBinding: cookieDigest(browserCookie),
    upstream: { entId: 'ENT-1', requestId },
    ...overrides,
  };
}

describeEachDialect('SQL login transaction store', (dialect) => {
  loginTransactionStoreContract(async () => {
    const store = await freshStore(dialect);
    return { logins: createLoginTransactionStore(store), close: () => store.close() };
  });

  it('purging deletes the rows of the expired transactions only', async () => {
    const store = await freshStore(dialect);
    try {
      const logins = createLoginTransactionStore(store);
      await logins.open(transaction('_old', { expiresAt: at(60) }));
      await logins.open(transaction('_live', { expiresAt: at(600) }));
      assert.equal(await logins.purgeExpired(at(60)), 1);
      const left = await store.db.selectFrom('login_transaction').select('upstream_request_id').execute();
      assert.deepEqual(
        left.map((r) => r.upstream_request_id),
        ['_live'],
      );
    } finally {
      await store.close();
    }
  });

  it('never stores the cookie value: only its digest', async () => {
    const store = await freshStore(dialect);
    try {
      await createLoginTransactionStore(store).open(transaction('_req1'));
      const rows = await store.db.selectFrom('login_transaction').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.ok(!JSON.stringify(rows).includes(browserCookie));
      assert.ok(JSON.stringify(rows).includes(cookieDigest(browserCookie)));
    } finally {
      await store.close();
    }
  });
});

describeEachDialect('SQL login transaction store under concurrency', (dialect) => {
  let twins: TwinStores;
  beforeEach(async () => {
    twins = await twinStores(dialect);
  });
  afterEach(() => twins.close());

  it('two nodes consuming the same response at once: exactly one wins (20 rounds)', async () => {
    const a = createLoginTransactionStore(twins.first);
    const b = createLoginTransactionStore(twins.second);
    for (let round = 0; round < 20; round += 1) {
      const opened = transaction(`_race${round}`);
      await a.open(opened);
      const { requestId } = opened.upstream;
      const outcomes = await Promise.all([a, b, a, b].map((s) => s.consume(requestId, opened.browserBinding, at(5))));
      const winners = outcomes.filter((o) => !('refused' in o));
      assert.equal(winners.length, 1, `round ${round}`);
      const refused = outcomes.filter((o) => 'refused' in o);
      assert.deepEqual(refused, [{ refused: 'consumed' }, { refused: 'consumed' }, { refused: 'consumed' }]);
    }
  });
});
