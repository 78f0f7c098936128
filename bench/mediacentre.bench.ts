/**
 * npm run bench:mediacentre — the médiacentre web service under load, as ENTs call it
 * (gar-reference §6): the broker runs in its own process (SQLite by default, `--database postgres`
 * for PostgreSQL) on a store holding a generated directory of 1,000,000 pupils and 40,000 teachers
 * in 2,000 establishments, 20 resources, 8 subscriptions per establishment and the assignments of
 * their RAs (bench/mediacentre-seed.ts; the seeded SQLite file is cached in tmpdir). 32
 * concurrent TLS clients presenting the ENT certificate the broker's CLI issued ask for the
 * resources of a seeded sample of 50,000 live pupils and teachers, gzip accepted as ENTs do.
 * Prints requests/s, p50/p99 and CPU per request per phase, the mean resources per answer; then,
 * under the same load, assigns a resource to one pupil and times until their answer lists it.
 * Targets: ≥ 2,000 requests/s with p99 ≤ 50 ms at 32 clients on SQLite; a new
 * assignment listed within 1 s. The first 5,000 requests warm the server up and are reported apart.
 * Options: --requests N --warm-up N --clients N --pupils N --establishments N --database sqlite|postgres.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { startThrowawayPostgres } from '../test/support/throwaway-postgres.js';
import { partnerAgent, prepareBroker, runPhase, send, startBroker, type Reply } from './bench-client.js';
import { entId } from './mediacentre-catalogue.js';
import { checkFreshness } from './mediacentre-freshness.js';
import { seedBench, type SampledPerson } from './mediacentre-seed.js';

const text = { type: 'string' } as const;
const { values } = parseArgs({
  options: { requests: text, 'warm-up': text, clients: text, pupils: text, establishments: text, database: text },
});
const requests = Number(values.requests ?? 30_000);
const warmUp = Number(values['warm-up'] ?? 5000);
const clients = Number(values.clients ?? 32);
const pupils = Number(values.pupils ?? 1_000_000);
const establishments = Number(values.establishments ?? 2000);
const database = values.database === 'postgres' ? 'postgres' : 'sqlite';
/** One answer in this many is decoded to count its resources: decoding every one would load the client. */
const countEvery = 25;

const work = mkdtempSync(join(tmpdir(), 'gar-bench-mediacentre-'));
const postgres = database === 'postgres' ? await startThrowawayPostgres() : undefined;
const setup = prepareBroker(work, postgres ? postgres.url : `sqlite:${join(work, 'broker.sqlite')}`);
const sample = await seedBench({ setup, database, pupils, establishments, sampleSize: 50_000 });
setup.cli(
  'partner',
  'issue-cert',
  '--kind',
  'ent',
  '--id',
  entId,
  '--name',
  'ENT de charge',
  '--out',
  join(work, 'client'),
);

const server = await startBroker(setup, ['mediacentre']);
const base = server.urls['mediacentre'] as string;
const agent = partnerAgent(setup, join(work, 'client'), entId, clients);
const pollAgent = partnerAgent(setup, join(work, 'client'), entId, 1);
const statuses = new Map<string, number>();
const resourceCounts: number[] = [];

process.stdout.write(
  `bench:mediacentre — ${requests} requests, ${clients} clients, ${postgres ? 'PostgreSQL' : 'SQLite'}, `
    + `${pupils} pupils, ${establishments} establishments, ${sample.length} people sampled\n`,
);
// A server runs for days: the first seconds (V8 compiling the hot paths, 32 TLS handshakes,
// cold pages of the store) are measured apart.
await phase('warm-up (GET, gzip)', warmUp, 0);
await phase('médiacentre (GET, gzip)', requests, warmUp, { minRate: 2000, maxP99: 50 });
const mean = resourceCounts.reduce((a, b) => a + b, 0) / Math.max(1, resourceCounts.length);
process.stdout.write(
  `resources per answer: mean ${mean.toFixed(2)}, max ${Math.max(0, ...resourceCounts)} `
    + `(${resourceCounts.length} answers decoded); statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`,
);
if ([...statuses.keys()].some((s) => s !== '200 gzip')) process.exitCode = 1;
await checkFreshness({
  databaseUrl: setup.databaseUrl,
  sample,
  ask,
  resourcesOf,
  loadAgent: agent,
  pollAgent,
  load: { clients, serverCpuMs: server.cpuMs },
});

agent.destroy();
pollAgent.destroy();
await server.stop();
postgres?.stop();
rmSync(work, { recursive: true, force: true });

function ask(through: Agent, person: SampledPerson): Promise<Reply> {
  const path = [entId, person.uai, person.personId].map(encodeURIComponent).join('/');
  return send(through, `${base}/ressources/${path}`, {
    method: 'GET',
    headers: { accept: 'application/json', 'accept-encoding': 'gzip' },
  });
}

/** The idRessource of each resource of a 200 answer (gunzipped when it came gzipped). */
function resourcesOf(reply: Reply): readonly string[] {
  if (reply.status !== 200)
    throw new Error(`médiacentre answered ${reply.status}: ${reply.body.toString().slice(0, 200)}`);
  const text = (reply.headers['content-encoding'] === 'gzip' ? gunzipSync(reply.body) : reply.body).toString('utf8');
  const answer = JSON.parse(text) as { listeRessources: { ressource: readonly { idRessource: string }[] } };
  return answer.listeRessources.ressource.map((r) => r.idRessource);
}

async function phase(
  label: string,
  total: number,
  offset: number,
  target?: { minRate: number; maxP99: number },
): Promise<void> {
  await runPhase({ label, total, clients, serverCpuMs: server.cpuMs, target }, async (i) => {
    const reply = await ask(agent, sample[(offset + i) % sample.length] as SampledPerson);
    const status = `${reply.status}${reply.headers['content-encoding'] === 'gzip' ? ' gzip' : ''}`;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (reply.status === 200 && i % countEvery === 0) resourceCounts.push(resourcesOf(reply).length);
  });
}
