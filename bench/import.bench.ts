/**
 * npm run bench:import — generates a national-scale delivery (default 1,000,000 pupils, ≈40,000
 * teachers, 2,000 establishments), imports it into an empty store, then re-imports it unchanged,
 * on SQLite and on PostgreSQL, each import in its own process; prints wall time, records/s and
 * peak RSS against the targets. Options: --pupils N --establishments N --only sqlite|postgres.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDelivery } from '../src/directory/index.js';
import { startThrowawayPostgres } from '../test/support/throwaway-postgres.js';

const { values } = parseArgs({
  options: { pupils: { type: 'string' }, establishments: { type: 'string' }, only: { type: 'string' } },
});
const pupils = Number(values.pupils ?? 1_000_000);
const establishments = Number(values.establishments ?? 2000);
const targets = { sqliteFirstS: 90, postgresFirstS: 240, unchangedS: 60, rssMiB: 600 };

const work = join(tmpdir(), `gar-bench-import-${pupils}-${establishments}`);
mkdirSync(work, { recursive: true });
let archive = readdirSync(work).find((n) => n.endsWith('.tar.gz'));
if (!archive) {
  const t0 = performance.now();
  const generated = await generateDelivery({
    entId: 'Z0',
    degree: '2D',
    establishments,
    pupils,
    teachers: Math.round(pupils / 25),
    seed: 'bench',
    outDir: work,
  });
  archive = generated.archivePath.split('/').pop()!;
  process.stdout.write(
    `generated ${archive} in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(generated.counts)}\n`,
  );
}
const delivery = join(work, archive);

function importOnce(url: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/import-once.ts', delivery, 'Z0', url], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
}

function line(label: string, r: Record<string, unknown>, targetS: number): void {
  const s = Number(r['wallMs']) / 1000;
  const verdict = s <= targetS && Number(r['peakRssMiB']) <= targets.rssMiB ? 'OK' : 'MISSED';
  process.stdout.write(
    `${label.padEnd(28)} ${s.toFixed(1).padStart(7)} s  ${String(r['recordsPerSecond']).padStart(8)} records/s  `
      + `peak RSS ${String(r['peakRssMiB']).padStart(5)} MiB  cpu ${r['cpuUserMs']} ms  `
      + `phases ${JSON.stringify(r['phases'])}  `
      + `[target ≤ ${targetS} s, ≤ ${targets.rssMiB} MiB: ${verdict}] ${r['status']}\n`,
  );
}

process.stdout.write(`delivery: ${pupils} pupils, ${establishments} establishments\n`);
if (values.only !== 'postgres') {
  const file = join(work, 'bench.sqlite');
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  line('sqlite first import', importOnce(`sqlite:${file}`), targets.sqliteFirstS);
  line('sqlite unchanged re-import', importOnce(`sqlite:${file}`), targets.unchangedS);
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}
if (values.only !== 'sqlite') {
  const pg = await startThrowawayPostgres();
  try {
    line('postgres first import', importOnce(pg.url), targets.postgresFirstS);
    line('postgres unchanged re-import', importOnce(pg.url), targets.unchangedS);
  } finally {
    pg.stop();
  }
}
if (!existsSync(delivery)) process.exitCode = 1;
