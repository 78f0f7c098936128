/** `gar-broker admin create|list`: the console's operator accounts, through runCli on a temporary SQLite file. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { AdminIo } from '../../src/cli/admin-command.js';
import { runCli } from '../../src/cli/run-cli.js';
import { migrateStore, openStore } from '../../src/store/index.js';
import { totpCode, verifyPassword, verifyTotp } from '../../src/trust/index.js';
import { captureCliIo } from '../support/cli-io.js';
import { definedFields } from '../../src/core/defined-fields.js';

const password = 'correct horse battery';

describe('gar-broker admin create and list', function () {
  this.timeout(20000);
  let database: string;
  beforeEach(() => {
    database = `sqlite:${join(mkdtempSync(join(tmpdir(), 'gar-cli-admin-')), 'db.sqlite')}`;
  });

  /** Runs a command line; the password in the environment when given, else `stdin` (if any) as standard input. */
  const run = async (argv: readonly string[], input: { readonly env?: string; readonly stdin?: string } = {}) => {
    const t = captureCliIo({
      DATABASE_URL: database,
      LOG_LEVEL: 'silent',
      ...definedFields({ GAR_BROKER_ADMIN_PASSWORD: input.env }),
    });
    const io: AdminIo = { ...t.io, stdin: Readable.from(input.stdin === undefined ? [] : [input.stdin]) };
    const code = await runCli(argv, io);
    return { code, stdout: t.stdout(), stderr: t.stderr() };
  };
  const rows = async () => {
    const store = await openStore({ url: database });
    try {
      await migrateStore(store); // a usage error stops before the command opens the store

      return await store.db
        .selectFrom('operator_account')
        .select(['login', 'password_hash', 'totp_secret'])
        .orderBy('login')
        .execute();
    } finally {
      await store.close();
    }
  };

  it(
    'creates an account from GAR_BROKER_ADMIN_PASSWORD; '
      + 'only the scrypt hash is stored, the password never printed',
    async () => {
      const result = await run(['admin', 'create', '--login', 'alice'], { env: password });
      assert.equal(result.code, 0, result.stderr);
      const [row, ...others] = await rows();
      assert.equal(others.length, 0);
      assert.equal(row?.login, 'alice');
      assert.equal(row?.totp_secret, null);
      assert.notEqual(row?.password_hash, password);
      assert.equal(await verifyPassword(password, row?.password_hash ?? ''), true);
      assert.ok(!`${result.stdout}${result.stderr}`.includes(password));
      assert.ok(!result.stdout.includes('otpauth://'));
    },
  );

  it('reads the password from one line of standard input when the variable is unset', async () => {
    const result = await run(['admin', 'create', '--login', 'bob'], { stdin: `${password}\nnext line ignored\n` });
    assert.equal(result.code, 0, result.stderr);
    const [row] = await rows();
    assert.equal(await verifyPassword(password, row?.password_hash ?? ''), true);
    assert.ok(!`${result.stdout}${result.stderr}`.includes(password));
  });

  it('without a password anywhere, is a usage error and creates nothing', async () => {
    const result = await run(['admin', 'create', '--login', 'bob'], { stdin: '' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /\[ERR_CLI_USAGE\]/);
    assert.deepEqual(await rows(), []);
  });

  it('refuses a password of fewer than 12 characters (exit 1, nothing stored), accepts 12', async () => {
    for (const input of [{ env: 'elevenchars' }, { stdin: 'elevenchars\n' }, { env: '' }]) {
      const short = await run(['admin', 'create', '--login', 'carol'], input);
      assert.equal(short.code, 1);
      assert.match(short.stderr, /\[ERR_CONSOLE_PASSWORD_LENGTH\]/);
    }
    assert.deepEqual(await rows(), []);
    assert.equal((await run(['admin', 'create', '--login', 'carol'], { env: 'twelve chars' })).code, 0);
  });

  it('refuses an existing login (exit 1) and leaves its account as it was', async () => {
    assert.equal((await run(['admin', 'create', '--login', 'alice'], { env: password })).code, 0);
    const before = await rows();
    const again = await run(['admin', 'create', '--login', 'alice', '--totp'], { env: 'another password entirely' });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /\[ERR_CONSOLE_OPERATOR_EXISTS\]/);
    assert.ok(!again.stdout.includes('otpauth://'));
    assert.deepEqual(await rows(), before);
    const unasked = await run(['admin', 'create', '--login', 'alice'], { stdin: '' });
    assert.equal(unasked.code, 1, 'refused before the password is asked for');
    assert.match(unasked.stderr, /\[ERR_CONSOLE_OPERATOR_EXISTS\]/);
  });

  it(
    '--totp prints an otpauth:// URI (issuer gar-broker) '
      + 'whose secret is the stored one and makes codes that verify',
    async () => {
      const result = await run(['admin', 'create', '--login', 'dave', '--totp'], { env: password });
      assert.equal(result.code, 0, result.stderr);
      const uri = new URL(/otpauth:\/\/\S+/.exec(result.stdout)?.[0] ?? 'missing:');
      assert.equal(uri.protocol, 'otpauth:');
      assert.equal(uri.host, 'totp');
      assert.equal(decodeURIComponent(uri.pathname), '/gar-broker:dave');
      assert.equal(uri.searchParams.get('issuer'), 'gar-broker');
      const secret = uri.searchParams.get('secret') ?? '';
      assert.match(secret, /^[A-Z2-7]{32}$/);
      assert.equal(result.stdout.split(secret).length - 1, 2, 'the secret is printed once alone, once in the URI');
      assert.equal((await rows())[0]?.totp_secret, secret);
      const now = new Date();
      assert.notEqual(verifyTotp(secret, totpCode(secret, now), now), undefined);
      assert.ok(!result.stdout.includes(password));
    },
  );

  it('refuses a malformed login, an unknown flag or a password given as an argument (exit 2)', async () => {
    for (const argv of [
      ['admin', 'create'],
      ['admin', 'create', '--login', 'a b'],
      ['admin', 'create', '--login', 'x'.repeat(65)],
      ['admin', 'create', '--login', 'eve', '--password', password],
      ['admin', 'create', '--login', 'eve', password],
      ['admin', 'delete'],
    ]) {
      const result = await run(argv, { env: password });
      assert.equal(result.code, 2, argv.join(' '));
      assert.match(result.stderr, /\[ERR_CLI_USAGE\]/);
    }
    assert.deepEqual(await rows(), []);
  });

  it('lists the accounts: login, TOTP yes/no, locked until (only while locked), disabled', async () => {
    assert.match((await run(['admin', 'list'])).stdout, /Aucun compte/);
    assert.equal((await run(['admin', 'create', '--login', 'alice'], { env: password })).code, 0);
    assert.equal((await run(['admin', 'create', '--login', 'bob', '--totp'], { env: password })).code, 0);
    const lockedUntil = new Date(Date.now() + 10 * 60_000).toISOString();
    const store = await openStore({ url: database });
    await store.db
      .updateTable('operator_account')
      .set({ locked_until: lockedUntil, disabled_at: '2025-09-01T00:00:00.000Z' })
      .where('login', '=', 'bob')
      .execute();
    await store.close();
    const listed = await run(['admin', 'list']);
    assert.equal(listed.code, 0, listed.stderr);
    const lines = listed.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split(/\s{2,}/));
    assert.deepEqual(lines.slice(1), [
      ['alice', 'non', '—', 'non'],
      ['bob', 'oui', lockedUntil, 'oui'],
    ]);
    assert.ok(!listed.stdout.includes('scrypt$'));
  });
});
