/**
 * npm run bench:ws — the subscription web service under load, as distributors use it: the
 * broker runs in its own process (SQLite by default, `--database postgres` for PostgreSQL),
 * seeded through its CLI (a generated directory, a resource, a partner certificate issued by the
 * broker's CA); then 32 concurrent TLS clients presenting that certificate create 10,000
 * subscriptions, and list and page them. Prints requests/s and p50/p99 per phase.
 * Target (issue 3): p99 ≤ 50 ms and ≥ 500 creates/s at 32 clients on SQLite.
 * The first 3,000 creates warm the server up and are reported apart.
 * Options: --creates N --warm-up N --clients N --database sqlite|postgres.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startThrowawayPostgres } from '../test/support/throwaway-postgres.js';

const { values } = parseArgs({ options: { creates: { type: 'string' }, 'warm-up': { type: 'string' }, clients: { type: 'string' }, database: { type: 'string' } } });
const creates = Number(values.creates ?? 10_000);
const warmUp = Number(values['warm-up'] ?? 3000);
const clients = Number(values.clients ?? 32);
const distributor = '832020065_0000000000000000';
const resource = 'ark:/46173/00001.p';

const work = mkdtempSync(join(tmpdir(), 'gar-bench-ws-'));
const postgres = values.database === 'postgres' ? await startThrowawayPostgres() : undefined;
const config = {
  database: { url: postgres ? postgres.url : `sqlite:${join(work, 'broker.sqlite')}` },
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
const cli = (...args: string[]): string => execFileSync(process.execPath, ['bin/gar-broker.mjs', ...args], { encoding: 'utf8', env });

cli('feed', 'generate', '--ent', 'BENCH', '--establishments', '200', '--pupils', '4000', '--seed', 'ws', '--out', join(work, 'feed'));
const archive = readdirSync(join(work, 'feed')).find((n) => n.endsWith('.tar.gz')) as string;
cli('feed', 'import', join(work, 'feed', archive), '--ent', 'BENCH');
writeFileSync(join(work, 'resource.json'), JSON.stringify(benchResource()));
cli('resource', 'add', join(work, 'resource.json'));
cli('partner', 'issue-cert', '--id', distributor, '--name', 'Distributeur de charge', '--out', join(work, 'client'));
const uais = listUais();

const server = spawn(process.execPath, [...(process.env['BENCH_PROFILE'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_PROFILE']}`] : []), 'bin/gar-broker.mjs', 'serve'], { stdio: ['ignore', 'pipe', 'inherit'], env });
const wsBase = await new Promise<string>((done) => {
  let out = '';
  server.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const m = /subscriptions\s+(\S+)/.exec(out);
    if (m) done(m[1] as string);
  });
});
const agent = new Agent({
  keepAlive: true, maxSockets: clients,
  cert: readFileSync(join(work, `client/${distributor}.crt`)), key: readFileSync(join(work, `client/${distributor}.key`)),
  ca: readFileSync(config.webServices.tls.certFile),
});

process.stdout.write(`bench:ws — ${creates} creates, ${clients} clients, ${postgres ? 'PostgreSQL' : 'SQLite'}, ${uais.length} establishments\n`);
// A server runs for days: the first seconds (V8 compiling the hot paths, 32 TLS handshakes,
// cold SQLite pages) are measured apart, then the 10,000 creates the target speaks of.
await phase('warm-up create (PUT)', warmUp, (i) => ({ method: 'PUT', path: `/WARM-${i}`, body: subscriptionXml(i, `WARM-${i}`), expect: 201 }));
await phase('create (PUT)', creates, (i) => ({ method: 'PUT', path: `/ABO-${i}`, body: subscriptionXml(i), expect: 201 }), { minRate: 500, maxP99: 50 });
const pages = Math.ceil(creates / 100);
await phase('list page of 100 (GET)', pages * 3, (i) => ({ method: 'GET', path: `/abonnements?debut=${(i % pages) * 100}&fin=${(i % pages) * 100 + 100}`, expect: 200 }));
await phase('list filtered by uaiEtab (POST)', 500, (i) => ({ method: 'POST', path: '/abonnements', body: filterXml(uais[i % uais.length] as string), expect: 200 }));

agent.destroy();
server.kill('SIGTERM');
await new Promise((done) => server.once('exit', done));
await postgres?.stop();
rmSync(work, { recursive: true, force: true });

interface Call { readonly method: string; readonly path: string; readonly body?: string; readonly expect: number }

async function phase(label: string, total: number, call: (i: number) => Call, target?: { minRate: number; maxP99: number }): Promise<void> {
  const latencies: number[] = [];
  let next = 0;
  const serverCpuBefore = serverCpuMs();
  const clientCpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      await send(call(i));
      latencies.push(performance.now() - t0);
      if (process.env['BENCH_SLOW'] && performance.now() - t0 > 50) process.stderr.write(`slow ${i} at ${((t0 - started) / 1000).toFixed(2)} s: ${(performance.now() - t0).toFixed(0)} ms\n`);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const serverCpu = (serverCpuMs() - serverCpuBefore) / total;
  const clientUsage = process.cpuUsage(clientCpuBefore);
  const clientCpu = (clientUsage.user + clientUsage.system) / 1000 / total;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number;
  const rate = total / seconds;
  const verdict = target ? `  [target ≥ ${target.minRate}/s, p99 ≤ ${target.maxP99} ms: ${rate >= target.minRate && at(0.99) <= target.maxP99 ? 'OK' : 'MISSED'}]` : '';
  process.stdout.write(`${label.padEnd(32)} ${String(total).padStart(6)} req in ${seconds.toFixed(2)} s = ${rate.toFixed(0).padStart(5)} req/s  p50 ${at(0.5).toFixed(1)} ms  p99 ${at(0.99).toFixed(1)} ms  max ${at(1).toFixed(1)} ms  cpu/req server ${serverCpu.toFixed(2)} ms client ${clientCpu.toFixed(2)} ms${verdict}\n`);
}

/** User + system CPU of the broker process so far (Linux /proc; clock ticks of 10 ms). */
function serverCpuMs(): number {
  const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function send(c: Call): Promise<void> {
  const url = new URL(wsBase + c.path);
  return new Promise((done, reject) => {
    const req = request(url, { method: c.method, agent, headers: c.body ? { 'content-type': 'application/xml' } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => (res.statusCode === c.expect ? done() : reject(new Error(`${c.method} ${c.path}: ${res.statusCode} ${Buffer.concat(chunks).toString()}`))));
    });
    req.on('error', reject);
    req.end(c.body);
  });
}

