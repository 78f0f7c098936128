/**
 * Upstream OIDC against a misbehaving provider (test/support/forged-oidc-provider.ts): each answer
 * it forges is refused with its own code. The provider advertises `none` and HS256, so the
 * refusals of those come from the broker's allow-list, not from openid-client's reading of
 * discovery.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { JWTPayload } from 'jose';
import {
  createOidcEntLogins,
  type EntLoginMode,
  type OidcEntLogins,
  type OidcEntRegistration,
} from '../../src/idp-bridge/index.js';
import {
  hmacJwt,
  startForgedOidcProvider,
  unsignedJwt,
  type ForgeContext,
  type ForgedOidcProvider,
} from '../support/forged-oidc-provider.js';
import { browseToCallback, memoryOidcEntRegistry, testOidcSettings } from '../support/oidc-ent-login.js';
import { rejectedCode } from '../support/thrown-code.js';

describe('upstream OIDC: a misbehaving provider is refused', function () {
  this.timeout(20_000);
  let forged: ForgedOidcProvider;
  before(async () => {
    forged = await startForgedOidcProvider();
  });
  beforeEach(() => {
    forged.reset();
  });
  after(() => forged.close());

  /** The relying party, and its registry (in memory) for the tests that change a registration mid-login. */
  const loginsFor = (
    overrides: Partial<OidcEntRegistration> = {},
  ): OidcEntLogins & { registry: ReturnType<typeof memoryOidcEntRegistry> } => {
    const registry = memoryOidcEntRegistry(forged.registration('ENTOIDC', overrides));
    return Object.assign(createOidcEntLogins(registry, testOidcSettings()), { registry });
  };

  async function callbackOf(logins: OidcEntLogins, mode: EntLoginMode = 'normal') {
    const request = await logins.request('ENTOIDC', new Date(), mode);
    assert.ok(request !== undefined);
    return { request, callback: await browseToCallback(request.redirectUrl) };
  }

  async function outcome(
    idToken?: (context: ForgeContext) => Promise<string>,
    overrides: Partial<OidcEntRegistration> = {},
    now = new Date(),
  ) {
    if (idToken !== undefined) forged.idToken = idToken;
    const logins = loginsFor(overrides);
    const { request, callback } = await callbackOf(logins);
    return rejectedCode(logins.verify('ENTOIDC', callback, request.secret, now));
  }

  const withClaims = (change: (claims: JWTPayload, context: ForgeContext) => JWTPayload) => (c: ForgeContext) =>
    c.sign(change({ ...c.claims }, c));
  const secondsFromNow = (s: number): number => Math.floor(Date.now() / 1000) + s;

  it('accepts the correct answer of the same provider (the control of every case below)', async () => {
    const logins = loginsFor();
    const { request, callback } = await callbackOf(logins);
    const verified = await logins.verify('ENTOIDC', callback, request.secret, new Date());
    assert.equal(verified.identity.entUserId, 'forged-user');
    assert.equal(verified.identity.issuer, forged.issuer);
  });

  const idTokenCases: readonly [string, (context: ForgeContext) => Promise<string>, string][] = [
    [
      'an ID token from another issuer',
      withClaims((c) => ({ ...c, iss: 'https://evil.example' })),
      'ERR_OIDC_ENT_ID_TOKEN_INVALID',
    ],
    [
      'an ID token for another client (aud)',
      withClaims((c) => ({ ...c, aud: 'another-client' })),
      'ERR_OIDC_ENT_ID_TOKEN_INVALID',
    ],
    [
      'an ID token for several audiences without azp',
      withClaims((c, x) => ({ ...c, aud: [x.clientId, 'another-client'] })),
      'ERR_OIDC_ENT_ID_TOKEN_INVALID',
    ],
    [
      'an ID token whose azp is another client',
      withClaims((c, x) => ({ ...c, aud: [x.clientId, 'another-client'], azp: 'another-client' })),
      'ERR_OIDC_ENT_ID_TOKEN_INVALID',
    ],
    [
      'an expired ID token',
      withClaims((c) => ({ ...c, iat: secondsFromNow(-7200), exp: secondsFromNow(-3600) })),
      'ERR_OIDC_ENT_ID_TOKEN_INVALID',
    ],
    [
      'an ID token issued in the future (iat)',
      withClaims((c) => ({ ...c, iat: secondsFromNow(3600), exp: secondsFromNow(7200) })),
      'ERR_OIDC_ENT_ID_TOKEN_INVALID',
    ],
    ['an ID token without sub', withClaims(({ sub: _sub, ...c }) => c), 'ERR_OIDC_ENT_ID_TOKEN_INVALID'],
    ['an unsigned ID token (alg: none)', async (c) => unsignedJwt(c.claims), 'ERR_OIDC_ENT_ID_TOKEN_INVALID'],
    [
      'an ID token "signed" with HS256 keyed by the client secret',
      (c) => hmacJwt(c.claims, c.clientSecret),
      'ERR_OIDC_ENT_ID_TOKEN_INVALID',
    ],
    [
      'an ID token signed by a key absent from the JWKS (unknown kid)',
      (c) => c.signWithForeignKey(c.claims, 'attacker-key'),
      'ERR_OIDC_ENT_ID_TOKEN_INVALID',
    ],
    [
      'an ID token signed by another key under the published kid',
      (c) => c.signWithForeignKey(c.claims, 'forged-rs256'),
      'ERR_OIDC_ENT_ID_TOKEN_INVALID',
    ],
    [
      'an ID token with a tampered payload (signature of other claims)',
      async (c) => {
        const [header, , signature] = (await c.sign(c.claims)).split('.');
        const payload = Buffer.from(JSON.stringify({ ...c.claims, sub: 'someone-else' })).toString('base64url');
        return `${header ?? ''}.${payload}.${signature ?? ''}`;
      },
      'ERR_OIDC_ENT_ID_TOKEN_INVALID',
    ],
    ['an ID token without nonce', withClaims(({ nonce: _nonce, ...c }) => c), 'ERR_OIDC_ENT_ID_TOKEN_INVALID'],
    [
      'an ID token with the nonce of another login',
      withClaims((c) => ({ ...c, nonce: 'nonce-of-another-login' })),
      'ERR_OIDC_ENT_NONCE_MISMATCH',
    ],
  ];
  for (const [what, idToken, code] of idTokenCases) {
    it(`refuses ${what} (${code})`, async () => {
      assert.equal(await outcome(idToken), code);
    });
  }

  describe('at_hash (OIDC Core §3.1.3.6): the access token must be the one the ID token was signed for', () => {
    /** The left half of the SHA-256 (RS256) of the access token, base64url. */
    const atHash = (accessToken: string): string =>
      createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');

    it('accepts an ID token whose at_hash is the hash of the access token it came with', async () => {
      forged.idToken = withClaims((c, x) => ({ ...c, at_hash: atHash(x.accessToken) }));
      const logins = loginsFor();
      const { request, callback } = await callbackOf(logins);
      assert.equal(
        (await logins.verify('ENTOIDC', callback, request.secret, new Date())).identity.entUserId,
        'forged-user',
      );
    });

    it('accepts an ID token without at_hash (optional on the code flow)', async () => {
      forged.idToken = withClaims(({ at_hash: _atHash, ...c }) => c);
      const logins = loginsFor();
      const { request, callback } = await callbackOf(logins);
      assert.equal(
        (await logins.verify('ENTOIDC', callback, request.secret, new Date())).identity.entUserId,
        'forged-user',
      );
    });

    const mismatches: readonly [string, (context: ForgeContext) => Promise<string>][] = [
      [
        'an access token swapped for another one',
        withClaims((c) => ({ ...c, at_hash: atHash('another-access-token') })),
      ],
      [
        'the whole hash instead of its left half',
        withClaims((c, x) => ({ ...c, at_hash: createHash('sha256').update(x.accessToken).digest('base64url') })),
      ],
      ['an at_hash that is not a string', withClaims((c) => ({ ...c, at_hash: 42 }))],
    ];
    for (const [what, idToken] of mismatches) {
      it(`refuses an ID token whose at_hash does not match: ${what} (ERR_OIDC_ENT_AT_HASH_MISMATCH)`, async () => {
        assert.equal(await outcome(idToken), 'ERR_OIDC_ENT_AT_HASH_MISMATCH');
      });
    }
  });

  it('refuses HS256 even when a registration lists it (ERR_OIDC_ENT_ID_TOKEN_INVALID)', async () => {
    assert.equal(
      await outcome((c) => hmacJwt(c.claims, c.clientSecret), { allowedAlgorithms: ['HS256', 'RS256'] }),
      'ERR_OIDC_ENT_ID_TOKEN_INVALID',
    );
  });

  it('refuses a correctly signed RS256 token when only ES256 is allowed (ERR_OIDC_ENT_ID_TOKEN_INVALID)', async () => {
    assert.equal(await outcome(undefined, { allowedAlgorithms: ['ES256'] }), 'ERR_OIDC_ENT_ID_TOKEN_INVALID');
  });

  it("judges expiry at the broker's clock, not the process's: a token valid now is expired an hour later", async () => {
    assert.equal(await outcome(undefined, {}, new Date(Date.now() + 3_600_000)), 'ERR_OIDC_ENT_ID_TOKEN_INVALID');
  });

  it('refuses a code the provider already redeemed (invalid_grant → ERR_OIDC_ENT_CODE_REFUSED)', async () => {
    const logins = loginsFor();
    const { request, callback } = await callbackOf(logins);
    await logins.verify('ENTOIDC', callback, request.secret, new Date());
    assert.equal(
      await rejectedCode(logins.verify('ENTOIDC', callback, request.secret, new Date())),
      'ERR_OIDC_ENT_CODE_REFUSED',
    );
  });

  it(
    'gives the same replay key for a code a careless provider redeems twice, '
      + "so the broker's replay cache refuses the second",
    async () => {
      forged.acceptReusedCode = true;
      const logins = loginsFor();
      const { request, callback } = await callbackOf(logins);
      const first = await logins.verify('ENTOIDC', callback, request.secret, new Date());
      const second = await logins.verify('ENTOIDC', callback, request.secret, new Date());
      assert.equal(second.replayKey, first.replayKey);
    },
  );

  const callbackCases: readonly [string, (p: URLSearchParams) => URLSearchParams, string][] = [
    [
      'a callback with another state',
      (p) => {
        p.set('state', 'another-state');
        return p;
      },
      'ERR_OIDC_ENT_STATE_MISMATCH',
    ],
    [
      'a callback without state',
      (p) => {
        p.delete('state');
        return p;
      },
      'ERR_OIDC_ENT_STATE_MISMATCH',
    ],
    [
      'a callback with two states',
      (p) => {
        p.append('state', 'another-state');
        return p;
      },
      'ERR_OIDC_ENT_STATE_MISMATCH',
    ],
    [
      'a callback whose iss is another provider (mix-up)',
      (p) => {
        p.set('iss', 'https://other-ent.example');
        return p;
      },
      'ERR_OIDC_ENT_ISSUER_MISMATCH',
    ],
    [
      'a callback without iss from a provider that advertises it',
      (p) => {
        p.delete('iss');
        return p;
      },
      'ERR_OIDC_ENT_ISSUER_MISMATCH',
    ],
    [
      "the provider's error answer (access_denied)",
      (p) => new URLSearchParams({ error: 'access_denied', state: p.get('state') ?? '', iss: p.get('iss') ?? '' }),
      'ERR_OIDC_ENT_ERROR',
    ],
    [
      'a callback without code',
      (p) => {
        p.delete('code');
        return p;
      },
      'ERR_OIDC_ENT_RESPONSE_INVALID',
    ],
    [
      'a callback with two codes',
      (p) => {
        p.append('code', 'second');
        return p;
      },
      'ERR_OIDC_ENT_RESPONSE_INVALID',
    ],
    [
      'a callback carrying an ID token (implicit answer)',
      (p) => {
        p.set('id_token', 'x.y.z');
        return p;
      },
      'ERR_OIDC_ENT_RESPONSE_INVALID',
    ],
  ];
  for (const [what, change, code] of callbackCases) {
    it(`refuses ${what} (${code})`, async () => {
      forged.callbackParameters = change;
      assert.equal(await outcome(), code);
    });
  }

  const noSessionErrors = ['login_required', 'interaction_required', 'consent_required', 'account_selection_required'];
  const answering = (error: string) => (p: URLSearchParams) =>
    new URLSearchParams({ error, state: p.get('state') ?? '', iss: p.get('iss') ?? '' });

  for (const error of noSessionErrors) {
    it(`reads ${error} in answer to prompt=none as "no session at the ENT" (ERR_OIDC_ENT_NO_SESSION)`, async () => {
      forged.callbackParameters = answering(error);
      const logins = loginsFor();
      const { request, callback } = await callbackOf(logins, 'passive');
      assert.equal(
        await rejectedCode(logins.verify('ENTOIDC', callback, request.secret, new Date())),
        'ERR_OIDC_ENT_NO_SESSION',
      );
    });
  }

  it(
    "keeps login_required to a request that was not passive the provider's refusal " + '(ERR_OIDC_ENT_ERROR)',
    async () => {
      forged.callbackParameters = answering('login_required');
      assert.equal(await outcome(), 'ERR_OIDC_ENT_ERROR');
    },
  );

  it(
    "keeps any other error to a passive request the provider's refusal " + '(access_denied → ERR_OIDC_ENT_ERROR)',
    async () => {
      forged.callbackParameters = answering('access_denied');
      const logins = loginsFor();
      const { request, callback } = await callbackOf(logins, 'passive');
      assert.equal(
        await rejectedCode(logins.verify('ENTOIDC', callback, request.secret, new Date())),
        'ERR_OIDC_ENT_ERROR',
      );
    },
  );

  it("checks the state before reading a passive answer's error (ERR_OIDC_ENT_STATE_MISMATCH)", async () => {
    forged.callbackParameters = (p) =>
      new URLSearchParams({ error: 'login_required', state: 'x', iss: p.get('iss') ?? '' });
    const logins = loginsFor();
    const { request, callback } = await callbackOf(logins, 'passive');
    assert.equal(
      await rejectedCode(logins.verify('ENTOIDC', callback, request.secret, new Date())),
      'ERR_OIDC_ENT_STATE_MISMATCH',
    );
  });

  it("puts the ID token's sid in the identity, and leaves out one that is not a usable identifier", async () => {
    const identityWith = async (sid: unknown) => {
      forged.idToken = withClaims((c) => ({ ...c, sid }));
      const logins = loginsFor();
      const { request, callback } = await callbackOf(logins);
      return (await logins.verify('ENTOIDC', callback, request.secret, new Date())).identity;
    };
    const sid = '08a5019c-17e1-4977-8f42-65a12843ea02';
    assert.deepEqual((await identityWith(sid)).entSession, { sid });
    assert.equal((await identityWith('s'.repeat(256))).entSession, undefined);
    assert.equal((await identityWith(42)).entSession, undefined);
    assert.equal((await identityWith('')).entSession, undefined);
    forged.idToken = (c) => c.sign(c.claims);
    const logins = loginsFor();
    const { request, callback } = await callbackOf(logins);
    const verified = await logins.verify('ENTOIDC', callback, request.secret, new Date());
    assert.equal(verified.identity.entSession, undefined, 'no sid, no ENT session');
  });

  it('accepts a callback without iss from a provider that does not advertise it (RFC 9207 §2.4)', async () => {
    forged.advertiseIss = false;
    forged.callbackParameters = (p) => {
      p.delete('iss');
      return p;
    };
    const logins = loginsFor();
    const { request, callback } = await callbackOf(logins);
    assert.equal(
      (await logins.verify('ENTOIDC', callback, request.secret, new Date())).identity.entUserId,
      'forged-user',
    );
  });

  it("refuses userinfo about another subject than the ID token's (ERR_OIDC_ENT_USERINFO_INVALID)", async () => {
    forged.userinfo = { sub: 'someone-else', gar_person_id: 'P-9' };
    assert.equal(
      await outcome(undefined, { useUserinfo: true, userIdClaim: 'gar_person_id' }),
      'ERR_OIDC_ENT_USERINFO_INVALID',
    );
  });

  it(
    "refuses an answer when the ENT's registration moved to another provider during the login "
      + '(ERR_OIDC_ENT_ISSUER_MISMATCH), or was removed (ERR_OIDC_ENT_UNKNOWN)',
    async () => {
      const logins = loginsFor();
      const { request, callback } = await callbackOf(logins);
      logins.registry.entries.set('ENTOIDC', forged.registration('ENTOIDC', { clientId: 'another-client' }));
      assert.equal(
        await rejectedCode(logins.verify('ENTOIDC', callback, request.secret, new Date())),
        'ERR_OIDC_ENT_ISSUER_MISMATCH',
      );
      logins.registry.entries.delete('ENTOIDC');
      assert.equal(
        await rejectedCode(logins.verify('ENTOIDC', callback, request.secret, new Date())),
        'ERR_OIDC_ENT_UNKNOWN',
      );
    },
  );

  it(
    'reports a wrong client secret as the token endpoint refusing the broker '
      + '(invalid_client → ERR_OIDC_ENT_TOKEN_REFUSED)',
    async () => {
      assert.equal(await outcome(undefined, { clientSecret: 'wrong-secret' }), 'ERR_OIDC_ENT_TOKEN_REFUSED');
    },
  );

  it('reports a provider gone after the redirect as unreachable (ERR_OIDC_ENT_UNREACHABLE)', async () => {
    const gone = await startForgedOidcProvider();
    const logins = createOidcEntLogins(memoryOidcEntRegistry(gone.registration('ENTOIDC')), testOidcSettings());
    const request = await logins.request('ENTOIDC', new Date());
    const callback = await browseToCallback(request?.redirectUrl ?? '');
    await gone.close();
    assert.equal(
      await rejectedCode(logins.verify('ENTOIDC', callback, request?.secret ?? '', new Date())),
      'ERR_OIDC_ENT_UNREACHABLE',
    );
  });

  it("reads a provider's discovery once for many logins of one ENT project (cached per process)", async () => {
    const logins = loginsFor();
    const before = forged.discoveryFetches;
    const [first, second] = await Promise.all([callbackOf(logins), callbackOf(logins)]);
    await logins.verify('ENTOIDC', first.callback, first.request.secret, new Date());
    await logins.verify('ENTOIDC', second.callback, second.request.secret, new Date());
    assert.equal(forged.discoveryFetches - before, 1);
  });

  it(
    'refuses a token answer larger than 256 KiB without buffering it ' + '(bounded fetch → ERR_OIDC_ENT_UNREACHABLE)',
    async () => {
      assert.equal(
        await outcome(async (c) => `${await c.sign(c.claims)}${'A'.repeat(300 * 1024)}`),
        'ERR_OIDC_ENT_UNREACHABLE',
      );
    },
  );

  it('reports an unservable JWKS as unreachable, not as a bad token (ERR_OIDC_ENT_UNREACHABLE)', async () => {
    forged.jwksDown = true;
    assert.equal(await outcome(), 'ERR_OIDC_ENT_UNREACHABLE');
  });

  it(
    'after prompt=login, accepts an auth_time since the login began, '
      + 'and refuses an older or absent one (ERR_OIDC_ENT_AUTHENTICATION_STALE)',
    async () => {
      const logins = loginsFor();
      const forced = async () => {
        const { request, callback } = await callbackOf(logins, 'force');
        return logins.verify('ENTOIDC', callback, request.secret, new Date());
      };
      assert.equal((await forced()).identity.entUserId, 'forged-user');
      forged.idToken = withClaims((c) => ({ ...c, auth_time: secondsFromNow(-3600) }));
      assert.equal(await rejectedCode(forced()), 'ERR_OIDC_ENT_AUTHENTICATION_STALE');
      forged.idToken = withClaims(({ auth_time: _authTime, ...c }) => c);
      assert.equal(await rejectedCode(forced()), 'ERR_OIDC_ENT_AUTHENTICATION_STALE');
      const { request, callback } = await callbackOf(logins);
      assert.equal(
        (await logins.verify('ENTOIDC', callback, request.secret, new Date())).identity.entUserId,
        'forged-user',
        'without prompt=login, no auth_time is fine',
      );
    },
  );

  it('refuses a login transaction secret that cannot be read (ERR_OIDC_ENT_RESPONSE_INVALID)', async () => {
    const logins = loginsFor();
    const { callback } = await callbackOf(logins);
    assert.equal(
      await rejectedCode(logins.verify('ENTOIDC', callback, '{"v":1}', new Date())),
      'ERR_OIDC_ENT_RESPONSE_INVALID',
    );
  });
});
