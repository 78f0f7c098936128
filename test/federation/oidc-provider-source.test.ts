/**
 * The OpenID Provider's keys follow the broker's keyring: the active signing key first (it signs),
 * announced keys published ahead of use, and the provider rebuilt when that set changes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import {
  oidcProviderSource,
  type OidcClientStore,
  type OidcPayloadStore,
  type OidcProviderSettings,
} from '../../src/federation/index.js';
import { oidcPages } from '../../src/broker/index.js';
import { loadOrCreateKeyring, rotateBrokerKey, signingJwks } from '../../src/trust/index.js';

const now = new Date('2026-03-02T08:00:00Z');
const days = (n: number): Date => new Date(now.getTime() + n * 86_400_000);

describe('federation: the OpenID Provider and the broker keyring', function () {
  this.timeout(20000);
  const dir = join(mkdtempSync(join(tmpdir(), 'gar-oidc-keys-')), 'keys');
  let first: ReturnType<typeof loadOrCreateKeyring>;
  before(() => {
    first = loadOrCreateKeyring(dir, now);
  });

  it('gives the signing key as a private RS256 JWK whose kid is the keyring id', () => {
    const [jwk, ...others] = signingJwks(first, now);
    assert.deepEqual(others, []);
    assert.equal(jwk?.kid, first.keys.find((k) => k.use === 'signing')?.id);
    assert.equal(jwk?.alg, 'RS256');
    assert.equal(jwk?.kty, 'RSA');
    assert.equal(typeof jwk?.['d'], 'string');
  });

  it('after a rotation: the active key first, the next one announced; once active, the old one leaves', () => {
    const rotated = rotateBrokerKey(dir, 'signing', 7, days(1));
    const [oldId, newId] = [
      signingJwks(first, now)[0]?.kid,
      rotated.keys.filter((k) => k.use === 'signing').at(-1)?.id,
    ];
    assert.deepEqual(
      signingJwks(rotated, days(2)).map((k) => k.kid),
      [oldId, newId],
    );
    assert.deepEqual(
      signingJwks(rotated, days(9)).map((k) => k.kid),
      [newId],
    );
  });

  it('rebuilds the provider when the keys change, and its JWKS publishes public keys only', async () => {
    const keyring = loadOrCreateKeyring(dir, now);
    const settingsAt = (at: Date): OidcProviderSettings => ({
      issuer: 'https://broker.test/oidc',
      signingKeys: signingJwks(keyring, at),
      cookieKeys: ['k'],
      ttlSeconds: { code: 60, accessToken: 300, idToken: 300, interaction: 600, session: 3600 },
      proxy: false,
      releaseCodes: ['IDO'],
      pages: oidcPages,
    });
    const unused = {} as OidcPayloadStore & OidcClientStore;
    const source = oidcProviderSource(settingsAt, {
      payloads: unused,
      clients: unused,
      now: () => now,
      logger: pino({ level: 'silent' }),
    });
    const during = source(days(2));
    assert.equal(source(days(3)), during, 'same keys, same provider');
    const after = source(days(9));
    assert.notEqual(after, during);
    const jwks = (await request(during.callback()).get('/jwks')).body as { keys: Record<string, unknown>[] };
    assert.equal(jwks.keys.length, 2);
    assert.ok(jwks.keys.every((k) => k['d'] === undefined && k['p'] === undefined));
    assert.equal(((await request(after.callback()).get('/jwks')).body as { keys: unknown[] }).keys.length, 1);
  });
});
