import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfigDocs, configSchema } from '../src/config/index.js';
import { renderErrorDocs } from '../src/core/render-error-docs.js';
import { errorCodes } from '../src/core/error-codes.js';

/** The part of a JSON Schema node this test reads. */
interface SchemaNode {
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly type?: string;
  readonly description?: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('generated documents', () => {
  it('docs/configuration.md is up to date with the schema (run `npm run docs`)', () => {
    assert.equal(readFileSync('docs/configuration.md', 'utf8'), renderConfigDocs());
  });

  it('docs/errors.md is up to date with the code table (run `npm run docs`)', () => {
    assert.equal(readFileSync('docs/errors.md', 'utf8'), renderErrorDocs());
  });

  it('every error code used in src/ is in the table', () => {
    const used = new Set<string>();
    for (const file of sourceFiles('src'))
      for (const m of readFileSync(file, 'utf8').matchAll(/\bERR_[A-Z0-9_]+\b/g)) used.add(m[0]);
    // Node's own codes, which the code compares against, are not ours to document.
    const nodeCodes = new Set(['ERR_ZLIB', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_MODULE_NOT_FOUND']);
    const missing = [...used].filter((code) => !(code in errorCodes) && !nodeCodes.has(code) && !code.endsWith('_'));
    assert.deepEqual(missing, []);
  });

  it('every configuration key has a description and, for leaves, a default or a documented derivation', () => {
    const walk = (node: SchemaNode, path: string): void => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        assert.ok(child.description, `${path}${key} has no description`);
        if (child.type !== 'object')
          assert.ok('default' in child || /Default:/.test(child.description ?? ''), `${path}${key} has no default`);
        else walk(child, `${path}${key}.`);
      }
    };
    walk(configSchema as unknown as SchemaNode, '');
  });
});
