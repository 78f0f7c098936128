/**
 * The OidcClientStore port (src/federation/ports.ts): publishers' OIDC clients saved, found,
 * listed and removed, every change audited without the client secret.
 */
import assert from 'node:assert/strict';
import type { OidcClientRecord, OidcClientStore } from '../../../src/federation/index.js';
import { auditedState, eachSubject, type AuditTrail, type ContractSubject } from '../../support/contract-subject.js';

export interface OidcClientStoreSubject extends ContractSubject {
  readonly clients: OidcClientStore;
  readonly auditTrail: AuditTrail;
}

const at = new Date('2026-03-02T08:00:00Z');
const secret = 'a-client-secret-of-forty-characters-0123';
const record: OidcClientRecord = {
  clientId: 'editeur-a',
  distributorId: '123456789_0000000000000001',
  metadata: {
    token_endpoint_auth_method: 'client_secret_basic',
    client_secret: secret,
    redirect_uris: ['https://a.fr/cb'],
    response_types: ['code'],
    grant_types: ['authorization_code'],
  },
};

export function oidcClientStoreContract(subject: () => Promise<OidcClientStoreSubject>): void {
  const current = eachSubject(subject);

  it('adds, leaves unchanged, changes and removes, each change audited without the secret', async () => {
    const { clients, auditTrail } = current();
    assert.equal(await clients.save(record, 'cli:alice', at), 'added');
    assert.deepEqual(await clients.find('editeur-a'), record);
    assert.equal(await clients.save(record, 'cli:alice', at), 'unchanged');
    const other = { ...record, metadata: { ...record.metadata, client_secret: `${secret}-rotated` } };
    assert.equal(await clients.save(other, 'cli:bob', at), 'changed');
    assert.deepEqual(await clients.find('editeur-a'), other);
    assert.deepEqual(
      (await clients.list()).map((c) => c.clientId),
      ['editeur-a'],
    );
    assert.equal(await clients.remove('editeur-a', 'cli:bob', at), true);
    assert.equal(await clients.remove('editeur-a', 'cli:bob', at), false);
    assert.equal(await clients.find('editeur-a'), undefined);
    const events = await auditTrail();
    assert.deepEqual(
      events.map((e) => [e.action, e.actor]),
      [
        ['oidc_client.add', 'cli:alice'],
        ['oidc_client.change', 'cli:bob'],
        ['oidc_client.remove', 'cli:bob'],
      ],
    );
    assert.ok(!JSON.stringify(events).includes(secret), 'the audit never holds the secret');
    assert.equal((auditedState(events[0]?.after ?? null) as { hasClientSecret?: boolean }).hasClientSecret, true);
  });

  it('lists the clients by id, each with its distributor and metadata', async () => {
    const { clients } = current();
    const b = { ...record, clientId: 'editeur-b', distributorId: '123456789_0000000000000002' };
    for (const client of [b, record]) await clients.save(client, 'cli:alice', at);
    assert.deepEqual(await clients.list(), [record, b]);
  });
}
