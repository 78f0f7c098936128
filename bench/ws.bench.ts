/**
 * npm run bench:ws — the subscription web service under load, as distributors use it: the
 * broker runs in its own process (SQLite by default, `--database postgres` for PostgreSQL),
 * seeded through its CLI (a generated directory, a resource, a partner certificate issued by the
 * broker's CA); then 32 concurrent TLS clients presenting that certificate create 10,000
 * subscriptions, and list and page them. Prints requests/s and p50/p99 per phase.
 * Target: p99 ≤ 50 ms and ≥ 500 creates/s at 32 clients on SQLite.
 * The first 3,000 creates warm the server up and are reported apart.
 * Options: --creates N --warm-up N --clients N --database sqlite|postgres.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startThrowawayPostgres } from '../test/support/throwaway-postgres.js';
import { partnerAgent, prepareBroker, runPhase, send, startBroker } from './bench-client.js';

const { values } = parseArgs({
  options: {
    creates: { type: 'string' },
    'warm-up': { type: 'string' },
    clients: { type: 'string' },
    database: { type: 'string' },
  },
});
const creates = Number(values.creates ?? 10_000);
const warmUp = Number(values['warm-up'] ?? 3000);
const clients = Number(values.clients ?? 32);
const distributor = '832020065_0000000000000000';
const resource = 'ark:/46173/00001.p';

const work = mkdtempSync(join(tmpdir(), 'gar-bench-ws-'));
const postgres = values.database === 'postgres' ? await startThrowawayPostgres() : undefined;
const setup = prepareBroker(work, postgres ? postgres.url : `sqlite:${join(work, 'broker.sqlite')}`);
const { cli } = setup;

cli(
  'feed',
  'generate',
  '--ent',
  'BENCH',
  '--establishments',
  '200',
  '--pupils',
  '4000',
  '--seed',
  'ws',
  '--out',
  join(work, 'feed'),
);
const archive = readdirSync(join(work, 'feed')).find((n) => n.endsWith('.tar.gz')) as string;
cli('feed', 'import', join(work, 'feed', archive), '--ent', 'BENCH');
writeFileSync(join(work, 'resource.json'), JSON.stringify(benchResource()));
cli('resource', 'add', join(work, 'resource.json'));
cli('partner', 'issue-cert', '--id', distributor, '--name', 'Distributeur de charge', '--out', join(work, 'client'));
const uais = listUais();

const server = await startBroker(setup, ['subscriptions']);
const wsBase = server.urls['subscriptions'] as string;
const agent = partnerAgent(setup, join(work, 'client'), distributor, clients);

process.stdout.write(
  `bench:ws — ${creates} creates, ${clients} clients, ${postgres ? 'PostgreSQL' : 'SQLite'}, `
    + `${uais.length} establishments\n`,
);
// A server runs for days: the first seconds (V8 compiling the hot paths, 32 TLS handshakes,
// cold SQLite pages) are measured apart, then the 10,000 creates the target speaks of.
await phase('warm-up create (PUT)', warmUp, (i) => ({
  method: 'PUT',
  path: `/WARM-${i}`,
  body: subscriptionXml(i, `WARM-${i}`),
  expect: 201,
}));
await phase(
  'create (PUT)',
  creates,
  (i) => ({ method: 'PUT', path: `/ABO-${i}`, body: subscriptionXml(i), expect: 201 }),
  { minRate: 500, maxP99: 50 },
);
const pages = Math.ceil(creates / 100);
await phase('list page of 100 (GET)', pages * 3, (i) => ({
  method: 'GET',
  path: `/abonnements?debut=${(i % pages) * 100}&fin=${(i % pages) * 100 + 100}`,
  expect: 200,
}));
await phase('list filtered by uaiEtab (POST)', 500, (i) => ({
  method: 'POST',
  path: '/abonnements',
  body: filterXml(uais[i % uais.length] as string),
  expect: 200,
}));

agent.destroy();
await server.stop();
await postgres?.stop();
rmSync(work, { recursive: true, force: true });

interface Call {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly expect: number;
}

async function phase(
  label: string,
  total: number,
  call: (i: number) => Call,
  target?: { minRate: number; maxP99: number },
): Promise<void> {
  await runPhase({ label, total, clients, serverCpuMs: server.cpuMs, target }, async (i) => {
    const c = call(i);
    const reply = await send(agent, wsBase + c.path, {
      method: c.method,
      ...(c.body ? { body: c.body, headers: { 'content-type': 'application/xml' } } : {}),
    });
    if (reply.status !== c.expect) throw new Error(`${c.method} ${c.path}: ${reply.status} ${reply.body.toString()}`);
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
  return (
    '<filtres xmlns="http://www.atosworldline.com/wsabonnement/v1.0/">'
    + `<filtre><filtreNom>uaiEtab</filtreNom><filtreValeur>${uai}</filtreValeur></filtre></filtres>`
  );
}

function listUais(): string[] {
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `
    const { openStore } = await import('./src/store/index.ts');
    const s = await openStore({ url: ${JSON.stringify(setup.databaseUrl)} });
    const rows = await s.db.selectFrom('establishment').select('uai').execute();
    console.log(JSON.stringify(rows.map((r) => r.uai)));
    await s.close();`,
    ],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim()) as string[];
}

function benchResource() {
  return {
    idRessource: resource,
    typeIdRessource: 'ark',
    nomRessource: 'Manuel numérique de charge',
    editeur: { id: 'editions-charge', nom: 'Éditions Charge' },
    distributeurCom: { id: distributor, nom: 'Distributeur de charge' },
    distributeurTech: { id: distributor, nom: 'Distributeur de charge' },
    fournisseurService: 'https://sp.charge.example/metadata',
    urlAccesRessource: 'https://charge.example/manuel',
    typePresentation: { code: 'MAN', nom: 'Manuel numérique' },
    niveauEducatif: [],
    domaineEnseignement: [],
  };
}
