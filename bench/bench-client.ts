/**
 * What the web-service benchmarks share (bench:ws, bench:mediacentre): the broker in its own
 * process (`bin/gar-broker.mjs serve`, a config file in a work folder, its CLI for seeding;
 * BENCH_PROFILE=<dir> adds --cpu-prof), a keep-alive TLS agent presenting a partner certificate
 * the broker's CLI issued, and phases of concurrent requests reported as requests/s, p50/p99/max
 * and the CPU per request of the broker and of this process (Linux /proc).
 * BENCH_SLOW=1 prints every request slower than 50 ms.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';

export interface BrokerSetup {
  readonly work: string;
  readonly databaseUrl: string;
  /** The listener's self-signed certificate, which clients trust. */
  readonly serverCertFile: string;
  readonly env: NodeJS.ProcessEnv;
  /** Runs `gar-broker <args>` with this config; returns its stdout. */
  cli(...args: string[]): string;
}

/** Writes the config (web services on a free port, PKI files in the work folder). */
export function prepareBroker(work: string, databaseUrl: string): BrokerSetup {
  const config = {
    database: { url: databaseUrl },
    log: { level: 'warn' },
    http: { port: 0 },
    webServices: {
      port: 0,
      tls: { certFile: join(work, 'pki/ws.crt'), keyFile: join(work, 'pki/ws.key') },
      partnerCa: { certFile: join(work, 'pki/ca.crt'), keyFile: join(work, 'pki/ca.key') },
    },
  };
  const configFile = join(work, 'config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const env = { ...process.env, GAR_BROKER_CONFIG: configFile };
  const cli = (...args: string[]): string =>
    execFileSync(process.execPath, ['bin/gar-broker.mjs', ...args], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
  return { work, databaseUrl, serverCertFile: config.webServices.tls.certFile, env, cli };
}

export interface RunningBroker {
  /** The URLs `serve` printed, by name (`subscriptions`, `mediacentre`…). */
  readonly urls: Readonly<Record<string, string>>;
  /** User + system CPU of the broker process so far. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Starts `serve` and waits until it has printed the URLs named in `waitFor`. */
export async function startBroker(setup: BrokerSetup, waitFor: readonly string[]): Promise<RunningBroker> {
  const profile = process.env['BENCH_PROFILE'];
  const server = spawn(
    process.execPath,
    [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), 'bin/gar-broker.mjs', 'serve'],
    { stdio: ['ignore', 'pipe', 'inherit'], env: setup.env },
  );
  const urls = await new Promise<Record<string, string>>((done, fail) => {
    let out = '';
    server.once('exit', (code) =>
      fail(new Error(`gar-broker serve exited (${code}) before printing ${waitFor.join(', ')}:\n${out}`)),
    );
    server.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = Object.fromEntries(
        [...out.matchAll(/^[ \t]+(\S+)[ \t]+(https?:\/\/\S+)\r?\n/gm)].map((m) => [m[1] as string, m[2] as string]),
      );
      if (waitFor.every((name) => found[name] !== undefined)) done(found);
    });
  });
  return {
    urls,
    cpuMs: () => processCpuMs(server),
    stop: async () => {
      server.kill('SIGTERM');
      if (server.exitCode === null) await new Promise((done) => server.once('exit', done));
    },
  };
}

/** User + system CPU of a child process (Linux /proc; clock ticks of 10 ms). */
function processCpuMs(child: ChildProcess): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A keep-alive agent presenting `<certDir>/<id>.crt`, as `partner issue-cert --out certDir` wrote it. */
export function partnerAgent(setup: BrokerSetup, certDir: string, id: string, sockets: number): Agent {
  return new Agent({
    keepAlive: true,
    maxSockets: sockets,
    cert: readFileSync(join(certDir, `${id}.crt`)),
    key: readFileSync(join(certDir, `${id}.key`)),
    ca: readFileSync(setup.serverCertFile),
  });
}

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export function send(
  agent: Agent,
  url: string,
  options: { method: string; body?: string; headers?: Record<string, string> },
): Promise<Reply> {
  return new Promise((done, reject) => {
    const req = request(new URL(url), { method: options.method, agent, headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface PhaseOptions {
  readonly label: string;
  /** Requests to send; with `until`, the phase also stops when that settles. */
  readonly total: number;
  readonly until?: Promise<unknown>;
  readonly clients: number;
  readonly serverCpuMs: () => number;
  readonly target?: { readonly minRate: number; readonly maxP99: number };
}

export interface PhaseResult {
  readonly count: number;
  readonly rate: number;
  readonly p50: number;
  readonly p99: number;
}

/** `clients` loops calling `work(i)` for i = 0, 1, 2…; prints one line of figures. */
export async function runPhase(o: PhaseOptions, work: (i: number) => Promise<void>): Promise<PhaseResult> {
  const latencies: number[] = [];
  let next = 0;
  let stopped = false;
  void o.until?.then(
    () => {
      stopped = true;
    },
    () => {
      stopped = true;
    },
  );
  const serverCpuBefore = o.serverCpuMs();
  const clientCpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: o.clients }, async () => {
      while (next < o.total && !stopped) {
        const i = next++;
        const t0 = performance.now();
        await work(i);
        latencies.push(performance.now() - t0);
        if (process.env['BENCH_SLOW'] && performance.now() - t0 > 50)
          process.stderr.write(
            `slow ${i} at ${((t0 - started) / 1000).toFixed(2)} s: ${(performance.now() - t0).toFixed(0)} ms\n`,
          );
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const count = latencies.length;
  const serverCpu = (o.serverCpuMs() - serverCpuBefore) / count;
  const clientUsage = process.cpuUsage(clientCpuBefore);
  const clientCpu = (clientUsage.user + clientUsage.system) / 1000 / count;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(count - 1, Math.floor(q * count))] as number;
  const result = { count, rate: count / seconds, p50: at(0.5), p99: at(0.99) };
  const t = o.target;
  const verdict = t
    ? `  [target ≥ ${t.minRate}/s, p99 ≤ ${t.maxP99} ms: `
      + `${result.rate >= t.minRate && result.p99 <= t.maxP99 ? 'OK' : 'MISSED'}]`
    : '';
  process.stdout.write(
    `${o.label.padEnd(32)} ${String(count).padStart(6)} req in ${seconds.toFixed(2)} s = `
      + `${result.rate.toFixed(0).padStart(5)} req/s  p50 ${result.p50.toFixed(1)} ms  `
      + `p99 ${result.p99.toFixed(1)} ms  max ${at(1).toFixed(1)} ms  `
      + `cpu/req server ${serverCpu.toFixed(2)} ms client ${clientCpu.toFixed(2)} ms${verdict}\n`,
  );
  return result;
}
