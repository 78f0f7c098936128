/**
 * `--data-dir DIR`: the data folder for one command, exactly as GAR_BROKER_DATA_DIR. A throwaway
 * instance is `gar-broker serve --data-dir DIR --port 0` and nothing else: every file it writes
 * lies under DIR, none in the working directory, and its listeners take free ports.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFrom } from '../../src/cli/cli-context.js';
import { takeDataDirFlag } from '../../src/cli/data-dir-flag.js';
import { demoDataDir } from '../../src/cli/demo-federation-loader.js';
import { loadConfig } from '../../src/config/index.js';
import { captureCliIo } from '../support/cli-io.js';
import { thrownCode } from '../support/thrown-code.js';

const bin = fileURLToPath(new URL('../../bin/gar-broker.mjs', import.meta.url));

/**
 * Runs `gar-broker` in `cwd` until its stdout lists its URLs and logged its start-up warnings (pino
 * writes asynchronously: they may come after the list); resolves with what it printed so far.
 */
function startServe(args: readonly string[], cwd: string): { child: ChildProcess; listening: Promise<string> } {
  const env = { PATH: process.env['PATH'] ?? '', HOME: cwd, GAR_BROKER_FROM_SOURCE: '1', LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const listening = new Promise<string>((done, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (/\n\s+mediacentre\s/.test(out) && out.includes('"event":"http.cookies_not_secure"')) done(out);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    child.on('exit', (code) => reject(new Error(`serve exited (${code}) before listening:\n${out}\n${err}`)));
  });
  return { child, listening };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

describe('--data-dir', () => {
  it('is the environment variable for one command: taken out of the arguments, read by the configuration', () => {
    const t = captureCliIo({ GAR_BROKER_DATA_DIR: '/from/env' });
    for (const args of [
      ['--config', 'f.json', '--data-dir', '/tmp/essai', '--port', '0'],
      ['--config', 'f.json', '--data-dir=/tmp/essai', '--port', '0'],
    ]) {
      const taken = takeDataDirFlag(args, t.io);
      assert.deepEqual(taken.args, ['--config', 'f.json', '--port', '0']);
      assert.equal(configFrom(taken.io, undefined).dataDir, '/tmp/essai', 'the flag wins over the environment');
      assert.equal(t.io.env['GAR_BROKER_DATA_DIR'], '/from/env', "the caller's environment is left as it was");
    }
    const none = takeDataDirFlag(['--port', '0'], t.io);
    assert.deepEqual([none.args, none.io], [['--port', '0'], t.io]);
    assert.deepEqual(takeDataDirFlag(['x', '--', '--data-dir', 'y'], t.io).args, ['x', '--', '--data-dir', 'y']);
  });

  it('without a folder is a usage error', () => {
    for (const args of [['--data-dir'], ['--data-dir', '--port', '0'], ['--data-dir=']]) {
      assert.equal(
        thrownCode(() => takeDataDirFlag(args, captureCliIo().io)),
        'ERR_CLI_USAGE',
        args.join(' '),
      );
    }
  });

  it("puts the demo's files under demo/ of the data folder", () => {
    assert.equal(
      demoDataDir(loadConfig({ env: {}, overrides: { dataDir: '/tmp/essai' } })),
      join('/tmp/essai', 'demo'),
    );
    assert.equal(demoDataDir(loadConfig({ env: {} })), join('var', 'demo'));
  });

  it('serve --data-dir D --port 0: all under D, nothing in the working directory, free ports', async function () {
    this.timeout(90_000);
    const cwd = mkdtempSync(join(tmpdir(), 'gar-serve-cwd-'));
    const data = join(mkdtempSync(join(tmpdir(), 'gar-serve-data-')), 'instance');
    const { child, listening } = startServe(['serve', '--data-dir', data, '--port', '0'], cwd);
    try {
      const out = await listening;
      const url = /à l'écoute sur (http:\/\/\S+)/.exec(out)?.[1] as string;
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      assert.match(out, /mediacentre\s+https:\/\/localhost:\d+\//);
      assert.doesNotMatch(out, /:8443\//, 'the web services on a free port');
      assert.match(out, /"event":"http\.cookies_not_secure"/, 'plain http: the start-up output says so');
      for (const file of ['keys/keyring.json', 'pki/web-services.crt', 'pki/web-services.key']) {
        assert.ok(existsSync(join(data, file)), file);
      }
      for (const file of ['pki/partner-ca.crt', 'pki/partner-ca.key']) assert.ok(existsSync(join(data, file)), file);
      const top = readdirSync(data).filter((name) => !name.startsWith('gar-broker.sqlite'));
      assert.deepEqual(top.sort(), ['keys', 'pki']);
      assert.ok(existsSync(join(data, 'gar-broker.sqlite')));
      assert.deepEqual(readdirSync(cwd), [], 'nothing written in the working directory (no var/ there)');
    } finally {
      await stop(child);
    }
  });
});
