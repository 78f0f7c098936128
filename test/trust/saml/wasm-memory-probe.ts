/**
 * Run in its own process by saml-schema-validator.test.ts: captures libxml2-wasm's WebAssembly
 * memory as it is instantiated, validates N messages, and prints the memory size after a
 * warm-up and after the run. Wasm memory only grows, so any leak of a parsed document shows.
 */
import { readFileSync } from 'node:fs';

const memories: WebAssembly.Memory[] = [];
const instantiate = WebAssembly.instantiate.bind(WebAssembly) as (...args: unknown[]) => Promise<unknown>;
(WebAssembly as { instantiate: unknown }).instantiate = async (...args: unknown[]) => {
  const result = await instantiate(...args);
  const instance = (result as { instance?: WebAssembly.Instance }).instance ?? (result as WebAssembly.Instance);
  for (const value of Object.values(instance.exports)) if (value instanceof WebAssembly.Memory) memories.push(value);
  return result;
};

const { createSamlSchemaValidator } = await import('../../../src/trust/saml/saml-schema-validator.js');
const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/saml/schema/${name}`, import.meta.url), 'utf8');
const messages = [
  'valid.response-signed-shape.xml',
  'invalid.unknown-element-in-assertion.xml',
  'invalid.malformed.xml',
].map(fixture);
const validator = createSamlSchemaValidator();
const wasmBytes = (): number => memories.reduce((sum, memory) => sum + memory.buffer.byteLength, 0);

function run(count: number): void {
  for (let i = 0; i < count; i += 1) {
    try {
      validator.validate(messages[i % messages.length] ?? '');
    } catch {
      // Invalid messages are part of the mix: their error paths must free memory too.
    }
  }
}

const total = Number(process.argv[2] ?? '10000');
run(300);
const afterWarmUp = wasmBytes();
run(total);
process.stdout.write(
  JSON.stringify({ afterWarmUp, afterRun: wasmBytes(), validations: total, memories: memories.length }),
);
