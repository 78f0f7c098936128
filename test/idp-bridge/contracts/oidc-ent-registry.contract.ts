/**
 * The OidcEntRegistry port (src/idp-bridge/ports.ts): the ENT projects that log in through OIDC,
 * one registration each; added, changed or unchanged, removed; every change audited with whether a
 * client secret is set and whether it changed, never the secret itself.
 */
import assert from 'node:assert/strict';
import type { OidcEntRegistration, OidcEntRegistry } from '../../../src/idp-bridge/index.js';
import { auditedState, eachSubject, type AuditTrail, type ContractSubject } from '../../support/contract-subject.js';

export interface OidcEntRegistrySubject extends ContractSubject {
  readonly registry: OidcEntRegistry;
  readonly auditTrail: AuditTrail;
}

const at = new Date('2026-03-01T10:00:00.000Z');
const later = new Date('2026-03-02T10:00:00.000Z');
const secret = 's3cr3t-value-never-audited';

const registration = (overrides: Partial<OidcEntRegistration> = {}): OidcEntRegistration => ({
  entId: 'ENTOIDC',
  issuer: 'https://ent.example.fr/oidc',
  clientId: 'gar-broker',
  clientSecret: secret,
  tokenAuthMethod: 'client_secret_basic',
  scope: 'openid profile',
  userIdClaim: 'sub',
  useUserinfo: false,
  ...overrides,
});

export function oidcEntRegistryContract(subject: () => Promise<OidcEntRegistrySubject>): void {
  const current = eachSubject(subject);

  it('adds, finds back as saved, lists by ENT project, and tells unchanged from changed', async () => {
    const { registry } = current();
    assert.equal(await registry.save(registration(), 'cli:alice', at), 'added');
    const { clientSecret: _none, ...withoutSecret } = registration({
      entId: 'ENTB',
      tokenAuthMethod: 'client_secret_post',
      useUserinfo: true,
      userIdClaim: 'gar_person_id',
      allowedAlgorithms: ['ES256'],
    });
    assert.equal(await registry.save(withoutSecret, 'cli:alice', at), 'added');
    assert.deepEqual(await registry.find('ENTOIDC'), registration());
    assert.deepEqual(await registry.find('ENTB'), withoutSecret);
    assert.equal(await registry.find('NOPE'), undefined);
    assert.deepEqual(
      (await registry.list()).map((r) => r.entId),
      ['ENTB', 'ENTOIDC'],
    );
    assert.equal(await registry.save(registration(), 'cli:bob', later), 'unchanged');
    assert.equal(await registry.save(registration({ scope: 'openid' }), 'cli:bob', later), 'changed');
    assert.equal((await registry.find('ENTOIDC'))?.scope, 'openid');
  });

  it('removes a registration and says false for an ENT project without one', async () => {
    const { registry } = current();
    await registry.save(registration(), 'cli:alice', at);
    assert.equal(await registry.remove('ENTOIDC', 'cli:bob', later), true);
    assert.equal(await registry.find('ENTOIDC'), undefined);
    assert.equal(await registry.remove('ENTOIDC', 'cli:bob', later), false);
  });

  it('audits add, change and remove with whether a secret is set or changed, never the secret', async () => {
    const { registry, auditTrail } = current();
    await registry.save(registration(), 'cli:alice', at);
    await registry.save(registration(), 'cli:alice', at);
    await registry.save(registration({ clientSecret: 'another-secret' }), 'cli:bob', later);
    await registry.save(registration({ clientSecret: 'another-secret', scope: 'openid' }), 'cli:bob', later);
    await registry.remove('ENTOIDC', 'cli:carol', later);
    const rows = await auditTrail('oidc_ent_provider.');
    assert.deepEqual(
      rows.map((r) => [r.action, r.actor, r.target]),
      [
        ['oidc_ent_provider.add', 'cli:alice', 'oidc_ent_provider:ENTOIDC'],
        ['oidc_ent_provider.change', 'cli:bob', 'oidc_ent_provider:ENTOIDC'],
        ['oidc_ent_provider.change', 'cli:bob', 'oidc_ent_provider:ENTOIDC'],
        ['oidc_ent_provider.remove', 'cli:carol', 'oidc_ent_provider:ENTOIDC'],
      ],
    );
    const state = (scope: string) => ({
      entId: 'ENTOIDC',
      issuer: 'https://ent.example.fr/oidc',
      clientId: 'gar-broker',
      clientSecretSet: true,
      tokenAuthMethod: 'client_secret_basic',
      scope,
      userIdClaim: 'sub',
      useUserinfo: false,
      allowedAlgorithms: null,
    });
    assert.deepEqual(auditedState(rows[0]?.after ?? null), state('openid profile'));
    assert.deepEqual(auditedState(rows[1]?.after ?? null), { ...state('openid profile'), clientSecretChanged: true });
    assert.deepEqual(auditedState(rows[2]?.after ?? null), { ...state('openid'), clientSecretChanged: false });
    assert.deepEqual(auditedState(rows[3]?.before ?? null), state('openid'));
    for (const row of rows) {
      const text = `${row.before ?? ''}${row.after ?? ''}`;
      assert.ok(!text.includes(secret) && !text.includes('another-secret'), 'no secret in the audit');
    }
  });

  it('two concurrent first saves of one ENT project both succeed: one adds, the other changes it', async () => {
    const { registry } = current();
    const outcomes = await Promise.all([
      registry.save(registration(), 'cli:a', at),
      registry.save(registration({ scope: 'openid' }), 'cli:b', at),
    ]);
    assert.ok(outcomes.includes('added'));
    assert.equal((await registry.list()).length, 1);
  });
}
