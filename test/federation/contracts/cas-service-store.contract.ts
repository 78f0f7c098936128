/**
 * The CasServiceStore port (src/federation/ports.ts): exact service URLs only (CAS protocol's
 * service check, gar-reference §4), every change audited with who and when.
 */
import assert from 'node:assert/strict';
import type { CasServiceStore } from '../../../src/federation/index.js';
import { eachSubject, type AuditTrail, type ContractSubject } from '../../support/contract-subject.js';

export interface CasServiceStoreSubject extends ContractSubject {
  readonly services: CasServiceStore;
  readonly auditTrail: AuditTrail;
}

const at = new Date('2026-03-01T10:00:00.000Z');
const service = { serviceUrl: 'https://cas-client.example/app?lang=fr', idRessource: 'ark:/86527/r1' };

export function casServiceStoreContract(subject: () => Promise<CasServiceStoreSubject>): void {
  const current = eachSubject(subject);

  it('saves, changes, says unchanged, lists and removes, auditing each change', async () => {
    const { services, auditTrail } = current();
    assert.equal(await services.save(service, 'cli:op', at), 'added');
    assert.equal(await services.save(service, 'cli:op', at), 'unchanged');
    assert.equal(
      await services.save({ ...service, logoutUrl: 'https://cas-client.example/slo' }, 'cli:op', at),
      'changed',
    );
    assert.deepEqual(await services.list(), [{ ...service, logoutUrl: 'https://cas-client.example/slo' }]);
    assert.equal(await services.remove(service.serviceUrl, 'cli:op', at), true);
    assert.equal(await services.remove(service.serviceUrl, 'cli:op', at), false);
    assert.deepEqual(await services.list(), []);
    const audit = await auditTrail('cas_service.');
    assert.deepEqual(
      audit.map((a) => a.action),
      ['cas_service.add', 'cas_service.change', 'cas_service.remove'],
    );
    assert.ok(
      audit.every(
        (a) => a.actor === 'cli:op' && a.target === `cas_service:${service.serviceUrl}` && a.at === at.toISOString(),
      ),
    );
  });

  it('finds by the exact URL only: no prefix, no trailing slash, no other query, no case folding', async () => {
    const { services } = current();
    await services.save(service, 'cli:op', at);
    assert.deepEqual(await services.find(service.serviceUrl), service);
    for (const other of [
      'https://cas-client.example/app',
      'https://cas-client.example/app?lang=fr/',
      'https://cas-client.example/app?lang=fr&x=1',
      'https://CAS-CLIENT.example/app?lang=fr',
      'https://cas-client.example/app?lang=%',
      'https://cas-client.example/%',
    ]) {
      assert.equal(await services.find(other), undefined, other);
    }
  });

  it('lists every service, each with its resource and logout URL', async () => {
    const { services } = current();
    const second = {
      serviceUrl: 'https://b.example/cas',
      idRessource: 'ark:/86527/r2',
      logoutUrl: 'https://b.example/slo',
    };
    const first = { serviceUrl: 'https://a.example/cas', idRessource: 'ark:/86527/r3' };
    for (const s of [second, service, first]) await services.save(s, 'cli:op', at);
    const byUrl = (a: { serviceUrl: string }, b: { serviceUrl: string }) => (a.serviceUrl < b.serviceUrl ? -1 : 1);
    assert.deepEqual([...(await services.list())].sort(byUrl), [first, second, service]);
  });
}