function subscriptionXml(i: number, id = `ABO-${i}`): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<abonnement xmlns="http://www.atosworldline.com/wsabonnement/v1.0/">
  <idAbonnement>${id}</idAbonnement>
  <idDistributeurCom>${distributor}</idDistributeurCom>
  <idRessource>${resource}</idRessource>
  <typeIdRessource>ark</typeIdRessource>
  <libelleRessource>Manuel numérique de charge</libelleRessource>
  <debutValidite>2026-09-01T00:00:00</debutValidite>
  <anneeFinValidite>2026-2027</anneeFinValidite>
  <uaiEtab>${uais[i % uais.length]}</uaiEtab>
  <categorieAffectation>transferable</categorieAffectation>
  <typeAffectation>INDIV</typeAffectation>
  <nbLicenceGlobale>${30 + (i % 200)}</nbLicenceGlobale>
  <publicCible>ELEVE</publicCible>
  <publicCible>ENSEIGNANT</publicCible>
</abonnement>`;
}

function filterXml(uai: string): string {
  return `<filtres xmlns="http://www.atosworldline.com/wsabonnement/v1.0/"><filtre><filtreNom>uaiEtab</filtreNom><filtreValeur>${uai}</filtreValeur></filtre></filtres>`;
}

function listUais(): string[] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', `
    const { openStore } = await import('./src/store/index.ts');
    const s = await openStore({ url: ${JSON.stringify(config.database.url)} });
    const rows = await s.db.selectFrom('establishment').select('uai').execute();
    console.log(JSON.stringify(rows.map((r) => r.uai)));
    await s.close();`], { encoding: 'utf8' });
  return JSON.parse(out.trim()) as string[];
}

function benchResource() {
  return {
    idRessource: resource, typeIdRessource: 'ark', nomRessource: 'Manuel numérique de charge',
    editeur: { id: 'editions-charge', nom: 'Éditions Charge' },
    distributeurCom: { id: distributor, nom: 'Distributeur de charge' }, distributeurTech: { id: distributor, nom: 'Distributeur de charge' },
    fournisseurService: 'https://sp.charge.example/metadata', urlAccesRessource: 'https://charge.example/manuel',
    typePresentation: { code: 'MAN', nom: 'Manuel numérique' }, niveauEducatif: [], domaineEnseignement: [],
  };
}
