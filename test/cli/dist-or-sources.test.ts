/**
 * bin/gar-broker.mjs runs the compiled dist/ only while it is up to date with src/ and examples/
 * (bin/dist-stamp.mjs), else the TypeScript sources: an edited tree never runs stale code.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distIsFresh } from '../../bin/dist-stamp.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const anHourAgo = new Date(Date.now() - 3_600_000);

/** A tree with sources an hour old, and dist/ stamped as built a minute ago (or not stamped). */
function tree(stamped = true): { readonly dir: string; readonly root: URL; write(path: string, text: string): void } {
  const dir = mkdtempSync(join(tmpdir(), 'gar-dist-stamp-'));
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('package.json', '{ "type": "module" }\n');
  write('tsconfig.json', '{}\n');
  write('src/main.ts', "const from: string = 'sources';\nprocess.stdout.write(from + '\\n');\n");
  write('src/cli/run-cli.ts', 'export {};\n');
  write('examples/demo.ts', 'export {};\n');
  write('dist/src/main.js', "process.stdout.write('dist\\n');\n");
  for (const path of ['tsconfig.json', 'src/main.ts', 'src/cli/run-cli.ts', 'src/cli', 'src', 'examples/demo.ts'])
    utimesSync(join(dir, path), anHourAgo, anHourAgo);
  utimesSync(join(dir, 'examples'), anHourAgo, anHourAgo);
  if (stamped) write('dist/.build-stamp', `${JSON.stringify({ startedAt: Date.now() - 60_000 })}\n`);
  return { dir, root: pathToFileURL(`${dir}/`), write };
}

describe('dist/ or the sources', () => {
  const made: string[] = [];
  const fresh = (stamped = true): ReturnType<typeof tree> => {
    const t = tree(stamped);
    made.push(t.dir);
    return t;
  };
  after(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('dist/ is up to date when built after the last change of every input', () => {
    assert.equal(distIsFresh(fresh().root), true);
  });

  it('not without a stamp, or with an unreadable one (a build that failed or is running)', () => {
    assert.equal(distIsFresh(fresh(false).root), false);
    const t = fresh();
    t.write('dist/.build-stamp', '{ "startedAt":');
    assert.equal(distIsFresh(t.root), false);
  });

  it('not once a source is edited, added or removed after the build started', () => {
    const edited = fresh();
    utimesSync(join(edited.dir, 'src/cli/run-cli.ts'), new Date(), new Date());
    assert.equal(distIsFresh(edited.root), false);
    const added = fresh();
    added.write('examples/more.ts', 'export {};\n');
    assert.equal(distIsFresh(added.root), false);
    const removed = fresh();
    unlinkSync(join(removed.dir, 'src/cli/run-cli.ts'));
    assert.equal(distIsFresh(removed.root), false);
  });

  it('not once tsconfig.json changes; an installation without examples/ still counts as built', () => {
    const t = fresh();
    utimesSync(join(t.dir, 'tsconfig.json'), new Date(), new Date());
    assert.equal(distIsFresh(t.root), false);
    const withoutExamples = fresh();
    rmSync(join(withoutExamples.dir, 'examples'), { recursive: true });
    assert.equal(distIsFresh(withoutExamples.root), true);
  });

  describe('bin/gar-broker.mjs', function () {
    this.timeout(30_000);
    const run = (dir: string, env: NodeJS.ProcessEnv = {}): string =>
      execFileSync(process.execPath, [join(dir, 'bin/gar-broker.mjs')], {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '', GAR_BROKER_FROM_SOURCE: '', ...env },
      }).trim();
    const withBin = (stamped = true): ReturnType<typeof tree> => {
      const t = fresh(stamped);
      mkdirSync(join(t.dir, 'bin'));
      for (const name of ['gar-broker.mjs', 'dist-stamp.mjs'])
        copyFileSync(join(repo, 'bin', name), join(t.dir, 'bin', name));
      symlinkSync(join(repo, 'node_modules'), join(t.dir, 'node_modules'), 'dir');
      return t;
    };

    it('runs dist/ when it is up to date, the sources through tsx when it is not', () => {
      const t = withBin();
      assert.equal(run(t.dir), 'dist');
      utimesSync(join(t.dir, 'src/main.ts'), new Date(), new Date());
      assert.equal(run(t.dir), 'sources');
      assert.equal(run(withBin(false).dir), 'sources');
    });

    it('runs the sources when GAR_BROKER_FROM_SOURCE=1, whatever dist/ holds', () => {
      assert.equal(run(withBin().dir, { GAR_BROKER_FROM_SOURCE: '1' }), 'sources');
    });
  });
});
