/**
 * `gar-broker subscription …` as an operator would run it, on a SQLite file: the distributors'
 * web service's rules, refusals and audit, from a GAR XML file. Refusals are checked side by side
 * with the web service itself (its router on the same database), so "like the web service" is
 * measured, not assumed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { runCli } from '../../src/cli/run-cli.js';
import { commands } from '../../src/cli/commands.js';
import { loadConfig } from '../../src/config/index.js';
import { systemClock } from '../../src/core/clock.js';
import {
  createAssignmentReportStore,
  createLicensingStore,
  createSubscriptionStore,
  migrateStore,
  openStore,
  type Store,
} from '../../src/store/index.js';
import { createDistributorService, partnerWebServices } from '../../src/subscriptions/index.js';
import {
  distributorA,
  distributorB,
  holdLicences,
  resourceOfA,
  resourceOfB,
  seedCatalogue,
} from '../support/catalogue-fixtures.js';
import { captureCliIo } from '../support/cli-io.js';
import * as licensing from '../support/licensing-fixtures.js';

const fixture = (name: string): string => readFileSync(`test/fixtures/wsabonnement/${name}`, 'utf8');
const created = 'ABO-2026-0561534N-001';
const osActor = (): string => `cli:${userInfo().username}`;

/** A fresh SQLite file per test, seeded by `seed`, with the CLI and direct access to it. */
function sqliteBench(seed: (store: Store) => Promise<void>) {
  const bench = {
    dir: '',
    env: {} as NodeJS.ProcessEnv,
    url: '',
    async withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
      const store = await openStore({ url: bench.url });
      try {
        return await work(store);
      } finally {
        await store.close();
      }
    },
    async run(...argv: string[]) {
      const t = captureCliIo(bench.env);
      const code = await runCli(argv, t.io);
      return { code, out: t.stdout(), err: t.stderr() };
    },
    /** Writes a body file in the test's folder and returns its path. */
    file(name: string, text: string): string {
      const path = join(bench.dir, name);
      writeFileSync(path, text);
      return path;
    },
  };
  beforeEach(async () => {
    bench.dir = mkdtempSync(join(tmpdir(), 'gar-cli-subscription-'));
    bench.url = `sqlite:${join(bench.dir, 'db.sqlite')}`;
    bench.env = { DATABASE_URL: bench.url, LOG_LEVEL: 'silent' };
    await bench.withStore(async (store) => {
      await migrateStore(store);
      await seed(store);
    });
  });
  afterEach(() => rmSync(bench.dir, { recursive: true, force: true }));
  return bench;
}

/**
 * What a refusal must leave as it was. `updated_at` aside: the store's lock-taking UPDATE commits
 * it even when it then refuses counts below the licences held, through the web service as well.
 */
async function state(store: Store) {
  const rows = await store.db.selectFrom('subscription').selectAll().orderBy('id').execute();
  return {
    subscriptions: rows.map(({ updated_at: _, ...row }) => row),
    licences: await store.db.selectFrom('licence').selectAll().orderBy('id').execute(),
    audit: (await store.db.selectFrom('audit_event').select('id').execute()).length,
  };
}

/** The distributors' web service (its own router and service) answering as `distributor`. */
function webService(store: Store, distributor: string) {
  const subscriptions = createSubscriptionStore(store);
  const licences = createLicensingStore(store);
  const [mount] = partnerWebServices({
    config: loadConfig({ env: {} }).webServices,
    service: createDistributorService({
      store: subscriptions,
      afterLicensingChange: async (uai, audit) => {
        await licences.reconcile({ uai }, audit);
      },
    }),
    subscriptions,
    reports: createAssignmentReportStore(store),
    authenticate: (_req, res, next) => {
      res.locals.partner = { kind: 'distributor', id: distributor };
      next();
    },
    clock: systemClock,
    logger: pino({ level: 'silent' }),
  });
  if (mount === undefined) throw new Error('no subscription web service');
  return express().use(mount.path, mount.router);
}

