/**
 * Cost of SAML schema validation with libxml2-wasm (src/trust/saml/saml-schema-validator.ts):
 * the one-time schema compilation, then the mean per validation of a realistic signed-shape
 * Response (parse + validate + free). Run: npx tsx bench/saml-schema.bench.ts [iterations]
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createSamlSchemaValidator } from '../src/trust/saml/saml-schema-validator.js';

const iterations = Number(process.argv[2] ?? '20000');
const response = readFileSync(
  new URL('../test/fixtures/saml/schema/valid.response-signed-shape.xml', import.meta.url),
  'utf8',
);

const compileStart = performance.now();
const validator = createSamlSchemaValidator();
const compileMs = performance.now() - compileStart;

for (let i = 0; i < 1000; i += 1) validator.validate(response);
const start = performance.now();
for (let i = 0; i < iterations; i += 1) validator.validate(response);
const meanUs = ((performance.now() - start) * 1000) / iterations;

process.stdout.write(
  `schema compilation: ${compileMs.toFixed(1)} ms\n`
    + `validation of valid.response-signed-shape.xml (${Buffer.byteLength(response)} bytes): `
    + `${meanUs.toFixed(1)} µs mean over ${iterations}\n`,
);
