/**
 * `gar-broker partner oidc-ent add|list|remove` through runCli on a temporary SQLite file: input checks,
 * the secret never on screen.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { SecretInputIo } from '../../src/cli/read-secret-line.js';
import { runCli } from '../../src/cli/run-cli.js';
import { createOidcEntRegistry, migrateStore, openStore } from '../../src/store/index.js';
import { captureCliIo } from '../support/cli-io.js';

const secret = 'client-secret-from-the-ent-0123';

describe('gar-broker partner oidc-ent add, list and remove', function () {
  this.timeout(20000);
  let database: string;
  beforeEach(() => {
    database = `sqlite:${join(mkdtempSync(join(tmpdir(), 'gar-cli-oidc-ent-')), 'db.sqlite')}`;
  });

  const run = async (
    argv: readonly string[],
    input: { readonly env?: NodeJS.ProcessEnv; readonly stdin?: string } = {},
  ) => {
    const t = captureCliIo({ DATABASE_URL: database, LOG_LEVEL: 'silent', ...input.env });
    const io: SecretInputIo = { ...t.io, stdin: Readable.from(input.stdin === undefined ? [] : [input.stdin]) };
    const code = await runCli(['partner', 'oidc-ent', ...argv], io);
    return { code, stdout: t.stdout(), stderr: t.stderr() };
  };
  const registrations = async () => {
    const store = await openStore({ url: database });
    try {
      await migrateStore(store);
      return await createOidcEntRegistry(store).list();
    } finally {
      await store.close();
    }
  };
  const base = ['add', '--ent', 'ENTOIDC', '--issuer', 'https://ent.example.fr/oidc', '--client-id', 'gar-broker'];

  it('adds a registration with defaults, the secret from one line of standard input, never printed', async () => {
    const result = await run(base, { stdin: `${secret}\n` });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Fournisseur OIDC ajouté pour l’ENT ENTOIDC/);
    assert.deepEqual(await registrations(), [
      {
        entId: 'ENTOIDC',
        issuer: 'https://ent.example.fr/oidc',
        clientId: 'gar-broker',
        clientSecret: secret,
        tokenAuthMethod: 'client_secret_basic',
        scope: 'openid',
        userIdClaim: 'sub',
        useUserinfo: false,
      },
    ]);
    assert.ok(!`${result.stdout}${result.stderr}`.includes(secret));
  });

  it('takes every option, the secret from the named variable; a second add replaces the registration', async () => {
    const options = [
      '--auth',
      'post',
      '--scope',
      'openid  profile openid',
      '--user-id-claim',
      'gar_person_id',
      '--userinfo',
      '--algs',
      'ES256, RS256',
      '--by',
      'alice',
    ];
    assert.equal(
      (await run([...base, ...options, '--client-secret-env', 'ENT_SECRET'], { env: { ENT_SECRET: secret } })).code,
      0,
    );
    assert.deepEqual((await registrations())[0], {
      entId: 'ENTOIDC',
      issuer: 'https://ent.example.fr/oidc',
      clientId: 'gar-broker',
      clientSecret: secret,
      tokenAuthMethod: 'client_secret_post',
      scope: 'openid profile',
      userIdClaim: 'gar_person_id',
      useUserinfo: true,
      allowedAlgorithms: ['ES256', 'RS256'],
    });
    const again = await run(base, { stdin: 'another-secret\n' });
    assert.match(again.stdout, /mis à jour/);
    assert.equal((await registrations())[0]?.useUserinfo, false);
  });

  it('lists registrations without their secret, and says when there are none', async () => {
    assert.match((await run(['list'])).stdout, /Aucun fournisseur OIDC/);
    await run([...base, '--algs', 'PS256'], { stdin: `${secret}\n` });
    const listed = await run(['list']);
    assert.equal(listed.code, 0);
    assert.match(
      listed.stdout,
      /ENTOIDC\s+https:\/\/ent\.example\.fr\/oidc\s+gar-broker\s+oui\s+basic\s+openid\s+sub\s+non\s+PS256/,
    );
    assert.ok(!listed.stdout.includes(secret));
  });

  it('removes a registration, and refuses to remove one that does not exist (ERR_OIDC_ENT_UNKNOWN)', async () => {
    await run(base, { stdin: `${secret}\n` });
    assert.equal((await run(['remove', '--ent', 'ENTOIDC', '--by', 'bob'])).code, 0);
    assert.deepEqual(await registrations(), []);
    const again = await run(['remove', '--ent', 'ENTOIDC']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /ERR_OIDC_ENT_UNKNOWN/);
  });

  const refused: readonly [string, readonly string[], string][] = [
    ['an http issuer', ['--issuer', 'http://ent.example.fr/oidc'], 'ERR_OIDC_ENT_INPUT'],
    ['an issuer with a query', ['--issuer', 'https://ent.example.fr/oidc?tenant=1'], 'ERR_OIDC_ENT_INPUT'],
    ['an issuer with credentials', ['--issuer', 'https://user:pw@ent.example.fr/oidc'], 'ERR_OIDC_ENT_INPUT'],
    ['a scope without openid', ['--scope', 'profile email'], 'ERR_OIDC_ENT_INPUT'],
    ['alg none', ['--algs', 'RS256,none'], 'ERR_OIDC_ENT_INPUT'],
    ['an HMAC algorithm', ['--algs', 'HS256'], 'ERR_OIDC_ENT_INPUT'],
    ['an unknown algorithm', ['--algs', 'RS1'], 'ERR_OIDC_ENT_INPUT'],
    ['a claim name out of form', ['--user-id-claim', 'a b'], 'ERR_OIDC_ENT_INPUT'],
    ['an ENT project id out of form', ['--ent', 'ENT-OIDC'], 'ERR_OIDC_ENT_INPUT'],
    ['an unknown authentication method', ['--auth', 'jwt'], 'ERR_OIDC_ENT_INPUT'],
    ['an unknown flag (the secret as an argument)', ['--client-secret', secret], 'ERR_CLI_USAGE'],
  ];
  for (const [what, change, code] of refused) {
    it(`refuses ${what} (${code}) and saves nothing`, async () => {
      const argv = [...base];
      for (let i = 0; i < change.length; i += 2) {
        const at = argv.indexOf(change[i] as string);
        if (at >= 0) argv.splice(at, 2, change[i] as string, change[i + 1] as string);
        else argv.push(change[i] as string, change[i + 1] as string);
      }
      const result = await run(argv, { stdin: `${secret}\n` });
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, new RegExp(code));
      assert.ok(!result.stderr.includes(secret));
      assert.deepEqual(await registrations(), []);
    });
  }

  it('refuses a missing secret: empty standard input, or a named variable unset (ERR_OIDC_ENT_INPUT)', async () => {
    assert.match((await run(base)).stderr, /ERR_OIDC_ENT_INPUT/);
    assert.match(
      (await run([...base, '--client-secret-env', 'UNSET_VARIABLE'], { stdin: `${secret}\n` })).stderr,
      /ERR_OIDC_ENT_INPUT/,
    );
    assert.deepEqual(await registrations(), []);
  });

  it('accepts an http issuer when oidc.allowInsecureHttp is set (tests and demos)', async () => {
    const result = await run([...base.slice(0, 4), 'http://127.0.0.1:8083', ...base.slice(5)], {
      env: { GAR_BROKER_OIDC_ALLOW_INSECURE_HTTP: 'true' },
      stdin: `${secret}\n`,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal((await registrations())[0]?.issuer, 'http://127.0.0.1:8083');
  });
});
