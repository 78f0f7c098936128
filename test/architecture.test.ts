/**
 * The dependency rules of docs/architecture.md, checked on every run: a rule that is not checked
 * erodes. Imports are read from the source text (static `import … from '…'` and `export … from`).
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly fromModule: string;
  readonly toModule: string | null;
  readonly spec: string;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** `src/main.ts` is the process's entry point; every other file belongs to the folder it is in. */
const moduleOf = (file: string): string => {
  const rel = relative('src', file).split('/');
  return rel.length === 1 ? '(entry)' : (rel[0] as string);
};

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of files('src')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)) {
      const spec = m[1] as string;
      const to = spec.startsWith('.') ? normalize(join(dirname(file), spec)) : spec;
      out.push({
        from: file,
        to,
        spec,
        fromModule: moduleOf(file),
        toModule: spec.startsWith('.') ? moduleOf(to) : null,
      });
    }
  }
  return out;
}

const all = edges();
const violations = (predicate: (e: Edge) => boolean): string[] =>
  all.filter(predicate).map((e) => `${e.from} → ${e.spec}`);

describe('architecture: dependency rules', () => {
  it('core imports nothing else of src/', () => {
    assert.deepEqual(
      violations((e) => e.fromModule === 'core' && e.toModule !== null && e.toModule !== 'core'),
      [],
    );
  });

  it('only trust imports an XML parser or xml-crypto', () => {
    const xml = /^(saxes|xml-crypto|@xmldom\/xmldom|libxml2-wasm|samlify|@authenio\/)/;
    assert.deepEqual(
      violations((e) => xml.test(e.spec) && e.fromModule !== 'trust'),
      [],
    );
  });

  it('idp-bridge and federation never import each other', () => {
    assert.deepEqual(
      violations(
        (e) =>
          (e.fromModule === 'idp-bridge' && e.toModule === 'federation')
          || (e.fromModule === 'federation' && e.toModule === 'idp-bridge'),
      ),
      [],
    );
  });

  it('attribute-filter imports only core', () => {
    assert.deepEqual(
      violations(
        (e) =>
          e.fromModule === 'attribute-filter'
          && e.toModule !== null
          && !['core', 'attribute-filter'].includes(e.toModule),
      ),
      [],
    );
  });

  it('domain modules never import the store (only the composition and the CLI do)', () => {
    assert.deepEqual(
      violations((e) => e.toModule === 'store' && !['store', 'compose', 'cli'].includes(e.fromModule)),
      [],
    );
  });

  it("cross-module imports go through the other module's index.ts (core excepted: the shared kernel)", () => {
    assert.deepEqual(
      violations(
        (e) =>
          e.toModule !== null
          && e.toModule !== e.fromModule
          && e.toModule !== 'core'
          && !e.to.endsWith(`src/${e.toModule}/index.js`),
      ),
      [],
    );
  });

  it('inside a module, files import each other directly, never through their own index.ts', () => {
    assert.deepEqual(
      violations((e) => e.toModule === e.fromModule && e.to === `src/${e.fromModule}/index.js`),
      [],
    );
  });

  it('src/ holds only module folders and the entry point main.ts', () => {
    const loose = readdirSync('src').filter((n) => !statSync(join('src', n)).isDirectory() && n !== 'main.ts');
    assert.deepEqual(loose, []);
  });

  it('the entry point imports only the CLI, and nothing imports the entry point', () => {
    assert.deepEqual(
      violations((e) => e.fromModule === '(entry)' && e.toModule !== null && e.toModule !== 'cli'),
      [],
    );
    assert.deepEqual(
      violations((e) => e.toModule === '(entry)'),
      [],
    );
  });

  it('http is a transport kernel: it imports only core and config', () => {
    assert.deepEqual(
      violations(
        (e) => e.fromModule === 'http' && e.toModule !== null && !['http', 'core', 'config'].includes(e.toModule),
      ),
      [],
    );
  });

  it('only the CLI and the entry point import the composition', () => {
    assert.deepEqual(
      violations((e) => e.toModule === 'compose' && !['compose', 'cli', '(entry)'].includes(e.fromModule)),
      [],
    );
  });

  it('store tests mirror src/store/ folders: a test of src/store/x/y.ts is test/store/x/y.test.ts', () => {
    const sources = new Map(
      files('src/store').map((p) => [p.slice(p.lastIndexOf('/') + 1, -3), dirname(relative('src/store', p))]),
    );
    const misplaced = files('test/store').flatMap((p) => {
      const name = p.slice(p.lastIndexOf('/') + 1).replace(/\.test\.ts$/, '');
      const folder = sources.get(name);
      return folder !== undefined && folder !== dirname(relative('test/store', p))
        ? [`${p} (expected under ${folder})`]
        : [];
    });
    assert.deepEqual(misplaced, []);
    const storeFolders = new Set(files('src/store').map((p) => dirname(relative('src/store', p))));
    const strayFolders = [...new Set(files('test/store').map((p) => dirname(relative('test/store', p))))].filter(
      (d) => !storeFolders.has(d),
    );
    assert.deepEqual(strayFolders, []);
  });

  it('docs/architecture.md maps every module, one row each, and links to nothing outside the repository', () => {
    const doc = readFileSync('docs/architecture.md', 'utf8');
    const modules = readdirSync('src').filter((n) => statSync(join('src', n)).isDirectory());
    assert.deepEqual(
      modules.filter((m) => !doc.includes(`| \`${m}/\` |`)),
      [],
    );
    assert.deepEqual(
      [...doc.matchAll(/\]\(([^)]+)\)/g)]
        .map((m) => m[1] as string)
        .filter((target) => !target.startsWith('http') && normalize(join('docs', target)).startsWith('..')),
      [],
    );
  });

  it("every store factory runs its port's contract, and every contract is run by a store test", () => {
    const kebab = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
    // The module declaring each port: its ports.ts, or one of its <area>-ports.ts.
    const portFiles = files('src').filter((p) => /^(.+-)?ports\.ts$/.test(p.slice(p.lastIndexOf('/') + 1)));
    const declared = (p: string) => [...readFileSync(p, 'utf8').matchAll(/^export interface (\w+)/gm)];
    const portModule = new Map(
      portFiles.flatMap((p) => declared(p).map((m) => [m[1] as string, moduleOf(p)] as const)),
    );
    const storeTests = files('test/store')
      .filter((p) => p.endsWith('.test.ts'))
      .map((p) => {
        const text = readFileSync(p, 'utf8');
        const specs = [...text.matchAll(/^\s*import\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1] as string);
        return { text, imports: specs.map((spec) => normalize(join(dirname(p), spec))) };
      });
    const index = readFileSync('src/store/index.ts', 'utf8');
    const exported = index.matchAll(/^export \{ (create\w+) \} from '\.\/([^']+)\.js';/gm);
    const missing = [...exported].flatMap(([, factory = '', source = '']) => {
      const text = readFileSync(join('src/store', `${source}.ts`), 'utf8');
      const port = new RegExp(`export function ${factory}\\([^)]*\\)\\s*:\\s*(\\w+)`).exec(text)?.[1];
      const module = port === undefined ? undefined : portModule.get(port);
      if (port === undefined || module === undefined) return [`${factory}: its return type is no port of a ports.ts`];
      const contract = `test/${module}/contracts/${kebab(port)}.contract.js`;
      const runs = storeTests.some((t) => t.text.includes(`${factory}(`) && t.imports.includes(contract));
      return runs ? [] : [`${factory}: no test under test/store/ calls it and imports ${contract}`];
    });
    assert.deepEqual(missing, []);
    const contracts = files('test').filter((p) => /^test\/[^/]+\/contracts\/[^/]+\.contract\.ts$/.test(p));
    const unused = contracts.filter((p) => !storeTests.some((t) => t.imports.includes(p.replace(/\.ts$/, '.js'))));
    assert.deepEqual(unused, [], 'a contract no store test runs');
    const misplaced = files('test').filter((p) => p.endsWith('.contract.ts') && !contracts.includes(p));
    assert.deepEqual(misplaced, [], 'contracts live in test/<module>/contracts/');
  });

  it('modules form no cycle', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of all)
      if (e.toModule && e.toModule !== e.fromModule) {
        if (!graph.has(e.fromModule)) graph.set(e.fromModule, new Set());
        graph.get(e.fromModule)!.add(e.toModule);
      }
    const cycles: string[] = [];
    const visit = (node: string, path: string[]): void => {
      if (path.includes(node)) {
        cycles.push([...path, node].join(' → '));
        return;
      }
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    };
    for (const node of graph.keys()) visit(node, []);
    assert.deepEqual(cycles, []);
  });
});
