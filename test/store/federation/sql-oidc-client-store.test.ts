/** Publishers' OIDC clients on `oidc_client`, on SQLite and PostgreSQL: save outcomes, audit without the secret, remove. */
import assert from 'node:assert/strict';
import type { OidcClientRecord, OidcClientStore } from '../../../src/federation/index.js';
import { createOidcClientStore, type Store } from '../../../src/store/index.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';

const at = new Date('2026-03-02T08:00:00Z');
const secret = 'a-client-secret-of-forty-characters-0123';
const record: OidcClientRecord = {
  clientId: 'editeur-a', distributorId: '123456789_0000000000000001',
  metadata: { token_endpoint_auth_method: 'client_secret_basic', client_secret: secret, redirect_uris: ['https://a.fr/cb'], response_types: ['code'], grant_types: ['authorization_code'] },
};

describeEachDialect('store: OIDC clients', (dialect) => {
  let store: Store;
  let clients: OidcClientStore;
  beforeEach(async () => {
    store = await freshStore(dialect);
    clients = createOidcClientStore(store);
  });
  afterEach(async () => { await store.close(); });

  const audit = () => store.db.selectFrom('audit_event').selectAll().orderBy('id').execute();

  it('adds, leaves unchanged, changes and removes, each change audited without the secret', async () => {
    assert.equal(await clients.save(record, 'cli:alice', at), 'added');
    assert.deepEqual(await clients.find('editeur-a'), record);
    assert.equal(await clients.save(record, 'cli:alice', at), 'unchanged');
    const other = { ...record, metadata: { ...record.metadata, client_secret: `${secret}-rotated` } };
    assert.equal(await clients.save(other, 'cli:bob', at), 'changed');
    assert.deepEqual((await clients.list()).map((c) => c.clientId), ['editeur-a']);
    assert.equal(await clients.remove('editeur-a', 'cli:bob', at), true);
    assert.equal(await clients.remove('editeur-a', 'cli:bob', at), false);
    assert.equal(await clients.find('editeur-a'), undefined);
    const events = await audit();
    assert.deepEqual(events.map((e) => e.action), ['oidc_client.add', 'oidc_client.change', 'oidc_client.remove']);
    assert.ok(!JSON.stringify(events).includes(secret), 'the audit never holds the secret');
    assert.equal(JSON.parse(events[0]?.after_state ?? '{}').hasClientSecret, true);
  });
});
