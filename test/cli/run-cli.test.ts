import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.js';
import { commands } from '../../src/cli/commands.js';

function io(env: NodeJS.ProcessEnv = {}) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => { stdout += String(c); });
  err.on('data', (c) => { stderr += String(c); });
  return { io: { stdout: out as unknown as NodeJS.WriteStream, stderr: err as unknown as NodeJS.WriteStream, env }, text: () => ({ stdout, stderr }) };
}

describe('gar-broker command line', () => {
  it('--help lists every subcommand with one line each', async () => {
    const t = io();
    assert.equal(await runCli(['--help'], t.io), 0);
    for (const c of commands) assert.ok(t.text().stdout.includes(`  ${c.name}`), c.name);
  });

  it('an unknown command or flag is a usage error (exit 2)', async () => {
    const t = io();
    assert.equal(await runCli(['fly'], t.io), 2);
    assert.match(t.text().stderr, /ERR_CLI_USAGE/);
    assert.equal(await runCli(['feed', 'import', 'x', '--ent', 'Z0', '--bogus', '1'], io().io), 2);
  });

  it('config check prints the configuration with the database password hidden', async () => {
    const t = io({ DATABASE_URL: 'postgres://gar:s3cret@127.0.0.1:5432/gar' });
    assert.equal(await runCli(['config', 'check'], t.io), 0);
    assert.ok(!t.text().stdout.includes('s3cret'));
    assert.ok(t.text().stdout.includes('gar:***@'));
  });

  it('config check fails listing the errors (exit 1)', async () => {
    const t = io({ PORT: 'x' });
    assert.equal(await runCli(['config', 'check'], t.io), 1);
    assert.match(t.text().stderr, /ERR_CONFIG_INVALID/);
  });

  it('feed import of a missing path fails clearly', async () => {
    const t = io({ DATABASE_URL: 'sqlite::memory:' });
    assert.equal(await runCli(['feed', 'import', '/nonexistent/delivery.tar.gz', '--ent', 'Z0'], t.io), 1);
    assert.match(t.text().stderr, /ERR_FEED_UNREADABLE/);
  });
});
