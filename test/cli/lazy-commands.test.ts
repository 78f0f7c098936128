/**
 * `gar-broker --help` loads the command table and nothing else: each command's module, and the
 * dependencies behind it, are imported only when that command runs. Checked through the modules the
 * process resolves (record-modules.mjs), never through time.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = new URL('../../', import.meta.url);
const recorder = fileURLToPath(new URL('record-modules.mjs', import.meta.url));
const { dependencies } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  dependencies: Record<string, string>;
};
/** The broker's own dependencies; tsx (and what it brings) only runs the sources. */
const brokerPackages = new Set(Object.keys(dependencies).filter((name) => name !== 'tsx'));

interface RecordedRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Files of this repository, without dist/ and without extension: `src/cli/run-cli`, `bin/gar-broker`. */
  readonly project: readonly string[];
  /** npm packages, by name. */
  readonly packages: readonly string[];
}

function runRecorded(args: readonly string[], env: NodeJS.ProcessEnv = {}): RecordedRun {
  const dir = mkdtempSync(join(tmpdir(), 'gar-cli-lazy-'));
  const log = join(dir, 'modules.txt');
  try {
    const child = spawnSync(process.execPath, ['--import', recorder, 'bin/gar-broker.mjs', ...args], {
      cwd: fileURLToPath(root),
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '', ...env, RECORD_MODULES_TO: log },
    });
    const urls = [...new Set(readFileSync(log, 'utf8').split('\n'))].filter((url) => url.startsWith('file:'));
    const project = urls
      .filter((url) => url.startsWith(root.href) && !url.includes('/node_modules/'))
      .map((url) =>
        url
          .slice(root.href.length)
          .replace(/^dist\//, '')
          .replace(/\.[cm]?[jt]s$/, ''),
      );
    const packages = urls.flatMap((url) => /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []);
    return {
      status: child.status,
      stdout: child.stdout,
      stderr: child.stderr,
      project,
      packages: [...new Set(packages)],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What `--help` may load: the entry point, the command line's dispatcher and table, the shared kernel. */
const helpMayLoad = (module: string): boolean =>
  module.startsWith('bin/')
  || module.startsWith('src/core/')
  || ['src/main', 'src/cli/index'].includes(module)
  || ['src/cli/run-cli', 'src/cli/commands', 'src/cli/data-dir-flag'].includes(module);

function assertOnlyTheTable(run: RecordedRun): void {
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /Usage: gar-broker <command>/);
  assert.ok(run.project.includes('src/cli/commands'), `the recording saw the table: ${run.project.join(' ')}`);
  assert.deepEqual(
    run.project.filter((m) => !helpMayLoad(m)),
    [],
    'modules --help must not load',
  );
  assert.deepEqual(
    run.packages.filter((p) => brokerPackages.has(p)),
    [],
    'packages --help must not load',
  );
}

describe('gar-broker loads a command only when it runs', function () {
  this.timeout(60_000);

  it('--help from the TypeScript sources loads only the command table', () => {
    assertOnlyTheTable(runRecorded(['--help'], { GAR_BROKER_FROM_SOURCE: '1' }));
  });

  it('--help as the bin runs it (dist/ when built and up to date) loads only the command table', () => {
    assertOnlyTheTable(runRecorded(['--help']));
  });

  it('assign list loads its command and the store, not the server (no oidc-provider, no warning)', () => {
    const data = mkdtempSync(join(tmpdir(), 'gar-cli-lazy-data-'));
    try {
      const run = runRecorded(['assign', 'list', '--uai', '0000000X'], {
        GAR_BROKER_FROM_SOURCE: '1',
        DATABASE_URL: `sqlite:${join(data, 'db.sqlite')}`,
      });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /Aucune affectation/);
      assert.ok(run.project.includes('src/cli/assign-command'));
      assert.ok(run.packages.includes('better-sqlite3'));
      assert.ok(!run.packages.includes('oidc-provider'), 'oidc-provider is loaded');
      assert.deepEqual(
        run.project.filter((m) => /^src\/(compose|broker|federation|console)\//.test(m)),
        [],
        "the server's modules are loaded",
      );
      assert.doesNotMatch(run.stderr, /oidc-provider WARNING/);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
