/**
 * The broker's ACS, trust side: mean time of one readIdpResponse (decode, schema, signatures,
 * decryption, checks) on a typical ENT Response, RSA-2048 keys as parsed KeyObjects.
 * Run: npx tsx bench/idp-response.bench.ts
 */
import { readIdpResponse } from '../src/trust/index.js';
import {
  base64,
  brokerEncryptionKey,
  buildIdpResponse,
  idpExpectations,
  type BuildOptions,
} from '../test/support/idp-response-builder.js';

const rounds = 200;

function meanMs(posted: string, required: 'assertion' | 'both'): number {
  const expect = idpExpectations({ requiredSignature: required });
  for (let i = 0; i < 20; i += 1) readIdpResponse(posted, expect);
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i += 1) readIdpResponse(posted, expect);
  return Number(process.hrtime.bigint() - start) / 1e6 / rounds;
}

const cases: ReadonlyArray<readonly [string, BuildOptions, 'assertion' | 'both']> = [
  ['signed assertion', { sign: 'assertion' }, 'assertion'],
  ['signed assertion + signed response', { sign: 'both' }, 'both'],
  [
    'encrypted signed assertion (AES-256-GCM, RSA-OAEP)',
    { sign: 'assertion', encryptTo: brokerEncryptionKey().publicKey },
    'assertion',
  ],
  ['encrypted, inside a signed response', { sign: 'both', encryptTo: brokerEncryptionKey().publicKey }, 'both'],
];

console.log(`readIdpResponse, ${rounds} rounds each (after 20 warm-up)`);
for (const [name, options, required] of cases) {
  const posted = base64(buildIdpResponse(options));
  const ms = meanMs(posted, required);
  console.log(`${name.padEnd(52)} ${ms.toFixed(2).padStart(7)} ms  (${posted.length} base64 chars)`);
}
