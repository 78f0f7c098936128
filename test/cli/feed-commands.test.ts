/** `gar-broker feed generate` then `feed import`, as a newcomer would run them. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.js';

function io(env: NodeJS.ProcessEnv) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  out.on('data', (c) => {
    stdout += String(c);
  });
  err.resume();
  return {
    io: { stdout: out as unknown as NodeJS.WriteStream, stderr: err as unknown as NodeJS.WriteStream, env },
    stdout: () => stdout,
  };
}

describe('gar-broker feed generate and feed import', function () {
  this.timeout(60000);
  const dir = mkdtempSync(join(tmpdir(), 'gar-cli-feed-'));
  const env = { DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, LOG_LEVEL: 'silent' };

  it('generates a delivery, imports it (exit 0), re-imports it with nothing changed', async () => {
    const out = join(dir, 'out');
    assert.equal(
      await runCli(
        ['feed', 'generate', '--ent', 'Z0', '--establishments', '2', '--pupils', '120', '--seed', 's1', '--out', out],
        io(env).io,
      ),
      0,
    );
    const archive = join(out, readdirSync(out).find((n) => n.endsWith('.tar.gz'))!);
    const first = io(env);
    assert.equal(await runCli(['feed', 'import', archive, '--ent', 'Z0', '--json', join(dir, 'r1.json')], first.io), 0);
    assert.match(first.stdout(), /appliquée/);
    const report = JSON.parse(readFileSync(join(dir, 'r1.json'), 'utf8')) as { counts: { person: { added: number } } };
    assert.ok(report.counts.person.added >= 120);
    const second = io(env);
    assert.equal(await runCli(['feed', 'import', archive, '--ent', 'Z0'], second.io), 0);
    const summary = JSON.parse(second.stdout().trim().split('\n').pop()!) as {
      counts: Record<string, { added: number; changed: number; left: number }>;
    };
    for (const c of Object.values(summary.counts)) assert.deepEqual([c.added, c.changed, c.left], [0, 0, 0]);
  });

  it('exits 1 and changes nothing when the delivery is refused (md5 mismatch)', async () => {
    const out = join(dir, 'bad');
    await runCli(
      ['feed', 'generate', '--ent', 'Z0', '--establishments', '1', '--pupils', '10', '--seed', 's2', '--out', out],
      io(env).io,
    );
    const archive = join(out, readdirSync(out).find((n) => n.endsWith('.tar.gz'))!);
    writeFileSync(`${archive}.md5`, `${'0'.repeat(32)}  ${archive.split('/').pop()}\n`);
    const t = io(env);
    assert.equal(await runCli(['feed', 'import', archive, '--ent', 'Z0'], t.io), 1);
    assert.match(t.stdout(), /ERR_FEED_MD5_MISMATCH/);
  });
});
