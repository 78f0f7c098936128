/**
 * The broker's own ID token check (verifyOidcIdToken), alone: every claim openid-client also checks
 * is checked here again on the signature-verified payload, so neither layer relies on the other.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import type { ServerMetadata } from 'openid-client';
import { oidcTokenHash } from '../../src/idp-bridge/oidc-token-hash.js';
import { verifyOidcIdToken, type IdTokenExpectations } from '../../src/idp-bridge/verify-oidc-id-token.js';
import { hmacJwt, unsignedJwt } from '../support/forged-oidc-provider.js';
import { rejectedCode } from '../support/thrown-code.js';

describe('verifyOidcIdToken: the ID token as the broker checks it', () => {
  const issuer = 'https://ent.example.fr/oidc';
  const now = new Date('2026-03-01T10:00:00.000Z');
  const t = now.getTime() / 1000;
  const secret = { issuer, clientId: 'gar-broker', state: 's', nonce: 'nonce-of-this-login', codeVerifier: 'v' };
  const expected: IdTokenExpectations = {
    entId: 'ENTOIDC',
    issuer,
    clientId: 'gar-broker',
    algorithms: ['RS256', 'ES256'],
    now,
    skewSeconds: 60,
    // OIDC Core Appendix A.4: this access token, and its RS256 at_hash below.
    accessToken: 'jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y',
  };
  const specAtHash = '77QmUPtjPfzWtF2AnpK9RQ';
  const claims: JWTPayload = {
    iss: issuer,
    sub: 'u1',
    aud: 'gar-broker',
    exp: t + 300,
    iat: t - 5,
    nonce: secret.nonce,
  };
  let rsa: CryptoKey;
  let ec: CryptoKey;
  let provider: Parameters<typeof verifyOidcIdToken>[1];

  before(async () => {
    const rsaPair = await generateKeyPair('RS256');
    const ecPair = await generateKeyPair('ES256');
    rsa = rsaPair.privateKey;
    ec = ecPair.privateKey;
    const keys = createLocalJWKSet({
      keys: [
        { ...(await exportJWK(rsaPair.publicKey)), kid: 'rsa' },
        { ...(await exportJWK(ecPair.publicKey)), kid: 'ec' },
      ],
    });
    provider = { server: { issuer } as ServerMetadata, keys };
  });

  const signed = (payload: JWTPayload, alg = 'RS256'): Promise<string> =>
    new SignJWT(payload)
      .setProtectedHeader({ alg, kid: alg === 'RS256' ? 'rsa' : 'ec' })
      .sign(alg === 'RS256' ? rsa : ec);

  it('returns the verified claims of a correct token (RS256 and ES256)', async () => {
    assert.equal((await verifyOidcIdToken(await signed(claims), provider, expected, secret)).sub, 'u1');
    assert.equal((await verifyOidcIdToken(await signed(claims, 'ES256'), provider, expected, secret)).sub, 'u1');
    const withinSkew = { ...claims, exp: t - 30 };
    assert.equal((await verifyOidcIdToken(await signed(withinSkew), provider, expected, secret)).sub, 'u1');
  });

  it(
    'after prompt=login, wants an auth_time at or after the start of the login, within the skew '
      + '(ERR_OIDC_ENT_AUTHENTICATION_STALE)',
    async () => {
      const forced = { ...secret, authenticatedAfter: t - 10 };
      assert.equal(
        (await verifyOidcIdToken(await signed({ ...claims, auth_time: t - 70 }), provider, expected, forced)).sub,
        'u1',
      );
      assert.equal(
        await rejectedCode(
          verifyOidcIdToken(await signed({ ...claims, auth_time: t - 71 }), provider, expected, forced),
        ),
        'ERR_OIDC_ENT_AUTHENTICATION_STALE',
      );
      assert.equal(
        await rejectedCode(verifyOidcIdToken(await signed(claims), provider, expected, forced)),
        'ERR_OIDC_ENT_AUTHENTICATION_STALE',
      );
    },
  );

  it(
    'accepts an at_hash that is the left half of the hash of the access token, with the hash of the alg '
      + '(the example of OIDC Core Appendix A.4; SHA-256 for ES256 too), and a token without at_hash',
    async () => {
      assert.equal((await verifyOidcIdToken(await signed(claims), provider, expected, secret)).sub, 'u1');
      const withHash = { ...claims, at_hash: specAtHash };
      assert.equal((await verifyOidcIdToken(await signed(withHash), provider, expected, secret)).sub, 'u1');
      assert.equal((await verifyOidcIdToken(await signed(withHash, 'ES256'), provider, expected, secret)).sub, 'u1');
    },
  );

  it('hashes with the function of the alg: SHA-384 for the 384 algorithms, SHA-512 for EdDSA', () => {
    const token = expected.accessToken;
    const half = (hash: string, bytes: number) =>
      createHash(hash).update(token).digest().subarray(0, bytes).toString('base64url');
    assert.equal(oidcTokenHash(token, 'RS256'), specAtHash);
    assert.equal(oidcTokenHash(token, 'PS384'), half('sha384', 24));
    assert.equal(oidcTokenHash(token, 'ES512'), half('sha512', 32));
    assert.equal(oidcTokenHash(token, 'EdDSA'), half('sha512', 32));
    assert.equal(oidcTokenHash(token, 'HS256'), undefined);
  });

  const cases: readonly [string, () => Promise<string>, string, Partial<IdTokenExpectations>?][] = [
    ['another issuer', () => signed({ ...claims, iss: 'https://evil.example' }), 'ERR_OIDC_ENT_ID_TOKEN_INVALID'],
    ['another audience', () => signed({ ...claims, aud: 'other' }), 'ERR_OIDC_ENT_ID_TOKEN_INVALID'],
    [
      'several audiences without azp',
      () => signed({ ...claims, aud: ['gar-broker', 'other'] }),
      'ERR_OIDC_ENT_ID_TOKEN_INVALID',
    ],
    ['an azp that is another client', () => signed({ ...claims, azp: 'other' }), 'ERR_OIDC_ENT_ID_TOKEN_INVALID'],
    ['expired beyond the skew', () => signed({ ...claims, exp: t - 61 }), 'ERR_OIDC_ENT_ID_TOKEN_INVALID'],
    [
      'issued beyond the skew in the future',
      () => signed({ ...claims, iat: t + 61, exp: t + 600 }),
      'ERR_OIDC_ENT_ID_TOKEN_INVALID',
    ],
    [
      'without iat',
      async () => {
        const { iat: _iat, ...rest } = claims;
        return signed(rest);
      },
      'ERR_OIDC_ENT_ID_TOKEN_INVALID',
    ],
    [
      'without exp',
      async () => {
        const { exp: _exp, ...rest } = claims;
        return signed(rest);
      },
      'ERR_OIDC_ENT_ID_TOKEN_INVALID',
    ],
    ['alg none', async () => unsignedJwt(claims), 'ERR_OIDC_ENT_ID_TOKEN_INVALID'],
    [
      'HS256 even when listed',
      () => hmacJwt(claims, 'shared'),
      'ERR_OIDC_ENT_ID_TOKEN_INVALID',
      { algorithms: ['HS256', 'RS256'] },
    ],
    [
      'an algorithm outside the list',
      () => signed(claims, 'ES256'),
      'ERR_OIDC_ENT_ID_TOKEN_INVALID',
      { algorithms: ['RS256'] },
    ],
    ['not a JWS', async () => 'not-a-token', 'ERR_OIDC_ENT_ID_TOKEN_INVALID'],
    ['the nonce of another login', () => signed({ ...claims, nonce: 'other' }), 'ERR_OIDC_ENT_NONCE_MISMATCH'],
    [
      'an at_hash of another access token',
      () => signed({ ...claims, at_hash: 'AAAAAAAAAAAAAAAAAAAAAA' }),
      'ERR_OIDC_ENT_AT_HASH_MISMATCH',
    ],
    [
      'an at_hash made with SHA-512 under ES256 (the hash of another alg)',
      () =>
        signed(
          {
            ...claims,
            at_hash: createHash('sha512').update(expected.accessToken).digest().subarray(0, 32).toString('base64url'),
          },
          'ES256',
        ),
      'ERR_OIDC_ENT_AT_HASH_MISMATCH',
    ],
    [
      'no nonce',
      async () => {
        const { nonce: _nonce, ...rest } = claims;
        return signed(rest);
      },
      'ERR_OIDC_ENT_ID_TOKEN_INVALID',
    ],
  ];
  for (const [what, token, code, narrower] of cases) {
    it(`refuses a token: ${what} (${code})`, async () => {
      // HS256 "listed": the upstream filters it out before this check, as oidcAllowedAlgorithms does.
      const algorithms = (narrower?.algorithms ?? expected.algorithms).filter((a) => !a.startsWith('HS'));
      assert.equal(
        await rejectedCode(verifyOidcIdToken(await token(), provider, { ...expected, algorithms }, secret)),
        code,
      );
    });
  }
});
