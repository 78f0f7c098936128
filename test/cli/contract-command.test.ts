/** `gar-broker contract submit|approve|reject|list`, through runCli on a temporary SQLite file. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { ContractVersion } from '../../src/attribute-filter/index.js';
import { runCli } from '../../src/cli/run-cli.js';
import { openStore } from '../../src/store/index.js';
import { captureCliIo } from '../support/cli-io.js';

const resourceFile = join(import.meta.dirname, '../fixtures/resources/valid.one.json');
const ark = 'ark:/86527/r6e2m4t81';

describe('gar-broker contract submit, approve, reject and list', function () {
  this.timeout(20000);
  let env: NodeJS.ProcessEnv;
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gar-cli-contract-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, LOG_LEVEL: 'silent' };
    assert.equal((await run('resource', 'add', resourceFile)).code, 0);
  });

  const run = async (...argv: string[]) => {
    const t = captureCliIo(env);
    const code = await runCli(argv, t.io);
    return { code, stdout: t.stdout(), stderr: t.stderr() };
  };

  /** Writes a contract document for the registered resource and returns its path. */
  const contractFile = (version: number, attributs: readonly string[], idRessource = ark): string => {
    const file = join(dir, `contract-v${version}.json`);
    writeFileSync(
      file,
      JSON.stringify({ idRessource, version, finalite: 'Retrouver les exercices de l’élève.', attributs }),
    );
    return file;
  };
  const listed = async (): Promise<ContractVersion[]> => {
    const result = await run('contract', 'list', '--resource', ark, '--json');
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as ContractVersion[];
  };

  it('takes a contract from submission to approval, supersedes it with a later one, rejects a third', async () => {
    assert.equal((await run('contract', 'submit', contractFile(1, ['NOM']))).code, 0);
    assert.deepEqual(
      (await listed()).map((v) => v.status),
      ['submitted'],
    );
    assert.equal((await run('contract', 'approve', '--resource', ark, '--version', '1', '--by', 'alice')).code, 0);
    assert.equal((await run('contract', 'submit', contractFile(2, ['NOM', 'DIV']))).code, 0);
    const approved = await run('contract', 'approve', '--resource', ark, '--version', '2');
    assert.equal(approved.code, 0, approved.stderr);
    assert.match(approved.stdout, /\b1\b/, 'names the superseded version');
    assert.equal((await run('contract', 'submit', contractFile(3, ['NOM', 'DIV', 'P_MEL']))).code, 0);
    assert.equal(
      (
        await run(
          'contract',
          'reject',
          '--resource',
          ark,
          '--version',
          '3',
          '--reason',
          'P_MEL inutile ici.',
          '--by',
          'bob',
        )
      ).code,
      0,
    );

    const versions = await listed();
    assert.deepEqual(
      versions.map((v) => [v.document.version, v.status, v.decidedBy, v.reason]),
      [
        [1, 'superseded', 'cli:alice', undefined],
        [2, 'approved', `cli:${userInfo().username}`, undefined],
        [3, 'rejected', 'cli:bob', 'P_MEL inutile ici.'],
      ],
    );
    assert.deepEqual(versions[1]?.document.attributs, ['NOM', 'DIV']);
    const text = await run('contract', 'list', '--resource', ark);
    assert.equal(text.code, 0);
    assert.equal(text.stdout.split('\n').filter((line) => /^v\d/.test(line)).length, 3);
    assert.ok(text.stdout.includes('NOM, DIV, P_MEL'), text.stdout);

    const store = await openStore({ url: env['DATABASE_URL']! });
    const events = await store.db
      .selectFrom('audit_event')
      .select(['action', 'target', 'correlation_id'])
      .where('action', 'like', 'contract.%')
      .orderBy('id')
      .execute();
    await store.close();
    assert.deepEqual(
      events.map((e) => [e.action, e.target]),
      [
        ['contract.submit', `contract:${ark}/v1`],
        ['contract.approve', `contract:${ark}/v1`],
        ['contract.submit', `contract:${ark}/v2`],
        ['contract.approve', `contract:${ark}/v2`],
        ['contract.submit', `contract:${ark}/v3`],
        ['contract.reject', `contract:${ark}/v3`],
      ],
    );
    assert.equal(new Set(events.map((e) => e.correlation_id)).size, 6, 'one correlation id per command');
  });

  const refusals: readonly {
    readonly title: string;
    readonly args: () => string[];
    readonly exit: number;
    readonly code: string;
  }[] = [
    {
      title: 'a contract of a resource not registered',
      args: () => ['submit', contractFile(1, ['NOM'], 'ark:/86527/inconnue')],
      exit: 1,
      code: 'ERR_CONTRACT_RESOURCE_UNKNOWN',
    },
    {
      title: 'a document breaking the schema',
      args: () => ['submit', contractFile(1, ['IDO'])],
      exit: 1,
      code: 'ERR_CONTRACT_INVALID',
    },
    {
      title: 'a missing file',
      args: () => ['submit', join(dir, 'absent.json')],
      exit: 1,
      code: 'ERR_CONTRACT_UNREADABLE',
    },
    { title: 'submit without a file', args: () => ['submit'], exit: 2, code: 'ERR_CLI_USAGE' },
    { title: 'approve without a version', args: () => ['approve', '--resource', ark], exit: 2, code: 'ERR_CLI_USAGE' },
    {
      title: 'approve with version 0',
      args: () => ['approve', '--resource', ark, '--version', '0'],
      exit: 2,
      code: 'ERR_CLI_USAGE',
    },
    {
      title: 'approve of a version never submitted',
      args: () => ['approve', '--resource', ark, '--version', '4'],
      exit: 1,
      code: 'ERR_CONTRACT_UNKNOWN',
    },
    {
      title: 'reject without a reason',
      args: () => ['reject', '--resource', ark, '--version', '1'],
      exit: 2,
      code: 'ERR_CLI_USAGE',
    },
    { title: 'list without a resource', args: () => ['list'], exit: 2, code: 'ERR_CLI_USAGE' },
    {
      title: 'list of an unknown resource',
      args: () => ['list', '--resource', 'ark:/86527/inconnue'],
      exit: 1,
      code: 'ERR_CONTRACT_RESOURCE_UNKNOWN',
    },
    {
      title: 'a flag of another subcommand',
      args: () => ['approve', '--resource', ark, '--version', '1', '--json'],
      exit: 2,
      code: 'ERR_CLI_USAGE',
    },
  ];
  for (const r of refusals) {
    it(`refuses ${r.title} → exit ${r.exit} ${r.code}, nothing written`, async () => {
      const t = await run('contract', ...r.args());
      assert.equal(t.code, r.exit);
      assert.ok(t.stderr.includes(`[${r.code}]`), t.stderr);
      assert.deepEqual(await listed(), []);
    });
  }

  it('is listed by --help', async () => {
    const help = await run('--help');
    for (const sub of ['submit', 'approve', 'reject', 'list']) assert.ok(help.stdout.includes(`contract ${sub}`), sub);
  });
});
