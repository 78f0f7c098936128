/**
 * Mean time of one readIdpResponse on the committed ACS fixtures (test/fixtures/saml/acs/), the
 * valid forms only, after a warm-up (the first call also compiles the SAML schema, ≈ 20 ms).
 * Run: npx tsx bench/idp-response-fixtures.bench.ts [iterations]
 */
import { readIdpResponse, type RequiredResponseSignature } from '../src/trust/index.js';
import { acsExpectations, postedValue } from '../test/trust/saml/idp-response/acs-expectations.js';

const iterations = Number(process.argv[2] ?? 2000);
const warmUp = 200;

const cases: ReadonlyArray<readonly [string, RequiredResponseSignature]> = [
  ['valid.assertion-signed.xml', 'assertion'],
  ['valid.response-signed.xml', 'response'],
  ['valid.both-signed.xml', 'both'],
  ['valid.encrypted-assertion.xml', 'assertion'],
  ['valid.encrypted-assertion.aes128-cbc-oaep-sha256-mgf1sha1.xml', 'assertion'],
  ['valid.encrypted-unsigned-assertion-in-signed-response.xml', 'response'],
];

process.stdout.write(
  `readIdpResponse: mean of ${iterations} calls after ${warmUp} warm-up, RSA-2048 keys parsed once\n`,
);
for (const [file, requiredSignature] of cases) {
  const posted = postedValue(file);
  const expect = acsExpectations({ requiredSignature });
  for (let i = 0; i < warmUp; i += 1) readIdpResponse(posted, expect);
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i += 1) readIdpResponse(posted, expect);
  const meanMs = Number(process.hrtime.bigint() - started) / 1e6 / iterations;
  process.stdout.write(`${file.padEnd(66)} ${meanMs.toFixed(3).padStart(7)} ms  (${posted.length} base64 chars)\n`);
}
