import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/run-cli.js';
import { commands } from '../../src/cli/commands.js';
import { captureCliIo } from '../support/cli-io.js';

const io = captureCliIo;

describe('gar-broker command line', () => {
  it('--help lists every subcommand with one line each', async () => {
    const t = io();
    assert.equal(await runCli(['--help'], t.io), 0);
    for (const c of commands) assert.ok(t.stdout().includes(`  ${c.name}`), c.name);
  });

  it('an unknown command or flag is a usage error (exit 2)', async () => {
    const t = io();
    assert.equal(await runCli(['fly'], t.io), 2);
    assert.match(t.stderr(), /ERR_CLI_USAGE/);
    assert.equal(await runCli(['feed', 'import', 'x', '--ent', 'Z0', '--bogus', '1'], io().io), 2);
  });

  it('config check prints the configuration with the database password hidden', async () => {
    const t = io({ DATABASE_URL: 'postgres://gar:s3cret@127.0.0.1:5432/gar' });
    assert.equal(await runCli(['config', 'check'], t.io), 0);
    assert.ok(!t.stdout().includes('s3cret'));
    assert.ok(t.stdout().includes('gar:***@'));
  });

  it('config check fails listing the errors (exit 1)', async () => {
    const t = io({ PORT: 'x' });
    assert.equal(await runCli(['config', 'check'], t.io), 1);
    assert.match(t.stderr(), /ERR_CONFIG_INVALID/);
  });

  it('feed import of a missing path fails clearly', async () => {
    const t = io({ DATABASE_URL: 'sqlite::memory:' });
    assert.equal(await runCli(['feed', 'import', '/nonexistent/delivery.tar.gz', '--ent', 'Z0'], t.io), 1);
    assert.match(t.stderr(), /ERR_FEED_UNREADABLE/);
  });
});
