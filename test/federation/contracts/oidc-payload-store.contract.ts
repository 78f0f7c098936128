/**
 * The OidcPayloadStore port (src/federation/ports.ts), oidc-provider's adapter contract: lookups
 * by id, uid and user code, one namespace per model, expiry, single consumption, revocation by
 * grant, purge.
 */
import assert from 'node:assert/strict';
import type { OidcPayloadStore } from '../../../src/federation/index.js';
import { eachSubject, type ContractSubject } from '../../support/contract-subject.js';

export interface OidcPayloadStoreSubject extends ContractSubject {
  readonly payloads: OidcPayloadStore;
}

const now = new Date('2026-03-02T08:00:00Z');
const later = (seconds: number): Date => new Date(now.getTime() + seconds * 1000);

export function oidcPayloadStoreContract(subject: () => Promise<OidcPayloadStoreSubject>): void {
  const current = eachSubject(subject);

  it('finds a payload by id, by uid and by user code; an upsert replaces it', async () => {
    const { payloads } = current();
    await payloads.upsert('Session', 's1', { jti: 's1', uid: 'u1', accountId: 'a' }, later(60));
    await payloads.upsert('DeviceCode', 'd1', { jti: 'd1', userCode: 'ABCD' }, later(60));
    assert.deepEqual(await payloads.find('Session', 's1', now), { jti: 's1', uid: 'u1', accountId: 'a' });
    assert.deepEqual(await payloads.findByUid('Session', 'u1', now), { jti: 's1', uid: 'u1', accountId: 'a' });
    assert.deepEqual(await payloads.findByUserCode('DeviceCode', 'ABCD', now), { jti: 'd1', userCode: 'ABCD' });
    assert.equal(await payloads.find('Grant', 's1', now), undefined, 'one namespace per model');
    assert.equal(await payloads.findByUid('Grant', 'u1', now), undefined);
    await payloads.upsert('Session', 's1', { jti: 's1', uid: 'u2', accountId: 'b' }, later(60));
    assert.deepEqual(await payloads.find('Session', 's1', now), { jti: 's1', uid: 'u2', accountId: 'b' });
    assert.equal(await payloads.findByUid('Session', 'u1', now), undefined);
  });

  it('hides expired payloads at once and purges them; a payload without expiry stays', async () => {
    const { payloads } = current();
    await payloads.upsert('AccessToken', 'short', { jti: 'short' }, later(10));
    await payloads.upsert('AccessToken', 'long', { jti: 'long' }, later(600));
    await payloads.upsert('Client', 'forever', { client_id: 'forever' }, undefined);
    assert.equal(await payloads.find('AccessToken', 'short', later(10)), undefined);
    assert.ok(await payloads.find('AccessToken', 'long', later(10)));
    assert.equal(await payloads.purgeExpired(later(10)), 1);
    assert.ok(await payloads.find('Client', 'forever', later(10_000_000)));
  });

  it('consumes a code once: the first call wins, find reports `consumed` in epoch seconds', async () => {
    const { payloads } = current();
    await payloads.upsert('AuthorizationCode', 'c1', { jti: 'c1', grantId: 'g1' }, later(60));
    const results = await Promise.all([
      payloads.consume('AuthorizationCode', 'c1', later(1)),
      payloads.consume('AuthorizationCode', 'c1', later(1)),
    ]);
    assert.deepEqual(results.sort(), [false, true]);
    assert.equal(
      (await payloads.find('AuthorizationCode', 'c1', later(2)))?.['consumed'],
      Math.floor(later(1).getTime() / 1000),
    );
    assert.equal(await payloads.consume('AuthorizationCode', 'unknown', now), false);
  });

  it('revokes everything of a grant (codes, tokens, the GAR release) and destroys one payload', async () => {
    const { payloads } = current();
    await payloads.upsert('AuthorizationCode', 'c1', { jti: 'c1', grantId: 'g1' }, later(60));
    await payloads.upsert('AccessToken', 't1', { jti: 't1', grantId: 'g1' }, later(60));
    await payloads.upsert('GarRelease', 'g1', { grantId: 'g1', accountId: 'ido', claims: {} }, later(60));
    await payloads.upsert('AccessToken', 't2', { jti: 't2', grantId: 'g2' }, later(60));
    await payloads.revokeByGrantId('g1');
    for (const [model, id] of [
      ['AuthorizationCode', 'c1'],
      ['AccessToken', 't1'],
      ['GarRelease', 'g1'],
    ] as const) {
      assert.equal(await payloads.find(model, id, now), undefined, model);
    }
    assert.ok(await payloads.find('AccessToken', 't2', now));
    await payloads.destroy('AccessToken', 't2');
    assert.equal(await payloads.find('AccessToken', 't2', now), undefined);
  });
}
