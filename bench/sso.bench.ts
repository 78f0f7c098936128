/**
 * npm run bench:sso — complete brokered logins over loopback (gar-reference §2 A): médiacentre
 * link → ENT (a samlify IdP) → broker ACS → resource → the publisher's signed AuthnRequest
 * (node-saml) → the broker's signed, encrypted assertion. The broker runs in this process; the
 * fake ENT, the fake publisher and the browsers run in a separate process (bench/sso-peers.ts)
 * with keys made before the measure, so the CPU counted is the broker's alone.
 * Prints broker CPU ms per login, logins/s at 16 concurrent browsers, and p50/p99 per login.
 * Target (issue 4): ≤ 10 ms of broker CPU per login.
 * Options: --logins N (default 2000) --warm-up N (default 300) --browsers N (default 16).
 */
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { resources, startFlowBroker } from '../test/support/flow-broker.js';
import { pupilId } from '../test/support/licensing-fixtures.js';

const { values } = parseArgs({ options: { logins: { type: 'string' }, 'warm-up': { type: 'string' }, browsers: { type: 'string' } } });
const logins = Number(values.logins ?? 2000);
const warmUp = Number(values['warm-up'] ?? 300);
const browsers = Number(values.browsers ?? 16);

const flow = await startFlowBroker();
const peers = fork(new URL('./sso-peers.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] });
const ask = <T>(message: unknown): Promise<T> => new Promise((done) => {
  peers.once('message', (reply) => done(reply as T));
  peers.send(message as object);
});

interface RunReport { readonly ms: readonly number[]; readonly wallMs: number; readonly failures: number; readonly firstFailure?: string }

await ask({
  setup: {
    brokerUrl: flow.broker.url, spMetadata: flow.spMetadata, entKey: flow.keys.ent, spKey: flow.keys.spA,
    publisher: { entityId: flow.publisherA.entityId, acsUrl: flow.publisherA.acsUrl }, resource: resources.maths, user: pupilId('6A', 1),
  },
});
const warm = await ask<RunReport>({ run: { logins: warmUp, browsers } });
const before = process.cpuUsage();
const run = await ask<RunReport>({ run: { logins, browsers } });
const cpu = process.cpuUsage(before);
peers.kill();
await flow.close();

const sorted = [...run.ms].sort((a, b) => a - b);
const pct = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(`warm-up: ${warmUp} logins, ${warm.failures} failed`);
console.log(`logins: ${logins} at ${browsers} concurrent browsers, ${run.failures} failed${run.firstFailure ? ` (first: ${run.firstFailure})` : ''}`);
console.log(`broker CPU per login: ${(cpuMs / logins).toFixed(2)} ms (target ≤ 10 ms)`);
console.log(`throughput: ${(logins / (run.wallMs / 1000)).toFixed(0)} logins/s`);
console.log(`latency per login: p50 ${pct(0.5).toFixed(1)} ms, p99 ${pct(0.99).toFixed(1)} ms`);
process.exit(run.failures === 0 ? 0 : 1);
