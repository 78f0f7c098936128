/**
 * npm run bench:sso — complete brokered logins over loopback (gar-reference §2 A): médiacentre
 * link → ENT (a samlify IdP) → broker ACS → resource → the publisher's request answered by the
 * broker, in each publisher protocol:
 * - saml: node-saml's signed AuthnRequest → the broker's signed, encrypted assertion;
 * - oidc: openid-client's authorization (PKCE, scope.gar, idRessource) → interaction → code →
 *   token endpoint (client_secret_basic) → RS256 ID token;
 * - cas: /cas/login → service ticket → /cas/p3/serviceValidate.
 * The broker runs in this process; the fake ENT, the fake publisher and the browsers run in a
 * separate process (bench/sso-peers.ts) with keys made before the measure, so the CPU counted is
 * the broker's alone. Prints, per protocol, broker CPU ms per login, logins/s at 16 concurrent
 * browsers, and p50/p99 per login. Target: ≤ 10 ms of broker CPU per login.
 * `mediacentre` (the click and the ENT login alone) and `recheck` (that, then a second click that the
 * broker checks with the ENT without a screen): their difference is the passive check's cost per click.
 * Options: --protocol saml|oidc|cas|mediacentre|recheck|all (default all) --logins N (default 2000) --warm-up N
 * (default 300) --browsers N (default 16) --profile DIR (a V8 CPU profile of the broker during each
 * measured run, <DIR>/sso-<protocol>.cpuprofile, for Chrome DevTools).
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { registerCasService } from '../src/federation/index.js';
import { createCasServiceStore } from '../src/store/index.js';
import { distributorA, resources, startFlowBroker } from '../test/support/flow-broker.js';
import { pupilId } from '../test/support/licensing-fixtures.js';
import { registerClient } from '../test/support/oidc-publisher-peer.js';
import type { Protocol, Setup } from './sso-peers.js';

const { values } = parseArgs({
  options: {
    protocol: { type: 'string' },
    profile: { type: 'string' },
    logins: { type: 'string' },
    'warm-up': { type: 'string' },
    browsers: { type: 'string' },
  },
});
const logins = Number(values.logins ?? 2000);
const warmUp = Number(values['warm-up'] ?? 300);
const browsers = Number(values.browsers ?? 16);
const protocols: readonly Protocol[] =
  values.protocol === undefined || values.protocol === 'all'
    ? ['saml', 'oidc', 'cas', 'mediacentre', 'recheck']
    : [values.protocol as Protocol];

interface RunReport {
  readonly ms: readonly number[];
  readonly wallMs: number;
  readonly failures: number;
  readonly firstFailure?: string;
}

const oidc = {
  clientId: 'bench-publisher',
  secret: `bench-secret-${'s'.repeat(32)}`,
  redirectUri: 'https://bench-publisher.test/oidc/callback',
};
const casService = 'https://cas.bench-publisher.test/maths';

async function measure(protocol: Protocol): Promise<boolean> {
  // The product's defaults: a publisher's request within seconds of the click reuses the session.
  const flow = await startFlowBroker('sqlite', { login: {} });
  await registerClient(flow.broker.store, flow.config.saml.keysDir, {
    clientId: oidc.clientId,
    distributorId: distributorA,
    redirectUris: [oidc.redirectUri],
    auth: { method: 'client_secret_basic', secret: oidc.secret },
  });
  await registerCasService(
    { serviceUrl: casService, idRessource: resources.maths },
    {
      store: createCasServiceStore(flow.broker.store),
      actor: 'bench',
      now: new Date(),
      resourceExists: async () => true,
    },
  );
  const peers = fork(new URL('./sso-peers.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] });
  const ask = <T>(message: unknown): Promise<T> =>
    new Promise((done) => {
      peers.once('message', (reply) => done(reply as T));
      peers.send(message as object);
    });
  const setup: Setup = {
    protocol,
    brokerUrl: flow.broker.url,
    spMetadata: flow.spMetadata,
    entKey: flow.keys.ent,
    spKey: flow.keys.spA,
    publisher: { entityId: flow.publisherA.entityId, acsUrl: flow.publisherA.acsUrl },
    resource: resources.maths,
    user: pupilId('6A', 1),
    oidc,
    casService,
  };
  await ask({ setup });
  const warm = await ask<RunReport>({ run: { logins: warmUp, browsers } });
  const profiler = values.profile === undefined ? undefined : await startProfile();
  const before = process.cpuUsage();
  const run = await ask<RunReport>({ run: { logins, browsers } });
  const cpu = process.cpuUsage(before);
  if (profiler !== undefined)
    writeFileSync(join(values.profile as string, `sso-${protocol}.cpuprofile`), JSON.stringify(await profiler.stop()));
  peers.kill();
  await flow.close();
  report(protocol, warm, run, (cpu.user + cpu.system) / 1000);
  return run.failures === 0 && warm.failures === 0;
}

/** The broker's own CPU profile over the measured run only (the inspector's sampling adds a little CPU). */
async function startProfile(): Promise<{ stop(): Promise<unknown> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      return profile;
    },
  };
}

function report(protocol: Protocol, warm: RunReport, run: RunReport, cpuMs: number): void {
  const sorted = [...run.ms].sort((a, b) => a - b);
  const pct = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  console.log(
    `[${protocol}] warm-up: ${warmUp} logins, ${warm.failures} failed`
      + `${warm.firstFailure ? ` (first: ${warm.firstFailure})` : ''}`,
  );
  console.log(
    `[${protocol}] logins: ${logins} at ${browsers} concurrent browsers, ${run.failures} failed`
      + `${run.firstFailure ? ` (first: ${run.firstFailure})` : ''}`,
  );
  console.log(`[${protocol}] broker CPU per login: ${(cpuMs / logins).toFixed(2)} ms (target ≤ 10 ms)`);
  console.log(`[${protocol}] throughput: ${(logins / (run.wallMs / 1000)).toFixed(0)} logins/s`);
  console.log(`[${protocol}] latency per login: p50 ${pct(0.5).toFixed(1)} ms, p99 ${pct(0.99).toFixed(1)} ms`);
}

let ok = true;
for (const protocol of protocols) ok = (await measure(protocol)) && ok;
process.exit(ok ? 0 : 1);
