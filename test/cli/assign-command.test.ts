/** `gar-broker assign …` as an operator would run it, on a SQLite file seeded with a small collège. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { migrateStore, openStore, type Store } from '../../src/store/index.js';
import type { AssignmentView } from '../../src/subscriptions/index.js';
import { addPupil, addSubscription, distributorId, seedDirectory, uai } from '../support/licensing-fixtures.js';
import { captureCliIo } from '../support/cli-io.js';

const io = captureCliIo;

describe('gar-broker assign', function () {
  this.timeout(30000);
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let url: string;

  async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
    const store = await openStore({ url });
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  }

  async function run(...argv: string[]) {
    const t = io(env);
    const code = await runCli(argv, t.io);
    return { code, out: t.stdout(), err: t.stderr() };
  }

  const sub = ['--distributor', distributorId, '--subscription'];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gar-cli-assign-'));
    url = `sqlite:${join(dir, 'db.sqlite')}`;
    env = { DATABASE_URL: url, LOG_LEVEL: 'silent' };
    await withStore(async (store) => {
      await migrateStore(store);
      await seedDirectory(store.db);
      await addSubscription(store.db, { id: 'ABO-10', perAudience: { pupil: 10, teacher: 2 } });
      await addSubscription(store.db, { id: 'ABO-NT', global: 'ILLIMITE', category: 'non transferable' });
      await addSubscription(store.db, { id: 'ABO-ETAB', type: 'ETABL', global: 'ILLIMITE' });
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('adds, lists, reconciles and revokes, in French, with the shortage shown', async () => {
    const added = await run('assign', 'add', ...sub, 'ABO-10', '--uai', uai, '--class', '6A', '--by', 'marie');
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, /Affectation 1 créée : 10 licence\(s\) attribuée\(s\), 5 personne\(s\) en attente/);
    assert.match(added.out, /^id\s+abonnement\s+cible\s+public\s+couverts\s+attribuées\s+en attente$/m);
    assert.match(added.out, /^1\s+\S+\/ABO-10\s+classe 6A\s+ELEVE\s+15\s+10\s+5$/m);
    assert.equal(
      (await run('assign', 'add', ...sub, 'ABO-10', '--uai', uai, '--group', 'LATIN', '--audience', 'ENSEIGNANT')).code,
      0,
    );

    const listed = await run('assign', 'list', '--uai', uai);
    assert.match(listed.out, /classe 6A/);
    assert.match(listed.out, /^2\s+\S+\s+groupe LATIN\s+ENSEIGNANT\s+1\s+1\s+0$/m);

    await withStore((store) => addPupil(store.db, 'elv-6a-16', '6A'));
    const reconciled = await run('assign', 'reconcile', '--uai', uai);
    assert.equal(reconciled.code, 0);
    assert.match(
      reconciled.out,
      /Réconciliation : 0 licence\(s\) attribuée\(s\), 0 rendue\(s\), 6 personne\(s\) en attente/,
    );

    const json = await run('assign', 'list', ...sub, 'ABO-10', '--json');
    const views = JSON.parse(json.out) as AssignmentView[];
    assert.deepEqual(
      views.map((v) => [v.id, v.matched, v.granted, v.waiting]),
      [
        [1, 16, 10, 6],
        [2, 1, 1, 0],
      ],
    );
    assert.equal(views[0]?.createdBy, 'cli:marie');

    assert.equal((await run('assign', 'revoke', '--id', '1')).code, 0);
    assert.match((await run('assign', 'list', ...sub, 'ABO-10')).out, /^2\s/m);
    const actors = await withStore((store) =>
      store.db.selectFrom('audit_event').select(['action', 'actor']).orderBy('id').execute(),
    );
    assert.deepEqual(actors[0], { action: 'assignment.add', actor: 'cli:marie' });
    assert.ok(actors.some((a) => a.action === 'assignment.revoke'));
  });

  it('says so when there is nothing to list', async () => {
    assert.match((await run('assign', 'list', '--uai', uai)).out, /Aucune affectation/);
  });

  const refusals: readonly [string, string[], string][] = [
    [
      'an ETABL subscription',
      ['assign', 'add', ...sub, 'ABO-ETAB', '--uai', uai, '--profile', 'ELEVE'],
      'ERR_ASSIGN_ETABL',
    ],
    [
      'an unknown class',
      ['assign', 'add', ...sub, 'ABO-10', '--uai', uai, '--class', '3Z'],
      'ERR_ASSIGN_TARGET_UNKNOWN',
    ],
    [
      'two targets',
      ['assign', 'add', ...sub, 'ABO-10', '--uai', uai, '--class', '6A', '--level', '10010012110'],
      'ERR_ASSIGN_TARGET_INVALID',
    ],
    [
      'a person not written ENT:ID',
      ['assign', 'add', ...sub, 'ABO-10', '--uai', uai, '--person', 'elv-6a-01'],
      'ERR_ASSIGN_TARGET_INVALID',
    ],
    ['an unknown assignment', ['assign', 'revoke', '--id', '99'], 'ERR_ASSIGN_UNKNOWN'],
  ];
  for (const [name, argv, code] of refusals) {
    it(`refuses ${name} (exit 1, ${code})`, async () => {
      const r = await run(...argv);
      assert.equal(r.code, 1);
      assert.match(r.err, new RegExp(code));
    });
  }

  it('refuses to revoke an assignment of a non-transferable subscription', async () => {
    assert.equal((await run('assign', 'add', ...sub, 'ABO-NT', '--uai', uai, '--person', 'Z0:elv-6a-01')).code, 0);
    const r = await run('assign', 'revoke', '--id', '1');
    assert.equal(r.code, 1);
    assert.match(r.err, /ERR_ASSIGN_NOT_TRANSFERABLE/);
  });

  const usageErrors: readonly [string, string[]][] = [
    ['a missing establishment', ['assign', 'add', ...sub, 'ABO-10', '--class', '6A']],
    ['an unknown flag', ['assign', 'list', '--uai', uai, '--bogus', 'x']],
    ['a flag of another subcommand', ['assign', 'revoke', '--id', '1', '--uai', uai]],
    ['both list forms', ['assign', 'list', '--uai', uai, ...sub, 'ABO-10']],
    ['a non-numeric id', ['assign', 'revoke', '--id', 'x']],
    ['no subcommand', ['assign']],
  ];
  for (const [name, argv] of usageErrors) {
    it(`treats ${name} as a usage error (exit 2)`, async () => {
      const r = await run(...argv);
      assert.equal(r.code, 2);
      assert.match(r.err, /ERR_CLI_USAGE/);
    });
  }
});
