/** `gar-broker resource add|import|list`, through runCli on a temporary SQLite file. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { openStore } from '../../src/store/index.js';
import { captureCliIo } from '../support/cli-io.js';

const fixtures = join(import.meta.dirname, '../fixtures/resources');

const io = captureCliIo;

/** The counts line `Ressources : N ajoutée(s), N modifiée(s), N inchangée(s).` as numbers. */
const countsOf = (stdout: string): number[] =>
  [...stdout.matchAll(/(\d+) (?:ajoutée|modifiée|inchangée)/g)].map((m) => Number(m[1]));

describe('gar-broker resource add, import and list', function () {
  this.timeout(20000);
  let env: NodeJS.ProcessEnv;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gar-cli-resource-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, LOG_LEVEL: 'silent' };
  });

  const run = async (...argv: string[]) => {
    const t = io(env);
    const code = await runCli(argv, t.io);
    return { code, stdout: t.stdout(), stderr: t.stderr() };
  };

  it('adds one resource, then imports a catalogue counting added, changed and unchanged', async () => {
    const added = await run('resource', 'add', join(fixtures, 'valid.one.json'));
    assert.equal(added.code, 0);
    assert.deepEqual(countsOf(added.stdout), [1, 0, 0]);
    const imported = await run('resource', 'import', join(fixtures, 'valid.catalogue.json'));
    assert.equal(imported.code, 0);
    assert.deepEqual(countsOf(imported.stdout), [3, 0, 1]);
    const store = await openStore({ url: env['DATABASE_URL']! });
    const events = await store.db.selectFrom('audit_event').select(['actor', 'action', 'correlation_id']).execute();
    await store.close();
    assert.equal(events.length, 4);
    for (const event of events) assert.equal(event.actor, `cli:${userInfo().username}`);
    assert.equal(new Set(events.map((e) => e.correlation_id)).size, 2, 'one correlation id per command');
  });

  it('lists the resources, and list --json prints a document import reads back unchanged', async () => {
    await run('resource', 'import', join(fixtures, 'valid.catalogue.json'));
    const listed = await run('resource', 'list');
    assert.equal(listed.code, 0);
    assert.equal(
      listed.stdout
        .trim()
        .split('\n')
        .filter((line) => line.startsWith('ark:/')).length,
      4,
    );
    const json = await run('resource', 'list', '--json');
    assert.equal(json.code, 0);
    const document = JSON.parse(json.stdout) as { ressources: { idRessource: string }[] };
    assert.equal(document.ressources.length, 4);
    writeFileSync(join(dir, 'listed.json'), json.stdout);
    assert.deepEqual(countsOf((await run('resource', 'import', join(dir, 'listed.json'))).stdout), [0, 0, 4]);
  });

  const refusals: readonly { readonly args: readonly string[]; readonly exit: number; readonly code: string }[] = [
    { args: ['import', join(fixtures, 'invalid.several-faults.json')], exit: 1, code: 'ERR_RESOURCE_INVALID' },
    { args: ['add', join(fixtures, 'invalid.http-access-url.json')], exit: 1, code: 'ERR_RESOURCE_INVALID' },
    { args: ['add', join(fixtures, 'valid.catalogue.json')], exit: 1, code: 'ERR_RESOURCE_INVALID' },
    { args: ['add', join(fixtures, 'invalid.not-json.json')], exit: 1, code: 'ERR_RESOURCE_JSON' },
    { args: ['add', join(fixtures, 'missing.json')], exit: 1, code: 'ERR_RESOURCE_UNREADABLE' },
    { args: ['add'], exit: 2, code: 'ERR_CLI_USAGE' },
    { args: ['add', 'a.json', 'b.json'], exit: 2, code: 'ERR_CLI_USAGE' },
    { args: ['import', join(fixtures, 'valid.catalogue.json'), '--json'], exit: 2, code: 'ERR_CLI_USAGE' },
    { args: ['list', 'extra'], exit: 2, code: 'ERR_CLI_USAGE' },
    { args: ['list', '--bogus'], exit: 2, code: 'ERR_CLI_USAGE' },
  ];
  for (const r of refusals) {
    it(
      `resource ${r.args.map((a) => a.split('/').pop()).join(' ')}` + ` → exit ${r.exit} ${r.code}, nothing written`,
      async () => {
        const t = await run('resource', ...r.args);
        assert.equal(t.code, r.exit);
        assert.ok(t.stderr.includes(`[${r.code}]`), t.stderr);
        const listed = await run('resource', 'list', '--json');
        assert.deepEqual((JSON.parse(listed.stdout) as { ressources: unknown[] }).ressources, []);
      },
    );
  }
});
