// Loaded with `node --import` by bench/cli.bench.ts: at exit, writes the process's CPU time (user + system,
// every thread, in microseconds) to the file named by BENCH_CPU_TIME_TO.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  const target = process.env['BENCH_CPU_TIME_TO'];
  if (target) writeFileSync(target, String(usage.userCPUTime + usage.systemCPUTime));
});