describe('gar-broker subscription', function () {
  this.timeout(30000);
  const bench = sqliteBench(seedCatalogue);
  const { run, file } = bench;
  const asA = ['--distributor', distributorA];

  it('adds, lists, updates and removes, with a French one-line summary each', async () => {
    const add = await run(
      'subscription',
      'add',
      ...asA,
      '--file',
      file('a.xml', fixture('valid.create-per-audience-counts.xml')),
    );
    assert.equal(add.code, 0, add.err);
    assert.equal(
      add.out,
      `Abonnement ${created} créé pour le distributeur ${distributorA} : ressource ${resourceOfA}, `
        + 'établissement 0561534N.\n',
    );

    const listed = await run('subscription', 'list', ...asA);
    assert.equal(listed.code, 0, listed.err);
    assert.match(listed.out, /^id\s+ressource\s+UAI\s+début\s+fin\s+licences \(affectées\/total\)$/m);
    assert.match(
      listed.out,
      new RegExp(
        `^${created}\\s+ark:/46173/00001\\.p\\s+0561534N\\s+2025-09-01T00:00:00\\s+2026-08-15T00:00:00\\s+`
          + 'enseignants 0/12, élèves 0/350, documentalistes 0/illimité, autres personnels 0/0$',
        'm',
      ),
    );
    assert.match(listed.out, /^1 abonnement\(s\)\.$/m);

    const update = await run(
      'subscription',
      'update',
      ...asA,
      '--file',
      file('u.xml', fixture('valid.update-without-uai.xml')),
    );
    assert.equal(update.code, 0, update.err);
    assert.match(update.out, new RegExp(`^Abonnement ${created} modifié \\(distributeur ${distributorA}\\) ; `));
    assert.match(update.out, /licences de 0561534N : 0 attribuée\(s\), 0 rendue\(s\), 0 personne\(s\) en attente\.\n$/);
    assert.match((await run('subscription', 'list', ...asA)).out, /\s2027-08-15T00:00:00\s/);

    const remove = await run('subscription', 'remove', ...asA, '--id', created);
    assert.equal(remove.code, 0, remove.err);
    assert.match(remove.out, new RegExp(`^Abonnement ${created} supprimé avec ses affectations et ses licences`));
    const empty = await run('subscription', 'list', ...asA);
    assert.equal(empty.out, `Aucun abonnement pour le distributeur ${distributorA}.\n`);
    assert.equal((await run('subscription', 'list', ...asA, '--json')).out, '[]\n');
  });

  it('lists as a stable JSON array: every key present, by id, licences held against each count', async () => {
    const other = fixture('valid.create-global-illimite-school-year.xml');
    assert.equal((await run('subscription', 'add', ...asA, '--file', file('b.xml', other))).code, 0);
    assert.equal(
      (
        await run(
          'subscription',
          'add',
          ...asA,
          '--file',
          file('a.xml', fixture('valid.create-per-audience-counts.xml')),
        )
      ).code,
      0,
    );
    await bench.withStore((store) => holdLicences(store, created, ['ELEVE', 'ELEVE'], 'pupil'));
    const listed = await run('subscription', 'list', ...asA, '--json');
    assert.equal(listed.code, 0, listed.err);
    const items = JSON.parse(listed.out) as Record<string, unknown>[];
    assert.deepEqual(
      items.map((i) => i['idAbonnement']),
      [...items.map((i) => i['idAbonnement'] as string)].sort(),
    );
    const item = items.find((i) => i['idAbonnement'] === created);
    assert.deepEqual(Object.keys(item ?? {}), [
      'distributorId',
      'idAbonnement',
      'idDistributeurCom',
      'idRessource',
      'typeIdRessource',
      'libelleRessource',
      'uaiEtab',
      'debutValidite',
      'finValidite',
      'anneeFinValidite',
      'categorieAffectation',
      'typeAffectation',
      'publicCible',
      'codeProjetRessource',
      'commentaireAbonnement',
      'licences',
      'createdAt',
      'updatedAt',
    ]);
    assert.equal(item?.['anneeFinValidite'], null);
    assert.deepEqual(item?.['publicCible'], ['ENSEIGNANT', 'ELEVE', 'DOCUMENTALISTE']);
    assert.deepEqual(item?.['licences'], [
      { count: 'nbLicenceEnseignant', total: 12, used: 0 },
      { count: 'nbLicenceEleve', total: 350, used: 2 },
      { count: 'nbLicenceProfDoc', total: 'ILLIMITE', used: 0 },
      { count: 'nbLicenceAutrePersonnel', total: 0, used: 0 },
    ]);
    const global = items.find((i) => i['idAbonnement'] !== created);
    assert.deepEqual(global?.['licences'], [{ count: 'nbLicenceGlobale', total: 'ILLIMITE', used: 0 }]);
    assert.match(String(global?.['anneeFinValidite']), /^\d{4}-\d{4}$/);
    assert.match((await run('subscription', 'list', ...asA)).out, /élèves 2\/350/);
  });

  it('audits each change as the web service does, under the CLI actor', async () => {
    await run('subscription', 'add', ...asA, '--file', file('a.xml', fixture('valid.create-per-audience-counts.xml')));
    await run('subscription', 'update', ...asA, '--file', file('u.xml', fixture('valid.update-without-uai.xml')));
    await run('subscription', 'remove', ...asA, '--id', created);
    const events = await bench.withStore((store) =>
      store.db.selectFrom('audit_event').selectAll().where('action', 'like', 'subscription.%').orderBy('id').execute(),
    );
    const target = `subscription:${distributorA}/${created}`;
    assert.deepEqual(
      events.map((e) => [e.action, e.actor, e.target]),
      [
        ['subscription.create', osActor(), target],
        ['subscription.update', osActor(), target],
        ['subscription.delete', osActor(), target],
      ],
    );
    assert.equal(events[0]?.before_state, null);
    assert.equal(JSON.parse(events[1]?.after_state ?? '{}').fin.finValidite, '2027-08-15T00:00:00');
    assert.equal(events[2]?.after_state, null);
    assert.ok(events.every((e) => e.correlation_id !== null));
    assert.equal(new Set(events.map((e) => e.correlation_id)).size, 3, 'one correlation id per command');
  });

  describe('refuses what the web service refuses, with its code (exit 1), and stores nothing', () => {
    const valid = () => fixture('valid.create-per-audience-counts.xml');
    const update = () => fixture('valid.update-without-uai.xml');
    type Operation = 'add' | 'update' | 'remove';
    interface Case {
      readonly what: string;
      readonly operation: Operation;
      readonly distributor?: string;
      /** The body (add, update) or the id (remove). */
      readonly input: () => string;
      readonly code: string;
      /** Created first (through the CLI), for the refusals about an existing subscription. */
      readonly existing?: true;
    }
    const cases: readonly Case[] = [
      {
        what: 'a malformed body',
        operation: 'add',
        input: () => fixture('xml.malformed.xml'),
        code: 'ERR_WS_XML_MALFORMED',
      },
      { what: 'a DOCTYPE', operation: 'add', input: () => fixture('xml.doctype-xxe.xml'), code: 'ERR_WS_XML_DOCTYPE' },
      {
        what: 'another namespace',
        operation: 'add',
        input: () => fixture('namespace.wrong.xml'),
        code: 'ERR_WS_NAMESPACE',
      },
      {
        what: 'a create without uaiEtab',
        operation: 'add',
        input: () => fixture('element.missing-uai-on-create.xml'),
        code: 'ERR_WS_ELEMENT_MISSING',
      },
      {
        what: 'an end before the start',
        operation: 'add',
        input: () => fixture('date.end-before-start.xml'),
        code: 'ERR_WS_DATE_ORDER',
      },
      {
        what: 'a count that is not one',
        operation: 'add',
        input: () => fixture('value.count-beaucoup.xml'),
        code: 'ERR_WS_VALUE_INVALID',
      },
      {
        what: 'a body over webServices.maxBodyBytes',
        operation: 'add',
        input: () => valid().replace('</abonnement>', `<!-- ${'x'.repeat(70_000)} --></abonnement>`),
        code: 'ERR_WS_BODY_TOO_LARGE',
      },
      {
        what: 'an unknown resource',
        operation: 'add',
        input: () => valid().replace(resourceOfA, 'ark:/46173/99999.p'),
        code: 'ERR_WS_RESOURCE_UNKNOWN',
      },
      {
        what: 'an unknown establishment',
        operation: 'add',
        input: () => valid().replace('<uaiEtab>0561534N', '<uaiEtab>0999999Z'),
        code: 'ERR_WS_ESTABLISHMENT_UNKNOWN',
      },
      {
        what: "another distributor's resource",
        operation: 'add',
        input: () => valid().replace(resourceOfA, resourceOfB),
        code: 'ERR_WS_RESOURCE_NOT_DISTRIBUTED',
      },
      {
        what: 'an unknown distributor',
        operation: 'add',
        distributor: '999999999_0000000000000009',
        input: valid,
        code: 'ERR_WS_RESOURCE_NOT_DISTRIBUTED',
      },
      {
        what: 'another commercial distributor',
        operation: 'add',
        input: () => valid().replace(`<idDistributeurCom>${distributorA}`, `<idDistributeurCom>${distributorB}`),
        code: 'ERR_WS_DISTRIBUTOR_MISMATCH',
      },
      { what: 'an id in use', operation: 'add', input: valid, code: 'ERR_WS_SUBSCRIPTION_EXISTS', existing: true },
      {
        what: 'uaiEtab in an update',
        operation: 'update',
        input: () => fixture('update.with-uai.xml'),
        code: 'ERR_WS_ELEMENT_FORBIDDEN',
        existing: true,
      },
      { what: 'an update of an unknown id', operation: 'update', input: update, code: 'ERR_WS_SUBSCRIPTION_UNKNOWN' },
      {
        what: "an update of another distributor's subscription",
        operation: 'update',
        distributor: distributorB,
        input: update,
        code: 'ERR_WS_SUBSCRIPTION_UNKNOWN',
        existing: true,
      },
      {
        what: 'counts below the licences held',
        operation: 'update',
        input: () => update().replace('<nbLicenceEleve>350', '<nbLicenceEleve>1'),
        code: 'ERR_WS_LICENCES_BELOW_USAGE',
        existing: true,
      },
      {
        what: 'a removal of an unknown id',
        operation: 'remove',
        input: () => 'ABO-INCONNU',
        code: 'ERR_WS_SUBSCRIPTION_UNKNOWN',
      },
      {
        what: 'a removal by an unknown distributor',
        operation: 'remove',
        distributor: '999999999_0000000000000009',
        input: () => created,
        code: 'ERR_WS_SUBSCRIPTION_UNKNOWN',
        existing: true,
      },
    ];

    /** The same request to the web service: PUT, POST or DELETE under the body's id. */
    async function askWebService(store: Store, c: Case): Promise<string | undefined> {
      const app = webService(store, c.distributor ?? distributorA);
      const path = `/ws/abonnements/${c.operation === 'remove' ? c.input() : created}`;
      const answer =
        c.operation === 'remove'
          ? await request(app).delete(path)
          : await request(app)
              [c.operation === 'add' ? 'put' : 'post'](path)
              .set('content-type', 'application/xml')
              .send(c.input());
      assert.ok(answer.status >= 400, `the web service accepted ${c.what}`);
      return /<Code>([^<]*)<\/Code>/.exec(answer.text)?.[1];
    }

    for (const c of cases) {
      it(`${c.what} → ${c.code}`, async () => {
        if (c.existing) {
          const made = await run('subscription', 'add', ...asA, '--file', file('a.xml', valid()));
          assert.equal(made.code, 0, made.err);
          await bench.withStore((store) => holdLicences(store, created, ['ELEVE', 'ELEVE'], 'pupil'));
        }
        const before = await bench.withStore(state);
        const wsCode = await bench.withStore((store) => askWebService(store, c));
        assert.deepEqual(await bench.withStore(state), before);

        const target = c.operation === 'remove' ? ['--id', c.input()] : ['--file', file('body.xml', c.input())];
        const cli = await run('subscription', c.operation, '--distributor', c.distributor ?? distributorA, ...target);
        assert.equal(cli.code, 1, cli.err);
        assert.equal(/\[(ERR_[A-Z_]+)\]\n$/.exec(cli.err)?.[1], c.code);
        assert.equal(wsCode, c.code, 'the web service answers the same code');
        assert.equal(cli.out, '');
        assert.deepEqual(await bench.withStore(state), before);
      });
    }

    it('says "existe deja" for an id in use, as GAR and the web service do', async () => {
      await run('subscription', 'add', ...asA, '--file', file('a.xml', valid()));
      assert.match((await run('subscription', 'add', ...asA, '--file', file('a.xml', valid()))).err, /existe deja/);
    });
  });

  it("lists every subscription, past the web service's page of 1000", async () => {
    await run('subscription', 'add', ...asA, '--file', file('a.xml', fixture('valid.create-per-audience-counts.xml')));
    await bench.withStore(async (store) => {
      const row = await store.db.selectFrom('subscription').selectAll().executeTakeFirstOrThrow();
      const clones = Array.from({ length: 1000 }, (_, i) => ({ ...row, id: `ABO-${String(i).padStart(4, '0')}` }));
      for (let i = 0; i < clones.length; i += 100)
        await store.db
          .insertInto('subscription')
          .values(clones.slice(i, i + 100))
          .execute();
    });
    const listed = await run('subscription', 'list', ...asA, '--json');
    const ids = (JSON.parse(listed.out) as { idAbonnement: string }[]).map((i) => i.idAbonnement);
    assert.equal(ids.length, 1001);
    assert.deepEqual(ids, [...new Set(ids)].sort());
    assert.match((await run('subscription', 'list', ...asA)).out, /^1001 abonnement\(s\)\.$/m);
  });

  it('refuses a file it cannot read (exit 1), before opening the store', async () => {
    const missing = await run('subscription', 'add', ...asA, '--file', join(bench.dir, 'absent.xml'));
    assert.equal(missing.code, 1);
    assert.match(missing.err, /Fichier d'abonnement illisible .*absent\.xml \[ERR_SUBSCRIPTION_FILE_UNREADABLE\]/);
    assert.equal((await run('subscription', 'update', ...asA, '--file', bench.dir)).code, 1);
  });

  const usageErrors: readonly [string, string[]][] = [
    ['no subcommand', ['subscription']],
    ['an unknown subcommand', ['subscription', 'delete', ...asA, '--id', created]],
    ['a missing distributor', ['subscription', 'list']],
    ['a missing file', ['subscription', 'add', ...asA]],
    ['a missing id', ['subscription', 'remove', ...asA]],
    ['a flag of another subcommand', ['subscription', 'add', ...asA, '--file', 'a.xml', '--json']],
    ['an id given to update', ['subscription', 'update', ...asA, '--file', 'a.xml', '--id', created]],
    ['an unknown flag', ['subscription', 'list', ...asA, '--bogus', 'x']],
    ['a stray argument', ['subscription', 'list', ...asA, 'extra']],
  ];
  for (const [name, argv] of usageErrors) {
    it(`treats ${name} as a usage error (exit 2)`, async () => {
      const r = await run(...argv);
      assert.equal(r.code, 2);
      assert.match(r.err, /ERR_CLI_USAGE/);
      assert.match(r.err, /^ {2}gar-broker subscription remove --distributor <idDistributeur> --id <idAbonnement>$/m);
    });
  }

  it('--help lists the four subscription commands with their syntax', async () => {
    const r = await run('--help');
    assert.equal(r.code, 0);
    for (const name of ['add', 'update', 'list', 'remove']) {
      assert.ok(commands.some((c) => c.name === `subscription ${name}`));
      assert.match(r.out, new RegExp(`^  subscription ${name}\\s+\\S`, 'm'));
    }
    assert.ok(r.out.includes('gar-broker subscription add --distributor <distributorId> --file <abonnement.xml>'));
    assert.ok(r.out.includes('gar-broker subscription update --distributor <distributorId> --file <abonnement.xml>'));
    assert.ok(r.out.includes('gar-broker subscription list --distributor <distributorId> [--json]'));
    assert.ok(r.out.includes('gar-broker subscription remove --distributor <distributorId> --id <idAbonnement>'));
  });
});

describe('gar-broker subscription, with licences assigned', function () {
  this.timeout(30000);
  // The licensing collège: 15 pupils per class; a first subscription brings the catalogue.
  const bench = sqliteBench(async (store) => {
    await licensing.seedDirectory(store.db);
    await licensing.addSubscription(store.db, { id: 'ABO-CATALOGUE' });
  });
  const asD = ['--distributor', licensing.distributorId];
  const body = (audiences: readonly string[], uai?: string): string =>
    [
      '<abonnement xmlns="http://www.atosworldline.com/wsabonnement/v1.0/">',
      '<idAbonnement>ABO-CLI</idAbonnement>',
      `<idDistributeurCom>${licensing.distributorId}</idDistributeurCom>`,
      `<idRessource>${licensing.resourceId}</idRessource>`,
      '<typeIdRessource>ark</typeIdRessource>',
      '<libelleRessource>Manuel</libelleRessource>',
      '<debutValidite>2020-09-01T00:00:00</debutValidite>',
      '<finValidite>2099-08-15T00:00:00</finValidite>',
      uai === undefined ? '' : `<uaiEtab>${uai}</uaiEtab>`,
      '<categorieAffectation>transferable</categorieAffectation>',
      '<typeAffectation>INDIV</typeAffectation>',
      '<nbLicenceGlobale>30</nbLicenceGlobale>',
      ...audiences.map((a) => `<publicCible>${a}</publicCible>`),
      '</abonnement>',
    ].join('\n');

  it('reconciles licences after an update, as the web service does: a removed audience gives them back', async () => {
    const { run, file } = bench;
    const add = await run(
      'subscription',
      'add',
      ...asD,
      '--file',
      file('a.xml', body(['ELEVE', 'ENSEIGNANT'], licensing.uai)),
    );
    assert.equal(add.code, 0, add.err);
    const assigned = await run(
      'assign',
      'add',
      ...asD,
      '--subscription',
      'ABO-CLI',
      '--uai',
      licensing.uai,
      '--class',
      '6A',
    );
    assert.equal(assigned.code, 0, assigned.err);
    assert.match((await run('subscription', 'list', ...asD)).out, /^ABO-CLI\s.*\stous publics 15\/30$/m);

    const update = await run('subscription', 'update', ...asD, '--file', file('u.xml', body(['ENSEIGNANT'])));
    assert.equal(update.code, 0, update.err);
    assert.match(update.out, /licences de 0561234A : 0 attribuée\(s\), 15 rendue\(s\), 0 personne\(s\) en attente/);
    const held = await bench.withStore((store) =>
      licensing.holders(store.db, { distributorId: licensing.distributorId, subscriptionId: 'ABO-CLI' }),
    );
    assert.deepEqual(held, []);
    assert.match((await run('subscription', 'list', ...asD)).out, /^ABO-CLI\s.*\stous publics 0\/30$/m);

    const remove = await run('subscription', 'remove', ...asD, '--id', 'ABO-CLI');
    assert.equal(remove.code, 0, remove.err);
    const left = await bench.withStore((store) =>
      store.db.selectFrom('assignment').select('id').where('subscription_id', '=', 'ABO-CLI').execute(),
    );
    assert.deepEqual(left, []);
  });
});
