/** registerOidcClient: the broker's rules, then oidc-provider's client schema; a refused client leaves nothing. */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBrokerError } from '../../src/core/broker-error.js';
import {
  createOidcClientValidator,
  registerOidcClient,
  type OidcClientRecord,
  type OidcClientRegistration,
  type OidcClientStore,
} from '../../src/federation/index.js';
import { loadOrCreateKeyring, signingJwks } from '../../src/trust/index.js';

const now = new Date('2026-03-02T08:00:00Z');
const secret = 'a-client-secret-of-forty-characters-0123';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };
const good: OidcClientRegistration = {
  clientId: 'editeur-a',
  distributorId: '123456789_0000000000000001',
  redirectUris: ['https://editeur-a.fr/cb'],
  auth: { method: 'client_secret_basic', secret },
};

describe('federation: registerOidcClient', function () {
  this.timeout(20000);
  const saved: OidcClientRecord[] = [];
  const store = {
    save: async (record: OidcClientRecord) => {
      saved.push(record);
      return 'added' as const;
    },
  } as unknown as OidcClientStore;
  const validate = createOidcClientValidator(
    signingJwks(loadOrCreateKeyring(join(mkdtempSync(join(tmpdir(), 'gar-oidc-reg-')), 'keys'), now), now),
  );
  const register = (registration: OidcClientRegistration) =>
    registerOidcClient(registration, { store, validate, actor: 'test', now });
  beforeEach(() => {
    saved.length = 0;
  });

  const accepted: readonly (readonly [string, OidcClientRegistration])[] = [
    ['a client_secret_basic client', good],
    ['a client_secret_post client', { ...good, auth: { method: 'client_secret_post', secret } }],
    [
      'a private_key_jwt client with public keys',
      { ...good, auth: { method: 'private_key_jwt', jwks: { keys: [publicJwk] } } },
    ],
    [
      'http to localhost and 127.0.0.1 (tests, demos)',
      { ...good, redirectUris: ['http://localhost:3000/cb', 'http://127.0.0.1/cb'] },
    ],
  ];
  for (const [what, registration] of accepted) {
    it(`accepts ${what}: code flow only`, async () => {
      const { record } = await register(registration);
      assert.deepEqual(record.metadata['response_types'], ['code']);
      assert.deepEqual(record.metadata['grant_types'], ['authorization_code']);
      assert.equal(saved.length, 1);
    });
  }

  const refused: readonly (readonly [string, OidcClientRegistration])[] = [
    ['a client id with a space', { ...good, clientId: 'editeur a' }],
    ['a distributor out of form', { ...good, distributorId: '123456789' }],
    ['no redirect URI', { ...good, redirectUris: [] }],
    ['an http redirect URI to another host', { ...good, redirectUris: ['http://editeur-a.fr/cb'] }],
    ['a redirect URI with a fragment', { ...good, redirectUris: ['https://editeur-a.fr/cb#frag'] }],
    ['a redirect URI with credentials', { ...good, redirectUris: ['https://user:pw@editeur-a.fr/cb'] }],
    ['a custom scheme', { ...good, redirectUris: ['app.editeur:/cb'] }],
    ['a short secret', { ...good, auth: { method: 'client_secret_basic', secret: 'short' } }],
    ['private_key_jwt without keys', { ...good, auth: { method: 'private_key_jwt', jwks: { keys: [] } } }],
    [
      'a JWKS holding a private RSA key',
      {
        ...good,
        auth: { method: 'private_key_jwt', jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'k1' }] } },
      },
    ],
    [
      'a JWKS holding a symmetric key',
      { ...good, auth: { method: 'private_key_jwt', jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'k1' }] } } },
    ],
    [
      'a method other than the three',
      { ...good, auth: { method: 'none', secret } as unknown as OidcClientRegistration['auth'] },
    ],
  ];
  for (const [what, registration] of refused) {
    it(`refuses ${what}: ERR_OIDC_CLIENT_INPUT, nothing saved`, async () => {
      await assert.rejects(
        register(registration),
        (e: unknown) => isBrokerError(e) && e.code === 'ERR_OIDC_CLIENT_INPUT',
      );
      assert.equal(saved.length, 0);
    });
  }

  it('keeps no back-channel logout metadata for a client that registered none', async () => {
    const { record } = await register(good);
    assert.equal(record.metadata['backchannel_logout_uri'], undefined);
    assert.equal(record.metadata['backchannel_logout_session_required'], undefined);
  });

  type BackchannelLogout = NonNullable<OidcClientRegistration['backchannelLogout']>;
  const logoutAccepted: readonly (readonly [string, BackchannelLogout, boolean])[] = [
    [
      'an https back-channel logout URI, sid required by default',
      { uri: 'https://editeur-a.fr/oidc/logout?x=1' },
      true,
    ],
    ['http to 127.0.0.1 (tests)', { uri: 'http://127.0.0.1:8080/logout' }, true],
    ['a client that does not require sid', { uri: 'https://editeur-a.fr/logout', sessionRequired: false }, false],
  ];
  for (const [what, backchannelLogout, sessionRequired] of logoutAccepted) {
    it(`accepts ${what}`, async () => {
      const { record } = await register({ ...good, backchannelLogout });
      assert.equal(record.metadata['backchannel_logout_uri'], backchannelLogout.uri);
      assert.equal(record.metadata['backchannel_logout_session_required'], sessionRequired);
    });
  }

  const logoutRefused: readonly (readonly [string, string])[] = [
    ['an http back-channel logout URI to another host', 'http://editeur-a.fr/logout'],
    ['a back-channel logout URI with a fragment', 'https://editeur-a.fr/logout#x'],
    ['a back-channel logout URI with credentials', 'https://u:p@editeur-a.fr/logout'],
    ['a relative back-channel logout URI', '/logout'],
    ['a back-channel logout URI of another scheme', 'ftp://editeur-a.fr/logout'],
  ];
  for (const [what, uri] of logoutRefused) {
    it(`refuses ${what}: ERR_OIDC_CLIENT_INPUT, nothing saved`, async () => {
      await assert.rejects(
        register({ ...good, backchannelLogout: { uri } }),
        (e: unknown) => isBrokerError(e) && e.code === 'ERR_OIDC_CLIENT_INPUT',
      );
      assert.equal(saved.length, 0);
    });
  }

  it("oidc-provider's schema knows the back-channel logout metadata and checks it", async () => {
    const metadata = {
      client_id: 'c1',
      redirect_uris: ['https://a.fr/cb'],
      token_endpoint_auth_method: 'client_secret_basic',
      client_secret: secret,
      response_types: ['code'],
      grant_types: ['authorization_code'],
      backchannel_logout_uri: 'https://a.fr/logout',
    };
    await validate({ ...metadata, backchannel_logout_session_required: true });
    await assert.rejects(
      validate({ ...metadata, backchannel_logout_session_required: 'yes' }),
      (e: unknown) =>
        (e as { error_description?: string }).error_description?.includes('backchannel_logout_session_required')
        === true,
    );
  });
});
