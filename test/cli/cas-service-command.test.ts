/** `gar-broker partner cas-service add|list|remove` through runCli, on a temporary SQLite database. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { openStore } from '../../src/store/index.js';
import { captureCliIo } from '../support/cli-io.js';

const resource = 'ark:/86527/r6e2m4t81';

describe('gar-broker partner cas-service', function () {
  this.timeout(30000);
  const dir = mkdtempSync(join(tmpdir(), 'gar-cli-cas-'));
  const env = { DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, LOG_LEVEL: 'silent' };
  const run = async (...argv: string[]) => {
    const t = captureCliIo(env);
    const code = await runCli(argv, t.io);
    return { code, stdout: t.stdout(), stderr: t.stderr() };
  };
  before(async () => {
    assert.equal(
      (await run('resource', 'add', join(import.meta.dirname, '../fixtures/resources/valid.one.json'))).code,
      0,
    );
  });

  it(
    'add registers a service for a resource, list shows it, re-adding says unchanged, '
      + 'a logout URL changes it, remove forgets it (audited by --by)',
    async () => {
      const added = await run(
        'partner',
        'cas-service',
        'add',
        '--service',
        'https://cas.editeur.test/app?x=1',
        '--resource',
        resource,
        '--by',
        'alice',
      );
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stdout, /Service CAS ajouté/);
      assert.match(
        (
          await run(
            'partner',
            'cas-service',
            'add',
            '--service',
            'https://cas.editeur.test/app?x=1',
            '--resource',
            resource,
          )
        ).stdout,
        /inchangé/,
      );
      const changed = await run(
        'partner',
        'cas-service',
        'add',
        '--service',
        'https://cas.editeur.test/app?x=1',
        '--resource',
        resource,
        '--logout-url',
        'https://cas.editeur.test/slo',
      );
      assert.match(changed.stdout, /mis à jour/);
      const list = await run('partner', 'cas-service', 'list');
      assert.match(
        list.stdout,
        /https:\/\/cas\.editeur\.test\/app\?x=1\s+ark:\/86527\/r6e2m4t81\s+https:\/\/cas\.editeur\.test\/slo/,
      );
      const removed = await run(
        'partner',
        'cas-service',
        'remove',
        '--service',
        'https://cas.editeur.test/app?x=1',
        '--by',
        'alice',
      );
      assert.equal(removed.code, 0);
      assert.match((await run('partner', 'cas-service', 'list')).stdout, /Aucun service CAS/);
      const store = await openStore({ url: env.DATABASE_URL });
      const audit = await store.db
        .selectFrom('audit_event')
        .select(['action', 'actor'])
        .where('action', 'like', 'cas_service.%')
        .orderBy('id')
        .execute();
      await store.close();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['cas_service.add', 'cas_service.change', 'cas_service.remove'],
      );
      assert.equal(audit[0]?.actor, 'cli:alice');
    },
  );

  const refusals: ReadonlyArray<{ name: string; argv: string[]; exit: number; code: string }> = [
    {
      name: 'a plain http service',
      argv: ['add', '--service', 'http://cas.editeur.test/app', '--resource', resource],
      exit: 1,
      code: 'ERR_CAS_SERVICE_INPUT',
    },
    {
      name: 'a service with a fragment',
      argv: ['add', '--service', 'https://cas.editeur.test/app#x', '--resource', resource],
      exit: 1,
      code: 'ERR_CAS_SERVICE_INPUT',
    },
    {
      name: 'a service with credentials',
      argv: ['add', '--service', 'https://u:p@cas.editeur.test/app', '--resource', resource],
      exit: 1,
      code: 'ERR_CAS_SERVICE_INPUT',
    },
    {
      name: 'a relative service',
      argv: ['add', '--service', '/app', '--resource', resource],
      exit: 1,
      code: 'ERR_CAS_SERVICE_INPUT',
    },
    {
      name: 'a javascript: logout URL',
      argv: [
        'add',
        '--service',
        'https://cas.editeur.test/app',
        '--resource',
        resource,
        '--logout-url',
        'javascript:alert(1)',
      ],
      exit: 1,
      code: 'ERR_CAS_SERVICE_INPUT',
    },
    {
      name: 'a resource not in the catalogue',
      argv: ['add', '--service', 'https://cas.editeur.test/app', '--resource', 'ark:/86527/absent'],
      exit: 1,
      code: 'ERR_CAS_SERVICE_RESOURCE_UNKNOWN',
    },
    { name: 'no resource', argv: ['add', '--service', 'https://cas.editeur.test/app'], exit: 2, code: 'ERR_CLI_USAGE' },
    {
      name: 'removing an unknown service',
      argv: ['remove', '--service', 'https://cas.editeur.test/none'],
      exit: 1,
      code: 'ERR_CAS_SERVICE_UNKNOWN',
    },
  ];
  for (const { name, argv, exit, code } of refusals) {
    it(`refuses ${name} (exit ${exit}, ${code}) and registers nothing`, async () => {
      const result = await run('partner', 'cas-service', ...argv);
      assert.equal(result.code, exit);
      assert.match(result.stderr, new RegExp(code));
      assert.match((await run('partner', 'cas-service', 'list')).stdout, /Aucun service CAS/);
    });
  }

  it('accepts http only toward localhost (tests, demos)', async () => {
    const result = await run(
      'partner',
      'cas-service',
      'add',
      '--service',
      'http://127.0.0.1:8080/app',
      '--resource',
      resource,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal((await run('partner', 'cas-service', 'remove', '--service', 'http://127.0.0.1:8080/app')).code, 0);
  });
});
