/**
 * `gar-broker release preview`, through runCli on a temporary SQLite file: the catalogue from the
 * resource fixtures, the licensing fixtures' collège, contract rows written directly.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ido, makePseudonymKey } from '../../src/attribute-filter/index.js';
import { runCli } from '../../src/cli/run-cli.js';
import { openStore } from '../../src/store/index.js';
import { captureCliIo } from '../support/cli-io.js';
import { departPerson, entId, pupilId, seedDirectory, uai } from '../support/licensing-fixtures.js';

const catalogue = join(import.meta.dirname, '../fixtures/resources/valid.catalogue.json');
const resource = 'ark:/86527/r6e2m4t81';
const technicalDistributor = '552081317_0000000000000002';
const commercialDistributor = '552081317_0000000000000001';
/** r5f1h2g90 has only a submitted contract: nothing approved. */
const unapproved = 'ark:/86527/r5f1h2g90';
const secret = 'a1'.repeat(32);
const placeholder = '<pseudonyme calculé à la connexion>';

/** The "sent" lines of the preview (`  CODE (meaning) : « v », « w »`) as code → values. */
function sentOf(stdout: string): Record<string, string[]> {
  const sent: Record<string, string[]> = {};
  for (const [, code, values] of stdout.matchAll(/^ {2}([A-Z_0-9]+) \(.*?\) : (« .*)$/gm)) {
    sent[code!] = [...values!.matchAll(/« (.*?) »/g)].map((m) => m[1]!);
  }
  return sent;
}

async function seed(url: string): Promise<void> {
  const store = await openStore({ url });
  try {
    const { db } = store;
    await seedDirectory(db, { pupilsPerClass: 2 });
    await db
      .updateTable('person')
      .set({ mails: JSON.stringify(['eleve@college.example']) })
      .where('person_id', '=', pupilId('6A', 1))
      .execute();
    await db
      .updateTable('person')
      .set({ mails: JSON.stringify(['cdi@college.example']) })
      .where('person_id', '=', 'doc-1')
      .execute();
    const contract = (id: string, version: number, status: string, attributs: string[]) => ({
      resource_id: id,
      version,
      status,
      submitted_at: '2025-09-01T00:00:00.000Z',
      decided_at: null,
      decided_by: null,
      reason: null,
      document: JSON.stringify({
        idRessource: id,
        version,
        finalite: 'Suivre le travail des élèves de la classe.',
        attributs,
      }),
    });
    await db
      .insertInto('contract')
      .values([
        contract(resource, 1, 'superseded', ['PRE']),
        contract(resource, 2, 'approved', ['NOM', 'DIV', 'P_MEL', 'IDC']),
        contract(resource, 3, 'submitted', ['PRE', 'GRO']),
        contract(unapproved, 1, 'submitted', ['NOM']),
      ])
      .execute();
    await departPerson(db, pupilId('6B', 2));
  } finally {
    await store.close();
  }
}

