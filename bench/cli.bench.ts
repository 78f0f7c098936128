/**
 * npm run bench:cli — how long `gar-broker` takes to start and answer, as an operator sees it: each run
 * spawns `node bin/gar-broker.mjs`, as the installed command does. Prints, per command, the wall time
 * (median and p90) and the child's CPU time (user + system, every thread; median) of N runs after one
 * warm-up, beside the last accepted figures (docs/benchmarks.md). Commands: `--help`, and `assign list`
 * against a fresh data folder (SQLite, migrated once before the runs).
 * The bin runs dist/ when it is built and up to date (npm run build), else the sources through tsx:
 * the bench says which. Options: --runs N (default 10), --from-source (GAR_BROKER_FROM_SOURCE=1).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { distIsFresh } from '../bin/dist-stamp.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string' }, 'from-source': { type: 'boolean' } } });
const runs = Number(values.runs ?? 10);
const fromSource = values['from-source'] === true;
const root = new URL('../', import.meta.url);
const cpuProbe = fileURLToPath(new URL('child-cpu-time.mjs', import.meta.url));
const say = (text: string): boolean => process.stdout.write(`${text}\n`);

/** The last accepted figures, in ms (docs/benchmarks.md, from dist/): update both together. */
const accepted: Readonly<Record<string, { wall: number; p90: number; cpu: number }>> = {
  '--help': { wall: 114, p90: 125, cpu: 103 },
  'assign list': { wall: 1071, p90: 1157, cpu: 1033 },
};

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
}

function runOnce(args: readonly string[], env: NodeJS.ProcessEnv, work: string): Sample {
  const cpuFile = join(work, 'cpu-time');
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', cpuProbe, 'bin/gar-broker.mjs', ...args], {
    cwd: fileURLToPath(root),
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', ...env, BENCH_CPU_TIME_TO: cpuFile },
  });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`gar-broker ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return { wallMs, cpuMs: Number(readFileSync(cpuFile, 'utf8')) / 1000 };
}

/** Nearest rank: the value that `share` of the samples do not exceed. */
function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}

function measure(name: string, args: readonly string[], env: NodeJS.ProcessEnv, work: string): void {
  runOnce(args, env, work);
  const samples = Array.from({ length: runs }, () => runOnce(args, env, work));
  const wall = samples.map((s) => s.wallMs);
  const cpu = samples.map((s) => s.cpuMs);
  const last = accepted[name];
  const figures =
    `wall ${percentile(wall, 0.5).toFixed(0)} ms (p90 ${percentile(wall, 0.9).toFixed(0)})`
    + `, CPU ${percentile(cpu, 0.5).toFixed(0)} ms`;
  const before = last ? `last accepted: wall ${last.wall} ms (p90 ${last.p90}), CPU ${last.cpu} ms` : '';
  say(`${name.padEnd(12)} ${figures.padEnd(42)} ${before}`);
}

const work = mkdtempSync(join(tmpdir(), 'gar-bench-cli-'));
try {
  const env: NodeJS.ProcessEnv = {
    GAR_BROKER_FROM_SOURCE: fromSource ? '1' : '',
    DATABASE_URL: `sqlite:${join(work, 'db.sqlite')}`,
  };
  const runsFrom = !fromSource && distIsFresh(root) ? 'dist/ (built, up to date)' : 'the TypeScript sources (tsx)';
  say(`gar-broker from ${runsFrom}, node ${process.version}, ${runs} runs after one warm-up`);
  runOnce(['migrate'], env, work);
  measure('--help', ['--help'], env, work);
  measure('assign list', ['assign', 'list', '--uai', '0000000X'], env, work);
} finally {
  rmSync(work, { recursive: true, force: true });
}
