/** `gar-broker partner …` through runCli, on a temporary SQLite database, as an operator runs it. */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { makeTestPki } from '../support/test-pki.js';
import { captureCliIo } from '../support/cli-io.js';

const io = captureCliIo;

describe('gar-broker partner', function () {
  this.timeout(30000);
  const dir = mkdtempSync(join(tmpdir(), 'gar-cli-partner-'));
  const env = {
    DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
    LOG_LEVEL: 'silent',
    GAR_BROKER_PARTNER_CA_CERT: join(dir, 'pki', 'partner-ca.crt'),
    GAR_BROKER_PARTNER_CA_KEY: join(dir, 'pki', 'partner-ca.key'),
  };
  const pki = makeTestPki();
  const run = async (...argv: string[]) => {
    const t = io(env);
    const code = await runCli(argv, t.io);
    return { code, stdout: t.stdout(), stderr: t.stderr() };
  };
  const distributor = '123456789_0000000000000001';

  it(
    'issue-cert makes the partner CA, writes <id>.crt and <id>.key (0600), ' + 'records the fingerprint as issued',
    async () => {
      const out = join(dir, 'issued');
      const result = await run(
        'partner',
        'issue-cert',
        '--id',
        distributor,
        '--name',
        'Éditions Exemple',
        '--out',
        out,
        '--days',
        '30',
      );
      assert.equal(result.code, 0, result.stderr);
      const cert = new X509Certificate(readFileSync(join(out, `${distributor}.crt`)));
      const ca = new X509Certificate(readFileSync(env.GAR_BROKER_PARTNER_CA_CERT));
      assert.ok(cert.checkIssued(ca) && cert.verify(ca.publicKey));
      assert.equal(statSync(join(out, `${distributor}.key`)).mode & 0o777, 0o600);
      assert.equal(statSync(env.GAR_BROKER_PARTNER_CA_KEY).mode & 0o777, 0o600);
      const fingerprint = cert.fingerprint256.replaceAll(':', '').toLowerCase();
      assert.ok(result.stdout.includes(fingerprint));
      const list = await run('partner', 'list', '--id', distributor);
      assert.match(
        list.stdout,
        new RegExp(`${distributor}\\s+distributeur\\s+émis\\s+${fingerprint}\\s+\\S+ → \\S+\\s+non`),
      );
    },
  );

  it('add registers a certificate file, or a fingerprint with its end date, for a distributor or an ENT', async () => {
    const own = pki.issueClient('own', { ca: 'self', keyType: 'rsa' });
    const file = join(dir, 'own.pem');
    writeFileSync(file, own.certPem);
    assert.equal(
      (await run('partner', 'add', '--id', '123456789_0000000000000002', '--name', 'B', '--cert', file)).code,
      0,
    );
    const other = pki.issueClient('other', { ca: 'self' });
    const colons = other.fingerprint.toUpperCase().match(/../g)!.join(':');
    assert.equal(
      (
        await run(
          'partner',
          'add',
          '--id',
          'ENT-1',
          '--name',
          'ENT 1',
          '--kind',
          'ent',
          '--fingerprint',
          colons,
          '--not-after',
          '2030-08-31',
        )
      ).code,
      0,
    );
    const list = await run('partner', 'list');
    assert.match(
      list.stdout,
      new RegExp(`123456789_0000000000000002\\s+distributeur\\s+enregistré\\s+${own.fingerprint}`),
    );
    assert.match(
      list.stdout,
      new RegExp(`ENT-1\\s+ENT\\s+enregistré\\s+${other.fingerprint}\\s+\\S+ → 2030-08-31\\s+non`),
    );
    assert.doesNotMatch((await run('partner', 'list', '--kind', 'ent')).stdout, /distributeur/);
  });

  it('add refuses a fingerprint already registered (exit 1, ERR_PARTNER_CERT_DUPLICATE)', async () => {
    const cert = pki.issueClient('dup', { ca: 'self' });
    const args = [
      'partner',
      'add',
      '--id',
      distributor,
      '--name',
      'A',
      '--fingerprint',
      cert.fingerprint,
      '--not-after',
      '2030-01-01',
    ];
    assert.equal((await run(...args)).code, 0);
    const again = await run(...args);
    assert.deepEqual([again.code, /ERR_PARTNER_CERT_DUPLICATE/.test(again.stderr)], [1, true]);
  });

  it('revoke-cert marks the certificate revoked; again is harmless; an unknown fingerprint is refused', async () => {
    const cert = pki.issueClient('rev', { ca: 'self' });
    await run(
      'partner',
      'add',
      '--id',
      distributor,
      '--name',
      'A',
      '--fingerprint',
      cert.fingerprint,
      '--not-after',
      '2030-01-01',
    );
    assert.equal((await run('partner', 'revoke-cert', '--fingerprint', cert.fingerprint.toUpperCase())).code, 0);
    assert.match(
      (await run('partner', 'list', '--id', distributor)).stdout,
      new RegExp(`${cert.fingerprint}\\s+\\S+ → \\S+\\s+\\d{4}-\\d{2}-\\d{2}`),
    );
    assert.equal((await run('partner', 'revoke-cert', '--fingerprint', cert.fingerprint)).code, 0);
    const unknown = await run('partner', 'revoke-cert', '--fingerprint', 'f'.repeat(64));
    assert.deepEqual([unknown.code, /ERR_PARTNER_CERT_UNKNOWN/.test(unknown.stderr)], [1, true]);
  });

  it('refuses a certificate file that is not one (exit 1) and an ill-formed fingerprint (exit 1)', async () => {
    const file = join(dir, 'junk.pem');
    writeFileSync(file, 'junk');
    const junk = await run('partner', 'add', '--id', distributor, '--name', 'A', '--cert', file);
    assert.deepEqual([junk.code, /ERR_PKI_CERTIFICATE_INVALID/.test(junk.stderr)], [1, true]);
    const bad = await run(
      'partner',
      'add',
      '--id',
      distributor,
      '--name',
      'A',
      '--fingerprint',
      'abc',
      '--not-after',
      '2030-01-01',
    );
    assert.deepEqual([bad.code, /ERR_PKI_FINGERPRINT_INVALID/.test(bad.stderr)], [1, true]);
  });

  describe('a certificate outside its validity (the web services would refuse it at every call)', () => {
    const day = 86_400_000;
    const certFile = (label: string, notBefore: Date, notAfter: Date) => {
      const cert = pki.issueClient(label, { ca: 'self', notBefore, notAfter });
      const file = join(dir, `${label}.pem`);
      writeFileSync(file, cert.certPem);
      return { file, fingerprint: cert.fingerprint };
    };
    const listed = async (fingerprint: string) => (await run('partner', 'list')).stdout.includes(fingerprint);
    const add = (id: string, ...more: string[]) => run('partner', 'add', '--id', id, '--name', 'P', ...more);

    it(
      'add --cert refuses an expired certificate: exit 1, ERR_PARTNER_CERT_OUTSIDE_VALIDITY, a French reason, '
        + 'nothing registered',
      async () => {
        const expired = certFile('expired', new Date(Date.now() - 60 * day), new Date(Date.now() - day));
        const result = await add('123456789_0000000000000010', '--cert', expired.file);
        assert.equal(result.code, 1);
        assert.match(result.stderr, /ERR_PARTNER_CERT_OUTSIDE_VALIDITY/);
        assert.match(result.stderr, /a expiré le \d{4}-\d{2}-\d{2}T.*--force/);
        assert.equal(await listed(expired.fingerprint), false);
      },
    );

    it('add --cert refuses a certificate not yet valid: exit 1, ERR_PARTNER_CERT_OUTSIDE_VALIDITY', async () => {
      const later = certFile('not-yet', new Date(Date.now() + day), new Date(Date.now() + 60 * day));
      const result = await add('123456789_0000000000000011', '--cert', later.file);
      assert.deepEqual([result.code, /ERR_PARTNER_CERT_OUTSIDE_VALIDITY/.test(result.stderr)], [1, true]);
      assert.match(result.stderr, /n’est valable qu’à partir du/);
      assert.equal(await listed(later.fingerprint), false);
    });

    it('add --fingerprint refuses a --not-after already past: exit 1, ERR_PARTNER_CERT_OUTSIDE_VALIDITY', async () => {
      const cert = pki.issueClient('past-end', { ca: 'self' });
      const result = await add(
        '123456789_0000000000000012',
        '--fingerprint',
        cert.fingerprint,
        '--not-after',
        '2020-01-01',
      );
      assert.deepEqual([result.code, /ERR_PARTNER_CERT_OUTSIDE_VALIDITY/.test(result.stderr)], [1, true]);
      assert.equal(await listed(cert.fingerprint), false);
    });

    it('add --cert --force registers an expired certificate, exit 0, and warns on stderr', async () => {
      const expired = certFile('expired-forced', new Date(Date.now() - 60 * day), new Date(Date.now() - day));
      const result = await add('123456789_0000000000000013', '--cert', expired.file, '--force');
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /^Attention : le certificat de 123456789_0000000000000013 a expiré le .*--force/m);
      assert.match(result.stdout, /Certificat enregistré/);
      assert.equal(await listed(expired.fingerprint), true);
    });

    it('add --cert of a valid certificate prints no warning', async () => {
      const valid = certFile('valid-now', new Date(Date.now() - day), new Date(Date.now() + 30 * day));
      const result = await add('123456789_0000000000000014', '--cert', valid.file);
      assert.equal(result.code, 0, result.stderr);
      assert.doesNotMatch(result.stderr, /Attention/);
    });
  });

  const usage: ReadonlyArray<readonly string[]> = [
    ['partner'],
    ['partner', 'fly'],
    ['partner', 'add', '--id', distributor, '--name', 'A'],
    [
      'partner',
      'add',
      '--id',
      distributor,
      '--name',
      'A',
      '--cert',
      'x.pem',
      '--fingerprint',
      'f'.repeat(64),
      '--not-after',
      '2030-01-01',
    ],
    ['partner', 'add', '--id', distributor, '--name', 'A', '--fingerprint', 'f'.repeat(64)],
    ['partner', 'add', '--id', distributor, '--name', 'A', '--cert', 'x.pem', '--not-after', '2030-01-01'],
    ['partner', 'add', '--id', distributor, '--name', 'A', '--fingerprint', 'f'.repeat(64), '--not-after', 'someday'],
    [
      'partner',
      'add',
      '--id',
      '123456789',
      '--name',
      'A',
      '--fingerprint',
      'f'.repeat(64),
      '--not-after',
      '2030-01-01',
    ],
    [
      'partner',
      'add',
      '--id',
      '../etc',
      '--kind',
      'ent',
      '--name',
      'A',
      '--fingerprint',
      'f'.repeat(64),
      '--not-after',
      '2030-01-01',
    ],
    [
      'partner',
      'add',
      '--id',
      distributor,
      '--kind',
      'publisher',
      '--name',
      'A',
      '--fingerprint',
      'f'.repeat(64),
      '--not-after',
      '2030-01-01',
    ],
    ['partner', 'issue-cert', '--id', distributor, '--name', 'A'],
    ['partner', 'issue-cert', '--id', distributor, '--name', 'A', '--out', dir, '--days', '0'],
    ['partner', 'list', '--bogus', 'x'],
    ['partner', 'revoke-cert'],
  ];
  for (const argv of usage) {
    it(`usage error, exit 2: ${argv.join(' ')}`, async () => {
      const result = await run(...argv);
      assert.deepEqual([result.code, /ERR_CLI_USAGE/.test(result.stderr)], [2, true]);
    });
  }
});