describe('gar-broker release preview', function () {
  this.timeout(20000);
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gar-cli-release-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, LOG_LEVEL: 'silent' };
    assert.equal(await runCli(['resource', 'import', catalogue], captureCliIo(env).io), 0);
    await seed(env['DATABASE_URL']!);
  });

  const run = async (args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const t = captureCliIo({ ...env, ...extraEnv });
    const code = await runCli(['release', 'preview', ...args], t.io);
    return { code, stdout: t.stdout(), stderr: t.stderr() };
  };
  const who = (user: string, id = resource): string[] => [
    '--resource',
    id,
    '--ent',
    entId,
    '--user',
    user,
    '--uai',
    uai,
  ];

  it("without the secret: the approved contract's attributes the pupil has, IDO and IDC as placeholders", async () => {
    const t = await run(who(pupilId('6A', 1)), { LOG_LEVEL: 'info' });
    assert.equal(t.code, 0, t.stderr);
    assert.deepEqual(sentOf(t.stdout), {
      IDO: [placeholder],
      UAI: [uai],
      PRO: ['National_elv'],
      NOM: ['Nom'],
      DIV: ['6A##6A'],
      IDC: [`${resource}_${placeholder}`],
    });
    assert.ok(t.stdout.includes('version 2'), 'the highest approved version, not the later submitted one');
    assert.doesNotMatch(t.stdout, /[0-9a-f]{128}/);
    assert.ok(!t.stderr.includes(pupilId('6A', 1)), 'personal data stays out of the log');
  });

  it('with the secret: IDO is the pseudonym for the technical distributor, and a librarian gets P_MEL', async () => {
    const t = await run(who('doc-1'), { GAR_BROKER_PSEUDONYM_SECRET: secret });
    assert.equal(t.code, 0, t.stderr);
    const key = makePseudonymKey(Buffer.from(secret, 'hex'));
    const expected = ido(key, { entId, entUserId: 'doc-1', scope: technicalDistributor });
    assert.notEqual(expected, ido(key, { entId, entUserId: 'doc-1', scope: commercialDistributor }));
    assert.deepEqual(sentOf(t.stdout), {
      IDO: [expected],
      UAI: [uai],
      PRO: ['National_doc'],
      NOM: ['Nom'],
      P_MEL: ['cdi@college.example'],
      IDC: [`${resource}_${expected}`],
    });
  });

  it('a resource without an approved contract receives nothing at all', async () => {
    const t = await run(who(pupilId('6A', 1), unapproved), { GAR_BROKER_PSEUDONYM_SECRET: secret });
    assert.equal(t.code, 0, t.stderr);
    assert.deepEqual(sentOf(t.stdout), {});
    assert.ok(t.stdout.includes(unapproved));
    assert.doesNotMatch(t.stdout, /^ {2}(IDO|UAI|PRO|NOM) /m);
  });

  const refusals: readonly {
    readonly name: string;
    readonly args: readonly string[];
    readonly env?: NodeJS.ProcessEnv;
    readonly exit: number;
    readonly code: string;
  }[] = [
    { name: 'an unknown person', args: who('nobody'), exit: 1, code: 'ERR_RELEASE_PERSON_UNKNOWN' },
    { name: 'a departed pupil', args: who(pupilId('6B', 2)), exit: 1, code: 'ERR_RELEASE_PERSON_UNKNOWN' },
    {
      name: 'another establishment',
      args: [...who('doc-1').slice(0, -1), '0569999Z'],
      exit: 1,
      code: 'ERR_RELEASE_PERSON_UNKNOWN',
    },
    {
      name: 'a resource not in the catalogue',
      args: who('doc-1', 'ark:/00000/inconnue'),
      exit: 1,
      code: 'ERR_RELEASE_RESOURCE_UNKNOWN',
    },
    {
      name: 'a secret that is not hex',
      args: who('doc-1'),
      env: { GAR_BROKER_PSEUDONYM_SECRET: 'zz'.repeat(32) },
      exit: 1,
      code: 'ERR_RELEASE_SECRET_INVALID',
    },
    {
      name: 'an odd-length hex secret',
      args: who('doc-1'),
      env: { GAR_BROKER_PSEUDONYM_SECRET: `${secret}a` },
      exit: 1,
      code: 'ERR_RELEASE_SECRET_INVALID',
    },
    {
      name: 'a secret under 32 bytes',
      args: who('doc-1'),
      env: { GAR_BROKER_PSEUDONYM_SECRET: 'a1'.repeat(31) },
      exit: 1,
      code: 'ERR_PSEUDONYM_KEY_WEAK',
    },
    { name: 'no --uai', args: who('doc-1').slice(0, -2), exit: 2, code: 'ERR_CLI_USAGE' },
    { name: 'a stray positional', args: [...who('doc-1'), 'extra'], exit: 2, code: 'ERR_CLI_USAGE' },
    { name: 'an unknown flag', args: [...who('doc-1'), '--bogus', 'x'], exit: 2, code: 'ERR_CLI_USAGE' },
  ];
  for (const r of refusals) {
    it(`${r.name} → exit ${r.exit} ${r.code}, nothing printed`, async () => {
      const t = await run(r.args, r.env);
      assert.equal(t.code, r.exit);
      assert.ok(t.stderr.includes(`[${r.code}]`), t.stderr);
      assert.equal(t.stdout, '');
    });
  }
});
