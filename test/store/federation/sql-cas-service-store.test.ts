/** The CAS service registry: exact URLs only, every change audited with who and when. */
import assert from 'node:assert/strict';
import type { CasServiceStore } from '../../../src/federation/index.js';
import { createCasServiceStore, type Store } from '../../../src/store/index.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';

const at = new Date('2026-03-01T10:00:00.000Z');
const service = { serviceUrl: 'https://cas-client.example/app?lang=fr', idRessource: 'ark:/86527/r1' };

describeEachDialect('CAS service store', (dialect) => {
  let store: Store;
  let services: CasServiceStore;
  beforeEach(async () => {
    store = await freshStore(dialect);
    services = createCasServiceStore(store);
  });
  afterEach(() => store.close());

  it('saves, changes, says unchanged, lists and removes, auditing each change', async () => {
    assert.equal(await services.save(service, 'cli:op', at), 'added');
    assert.equal(await services.save(service, 'cli:op', at), 'unchanged');
    assert.equal(await services.save({ ...service, logoutUrl: 'https://cas-client.example/slo' }, 'cli:op', at), 'changed');
    assert.deepEqual(await services.list(), [{ ...service, logoutUrl: 'https://cas-client.example/slo' }]);
    assert.equal(await services.remove(service.serviceUrl, 'cli:op', at), true);
    assert.equal(await services.remove(service.serviceUrl, 'cli:op', at), false);
    const audit = await store.db.selectFrom('audit_event').select(['action', 'actor', 'target']).where('action', 'like', 'cas_service.%').orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['cas_service.add', 'cas_service.change', 'cas_service.remove']);
    assert.ok(audit.every((a) => a.actor === 'cli:op' && a.target === `cas_service:${service.serviceUrl}`));
  });

  it('finds by the exact URL only: no prefix, no trailing slash, no other query, no case folding', async () => {
    await services.save(service, 'cli:op', at);
    assert.deepEqual(await services.find(service.serviceUrl), service);
    for (const other of ['https://cas-client.example/app', 'https://cas-client.example/app?lang=fr/', 'https://cas-client.example/app?lang=fr&x=1',
      'https://CAS-CLIENT.example/app?lang=fr', 'https://cas-client.example/app?lang=%', 'https://cas-client.example/%']) {
      assert.equal(await services.find(other), undefined, other);
    }
  });
});
