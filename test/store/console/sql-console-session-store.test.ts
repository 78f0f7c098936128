/** Console sessions on both dialects: the ConsoleSessionStore contract, and only digests in the table. */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createConsoleSessionStore } from '../../../src/store/index.js';
import { consoleSessionStoreContract } from '../../console/contracts/console-session-store.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';

describeEachDialect('SQL console session store', (dialect) => {
  consoleSessionStoreContract(async () => {
    const store = await freshStore(dialect);
    return { sessions: createConsoleSessionStore(store), close: () => store.close() };
  });

  it('the table holds the digest of the cookie value, never the value', async () => {
    const store = await freshStore(dialect);
    try {
      const value = randomBytes(32).toString('base64url');
      const idHash = createHash('sha256').update(value, 'utf8').digest('hex');
      const t0 = new Date('2025-09-02T08:00:00.000Z');
      await createConsoleSessionStore(store).create(
        idHash,
        { kind: 'operator', login: 'alice' },
        {
          createdAt: t0,
          expiresAt: new Date(t0.getTime() + 3_600_000),
          idleExpiresAt: new Date(t0.getTime() + 600_000),
        },
      );
      const rows = await store.db.selectFrom('console_session').selectAll().execute();
      assert.deepEqual(
        rows.map((r) => r.id_hash),
        [idHash],
      );
      assert.ok(!JSON.stringify(rows).includes(value));
    } finally {
      await store.close();
    }
  });
});
