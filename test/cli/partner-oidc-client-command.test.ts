/**
 * `gar-broker partner oidc-client add|list|remove` through runCli on a temporary SQLite file: input checks,
 * secrets never listed nor audited.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { SecretInputIo } from '../../src/cli/read-secret-line.js';
import { runCli } from '../../src/cli/run-cli.js';
import { createOidcClientStore, migrateStore, openStore } from '../../src/store/index.js';
import { captureCliIo } from '../support/cli-io.js';

const secret = 'a-client-secret-of-forty-characters-0123';
const distributor = '123456789_0000000000000001';

describe('gar-broker partner oidc-client add, list and remove', function () {
  this.timeout(20000);
  let dir: string;
  let database: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gar-cli-oidc-client-'));
    database = `sqlite:${join(dir, 'db.sqlite')}`;
  });

  const run = async (
    argv: readonly string[],
    input: { readonly env?: NodeJS.ProcessEnv; readonly stdin?: string } = {},
  ) => {
    const t = captureCliIo({
      DATABASE_URL: database,
      LOG_LEVEL: 'silent',
      GAR_BROKER_SAML_KEYS_DIR: join(dir, 'keys'),
      ...input.env,
    });
    const io: SecretInputIo = { ...t.io, stdin: Readable.from(input.stdin === undefined ? [] : [input.stdin]) };
    const code = await runCli(['partner', 'oidc-client', ...argv], io);
    return { code, stdout: t.stdout(), stderr: t.stderr() };
  };
  const inStore = async <T>(read: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> => {
    const store = await openStore({ url: database });
    try {
      await migrateStore(store);
      return await read(store);
    } finally {
      await store.close();
    }
  };
  const base = [
    'add',
    '--client-id',
    'editeur-a',
    '--distributor',
    distributor,
    '--redirect-uri',
    'https://editeur-a.example.fr/cb',
  ];

  it(
    'adds a client_secret_basic client, the secret from standard input; ' + 'list never shows it, nor does the audit',
    async () => {
      const added = await run(
        [...base, '--auth', 'secret', '--redirect-uri', 'https://editeur-a.example.fr/cb2', '--by', 'alice'],
        { stdin: `${secret}\n` },
      );
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stdout, /Client OIDC ajouté : editeur-a/);
      const record = await inStore((store) => createOidcClientStore(store).find('editeur-a'));
      assert.deepEqual(record?.metadata, {
        token_endpoint_auth_method: 'client_secret_basic',
        client_secret: secret,
        redirect_uris: ['https://editeur-a.example.fr/cb', 'https://editeur-a.example.fr/cb2'],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      });
      const listed = await run(['list']);
      assert.match(listed.stdout, /editeur-a\s+123456789_0000000000000001\s+client_secret_basic/);
      const audit = await inStore((store) =>
        store.db.selectFrom('audit_event').selectAll().where('target', '=', 'oidc_client:editeur-a').execute(),
      );
      assert.equal(audit.length, 1);
      assert.equal(audit[0]?.actor, 'cli:alice');
      assert.ok(!JSON.stringify(audit).includes(secret), 'no secret in the audit');
      assert.ok(!`${added.stdout}${added.stderr}${listed.stdout}`.includes(secret));
    },
  );

  it('generates a secret and prints it once; takes one from a named variable', async () => {
    const generated = await run([...base, '--auth', 'secret-post', '--generate-secret']);
    assert.equal(generated.code, 0, generated.stderr);
    const printed = /Secret client[^:]*: (\S+)/.exec(generated.stdout)?.[1];
    assert.equal(
      (await inStore((store) => createOidcClientStore(store).find('editeur-a')))?.metadata['client_secret'],
      printed,
    );
    const fromEnv = await run([...base, '--auth', 'secret', '--client-secret-env', 'EDITEUR_SECRET'], {
      env: { EDITEUR_SECRET: secret },
    });
    assert.match(fromEnv.stdout, /mis à jour/);
    assert.equal(
      (await inStore((store) => createOidcClientStore(store).find('editeur-a')))?.metadata['client_secret'],
      secret,
    );
  });

  it('adds a private_key_jwt client with public keys; refuses a JWKS holding a private key', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicFile = join(dir, 'public.json');
    writeFileSync(
      publicFile,
      JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' }] }),
    );
    assert.equal((await run([...base, '--auth', 'private_key_jwt', '--jwks', publicFile])).code, 0);
    const privateFile = join(dir, 'private.json');
    writeFileSync(privateFile, JSON.stringify({ keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'k1' }] }));
    const refused = await run([
      'add',
      '--client-id',
      'editeur-b',
      '--distributor',
      distributor,
      '--redirect-uri',
      'https://b.example.fr/cb',
      '--auth',
      'private_key_jwt',
      '--jwks',
      privateFile,
    ]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /ERR_OIDC_CLIENT_INPUT/);
    assert.equal(await inStore((store) => createOidcClientStore(store).find('editeur-b')), undefined);
  });

  const refusals: readonly (readonly [string, readonly string[]])[] = [
    [
      'a distributor out of form',
      ['add', '--client-id', 'c1', '--distributor', '123', '--redirect-uri', 'https://a.fr/cb', '--auth', 'secret'],
    ],
    [
      'an http redirect URI',
      [
        'add',
        '--client-id',
        'c1',
        '--distributor',
        distributor,
        '--redirect-uri',
        'http://a.fr/cb',
        '--auth',
        'secret',
      ],
    ],
    [
      'a redirect URI with a fragment',
      [
        'add',
        '--client-id',
        'c1',
        '--distributor',
        distributor,
        '--redirect-uri',
        'https://a.fr/cb#x',
        '--auth',
        'secret',
      ],
    ],
    [
      'a client id out of form',
      [
        'add',
        '--client-id',
        'a b',
        '--distributor',
        distributor,
        '--redirect-uri',
        'https://a.fr/cb',
        '--auth',
        'secret',
      ],
    ],
  ];
  for (const [what, argv] of refusals) {
    it(`refuses ${what}: nothing saved`, async () => {
      const result = await run(argv, { stdin: `${secret}\n` });
      assert.equal(result.code, 1, result.stdout);
      assert.match(result.stderr, /ERR_OIDC_CLIENT_INPUT/);
      assert.deepEqual(await inStore((store) => createOidcClientStore(store).list()), []);
    });
  }

  it('refuses a short secret, an unknown auth method (usage), a private_key_jwt client without --jwks', async () => {
    assert.match((await run([...base, '--auth', 'secret'], { stdin: 'short\n' })).stderr, /ERR_OIDC_CLIENT_INPUT/);
    assert.equal((await run([...base, '--auth', 'none'])).code, 2);
    assert.equal((await run([...base, '--auth', 'private_key_jwt'])).code, 2);
  });

  it('adds a back-channel logout URI (sid required) and lists it; refuses one in http to another host', async () => {
    const logoutUri = 'https://editeur-a.example.fr/oidc/backchannel-logout';
    const added = await run([...base, '--auth', 'secret', '--backchannel-logout-uri', logoutUri], {
      stdin: `${secret}\n`,
    });
    assert.equal(added.code, 0, added.stderr);
    const record = await inStore((store) => createOidcClientStore(store).find('editeur-a'));
    assert.equal(record?.metadata['backchannel_logout_uri'], logoutUri);
    assert.equal(record?.metadata['backchannel_logout_session_required'], true);
    assert.match(
      (await run(['list'])).stdout,
      new RegExp(
        String.raw`editeur-a\s.*https://editeur-a\.example\.fr/cb\s+`
          + String.raw`https://editeur-a\.example\.fr/oidc/backchannel-logout\n`,
      ),
    );
    const refused = await run(
      [
        'add',
        '--client-id',
        'c2',
        '--distributor',
        distributor,
        '--redirect-uri',
        'https://a.fr/cb',
        '--auth',
        'secret',
        '--backchannel-logout-uri',
        'http://a.fr/logout',
      ],
      { stdin: `${secret}\n` },
    );
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /ERR_OIDC_CLIENT_INPUT/);
    assert.equal(await inStore((store) => createOidcClientStore(store).find('c2')), undefined);
  });

  it('removes a client; removing an unknown one says so', async () => {
    await run([...base, '--auth', 'secret'], { stdin: `${secret}\n` });
    const removed = await run(['remove', '--client-id', 'editeur-a']);
    assert.equal(removed.code, 0);
    assert.match((await run(['list'])).stdout, /Aucun client OIDC/);
    const again = await run(['remove', '--client-id', 'editeur-a']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /ERR_OIDC_CLIENT_UNKNOWN/);
  });
});
