// `npm run build` (and npm's `prepare`, so `npm ci` builds too): compiles src/ and examples/ to a new dist/
// with tsconfig.build.json (never incrementally: a removed source or output would leave dist/ wrong), copies
// beside the compiled code every other file of those folders (eta views, CSS and JavaScript assets, worker
// bootstraps: the code reads them relative to its own URL), then stamps dist/ so that bin/gar-broker.mjs runs
// it instead of the sources while they have not changed (bin/dist-stamp.mjs).
// `--if-possible` (prepare): without TypeScript (an install without dev dependencies) or on a compile error,
// warn and leave dist/ unstamped; the command then runs the sources through tsx, only slower to start.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildInputs, stampUrl } from '../bin/dist-stamp.mjs';

const root = new URL('../', import.meta.url);
const rootPath = fileURLToPath(root);
const ifPossible = process.argv.includes('--if-possible');

function giveUp(message) {
  process.stderr.write(`build: ${message}\n`);
  if (!ifPossible) process.exit(1);
  process.stderr.write('build: dist/ is left out; gar-broker runs the TypeScript sources through tsx.\n');
  process.exit(0);
}

function compilerPath() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
}

/** Copies every file of `folder` that tsc does not compile to the same place under dist/. */
function copyOthers(folder) {
  if (!existsSync(join(rootPath, folder))) return;
  for (const name of readdirSync(join(rootPath, folder))) {
    const path = join(folder, name);
    if (statSync(join(rootPath, path)).isDirectory()) copyOthers(path);
    else if (!name.endsWith('.ts')) {
      mkdirSync(join(rootPath, 'dist', folder), { recursive: true });
      copyFileSync(join(rootPath, path), join(rootPath, 'dist', path));
    }
  }
}

const startedAt = Date.now();
rmSync(new URL('dist/', root), { recursive: true, force: true });
const tsc = compilerPath();
if (tsc === undefined) giveUp('TypeScript is not installed (dev dependencies left out)');
const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: rootPath, stdio: 'inherit' });
if (compiled.status !== 0) giveUp(`tsc -p tsconfig.build.json failed (exit ${compiled.status ?? compiled.signal})`);
for (const folder of buildInputs.folders) copyOthers(folder);
mkdirSync(dirname(fileURLToPath(stampUrl(root))), { recursive: true });
writeFileSync(stampUrl(root), `${JSON.stringify({ startedAt })}\n`);
