import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { captureCliIo } from '../support/cli-io.js';

describe('gar-broker keys', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'gar-cli-keys-')), 'keys');
  const env = { GAR_BROKER_SAML_KEYS_DIR: dir };

  it('show makes the keys at first use and prints ids and states, never key material', async () => {
    const t = captureCliIo(env);
    assert.equal(await runCli(['keys', 'show'], t.io), 0);
    assert.match(t.stdout(), /signing\s+[0-9a-f]{16} .* utilisée, publiée/);
    assert.match(t.stdout(), /encryption\s+[0-9a-f]{16} .* utilisée, publiée/);
    assert.doesNotMatch(t.stdout() + t.stderr(), /PRIVATE KEY|BEGIN/);
  });

  it('rotate publishes the next signing key, to be used after the overlap', async () => {
    const t = captureCliIo(env);
    assert.equal(await runCli(['keys', 'rotate', '--overlap-days', '7'], t.io), 0);
    assert.match(t.stdout(), /publiée, à venir/);
    const manifest = JSON.parse(readFileSync(join(dir, 'keyring.json'), 'utf8')) as { keys: { use: string }[] };
    assert.equal(manifest.keys.filter((k) => k.use === 'signing').length, 2);
    assert.equal(readdirSync(dir).filter((n) => n.endsWith('.key')).length, 3);
  });

  it('refuses an unknown use (exit 2)', async () => {
    const t = captureCliIo(env);
    assert.equal(await runCli(['keys', 'rotate', '--use', 'tls'], t.io), 2);
  });
});
