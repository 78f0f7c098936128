/**
 * npm run bench:console — the licence manager's dashboard of a big collège, rendered through the
 * real console router in this process: one establishment of 2,500 pupils in 90 classes (4 levels),
 * 120 teachers, 15 subscriptions (13 INDIV, 2 ETABL) with assignments to classes, a level, a
 * subject and named people, licences granted by the licensing store (some subscriptions short of
 * licences, so people wait). Prints p50/p99 server time (from request in to response finished) of
 * the dashboard, and of the other pages and of one assignment for information. Target: dashboard
 * p99 ≤ 300 ms.
 * Options: --runs N (default 200) --pupils N --only sqlite|postgres|both (default sqlite).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Router } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { systemClock } from '../src/core/clock.js';
import { consoleRouter, managerPages } from '../src/console/index.js';
import { createApp } from '../src/http/index.js';
import { createManagerConsoleSource } from '../src/store/console/sql-manager-console-source.js';
import {
  createConsoleSessionStore,
  createLicensingStore,
  createManagerScopeSource,
  createOperatorAccountStore,
  migrateStore,
  openStore,
  type DatabaseSchema,
  type Store,
} from '../src/store/index.js';
import type { AssignmentTarget, AuditContext } from '../src/subscriptions/index.js';
import { startThrowawayPostgres } from '../test/support/throwaway-postgres.js';

const { values } = parseArgs({
  options: { runs: { type: 'string' }, pupils: { type: 'string' }, only: { type: 'string' } },
});
const runs = Number(values.runs ?? 200);
const pupils = Number(values.pupils ?? 2500);
const targetMs = 300;
const entId = 'Z0';
const degree = '2D';
const uai = '0750001A';
const distributor = '123456789_0000000000000001';
const now = new Date().toISOString();
const year = new Date().getFullYear();
const tracked = { record_hash: 'h', departed_at: null, updated_at: now };
const audit = (): AuditContext => ({ actor: `console:${entId}:ra-1`, at: new Date() });
const say = (text: string): boolean => process.stdout.write(`${text}\n`);

/** Inserts in slices: both databases cap the parameters of one statement. */
async function insertAll(
  store: Store,
  table: keyof DatabaseSchema,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 300)
    await store.db
      .insertInto(table)
      .values(rows.slice(i, i + 300) as never)
      .execute();
}

const levels = ['10010012110', '10110001110', '10210001110', '10310019110'] as const;
const subjects = ['061300', '030201', '020700', '080100', '050100', '040100', '070100', '090100', '100100', '110100'];

function person(personId: string, last: string, first: string) {
  return {
    ent_id: entId,
    degree,
    person_id: personId,
    kind: personId.startsWith('elv') ? 'pupil' : 'teacher',
    secondary_id: null,
    birth_name: null,
    last_name: last,
    first_name: first,
    other_first_names: '[]',
    civility: null,
    structure_attachment: null,
    birth_date: null,
    establishments: JSON.stringify([uai]),
    post_codes: '[]',
    mails: '[]',
    created_at: now,
    ...tracked,
  };
}

async function seedDirectory(store: Store): Promise<string[]> {
  const scoped = { ent_id: entId, degree, uai };
  await store.db.insertInto('ent_project').values({ id: entId, name: entId, created_at: now }).execute();
  await store.db
    .insertInto('establishment')
    .values({
      ...scoped,
      name: 'Collège Victor Hugo',
      attached_to: null,
      contract: null,
      phone: null,
      email: null,
      created_at: now,
      ...tracked,
    })
    .execute();
  await insertAll(
    store,
    'mef',
    levels.map((code, i) => ({ ...scoped, code, label: `${6 - i}EME`, attached_to: null, stat11: null, ...tracked })),
  );
  await insertAll(
    store,
    'subject',
    subjects.map((code) => ({ ...scoped, code, label: `MATIERE ${code}`, ...tracked })),
  );
  const classes = Array.from({ length: 90 }, (_, i) => `${6 - (i % 4)}${String.fromCharCode(65 + Math.floor(i / 4))}`);
  await insertAll(
    store,
    'student_group',
    classes.map((code) => ({ ...scoped, code, label: code, status: 'DIVISION', divisions: '[]', ...tracked })),
  );
  const people: Record<string, unknown>[] = [];
  const profiles: Record<string, unknown>[] = [];
  const memberships: Record<string, unknown>[] = [];
  const personLevels: Record<string, unknown>[] = [];
  for (let n = 0; n < pupils; n += 1) {
    const id = `elv-${String(n).padStart(5, '0')}`;
    const classIndex = n % classes.length;
    people.push(person(id, `Nom${n}`, `Prénom${n}`));
    profiles.push({ ent_id: entId, degree, person_id: id, uai, profile: 'National_elv' });
    memberships.push({ ...scoped, person_id: id, group_code: classes[classIndex] });
    personLevels.push({ ...scoped, person_id: id, level_kind: 'MEF', code: levels[classIndex % 4] });
  }
  const teaching: Record<string, unknown>[] = [];
  for (let n = 0; n < 120; n += 1) {
    const id = `ens-${String(n).padStart(3, '0')}`;
    people.push(person(id, `Professeur${n}`, `Prénom${n}`));
    profiles.push({ ent_id: entId, degree, person_id: id, uai, profile: 'National_ens' });
    for (const c of [n % 90, (n + 30) % 90, (n + 60) % 90])
      teaching.push({
        ...scoped,
        person_id: id,
        group_code: classes[c],
        via: 'DIVISION',
        subject_code: subjects[n % subjects.length],
      });
  }
  people.push(person('ra-1', 'Responsable', 'Affectation'));
  profiles.push({ ent_id: entId, degree, person_id: 'ra-1', uai, profile: 'National_dir' });
  for (const [table, rows] of [
    ['person', people],
    ['person_profile', profiles],
    ['membership', memberships],
    ['person_level', personLevels],
    ['teaching', teaching],
  ] as const) {
    await insertAll(store, table, rows);
  }
  await store.db
    .insertInto('manager')
    .values({
      ent_id: entId,
      degree,
      person_id: 'ra-1',
      last_name: 'Responsable',
      first_name: 'Affectation',
      civility: null,
      mails: '[]',
      establishments: JSON.stringify([uai]),
      ...tracked,
    })
    .execute();
  await store.db
    .insertInto('manager_establishment')
    .values({ ent_id: entId, degree, person_id: 'ra-1', uai })
    .execute();
  return classes;
}

async function seedSubscriptions(store: Store, classes: readonly string[]): Promise<void> {
  await store.db.insertInto('publisher').values({ id: 'editeur', name: 'Éditeur', created_at: now }).execute();
  await store.db
    .insertInto('distributor')
    .values({ id: distributor, name: 'Distributeur SA', created_at: now })
    .execute();
  const licensing = createLicensingStore(store);
  for (let s = 0; s < 15; s += 1) {
    const resource = `ark:/86527/ressource-${s}`;
    await store.db
      .insertInto('resource')
      .values({
        id: resource,
        id_type: 'ark',
        name: `Manuel numérique ${s}`,
        publisher_id: 'editeur',
        commercial_distributor_id: distributor,
        technical_distributor_id: distributor,
        access_url: 'https://editeur.example/',
        thumbnail_url: null,
        presentation_code: 'MAN',
        details: '{}',
        created_at: now,
        updated_at: now,
        service_provider_id: null,
      })
      .execute();
    const etabl = s >= 13;
    await store.db
      .insertInto('subscription')
      .values({
        distributor_id: distributor,
        id: `ABO-${s}`,
        commercial_distributor_id: distributor,
        resource_id: resource,
        resource_id_type: 'ark',
        resource_label: `Manuel ${s}`,
        uai,
        comment: null,
        valid_from: `${year - 1}-09-01T00:00:00`,
        valid_until: `${year + 1}-08-15T00:00:00`,
        end_school_year: null,
        category: s % 3 === 0 ? 'non transferable' : 'transferable',
        assignment_type: etabl ? 'ETABL' : 'INDIV',
        // Some subscriptions are short of licences: their assignments leave people waiting.
        licences_global: etabl ? -1 : s % 4 === 0 ? 300 : 1200,
        licences_pupil: null,
        licences_teacher: null,
        licences_librarian: null,
        licences_other: null,
        audiences: JSON.stringify(['ELEVE', 'ENSEIGNANT', 'DOCUMENTALISTE', 'AUTRE PERSONNEL']),
        project_code: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    if (etabl) continue;
    const targets: AssignmentTarget[] = [
      ...classes
        .filter((_, i) => (i + s) % 3 === 0)
        .map((code) => ({ kind: 'class' as const, code, audience: 'ELEVE' as const })),
      { kind: 'subject', code: subjects[s % subjects.length] as string },
      { kind: 'person', entId, personId: `elv-${String(s).padStart(5, '0')}` },
      ...(s % 5 === 0 ? [{ kind: 'level' as const, code: levels[s % 4] as string }] : []),
    ];
    for (const target of targets)
      await licensing.addAssignment({ distributorId: distributor, subscriptionId: `ABO-${s}` }, uai, target, audit());
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/**
 * The console router with the manager pages, a timing of each request, and a logged-in manager's
 * cookies and CSRF token.
 */
async function consoleApp(store: Store) {
  const csrfKey = randomBytes(32);
  const logger = pino({ level: 'silent' });
  const router = consoleRouter({
    sessions: createConsoleSessionStore(store),
    managers: createManagerScopeSource(store),
    operators: createOperatorAccountStore(store),
    listEnts: async () => [entId],
    modules: [managerPages({ licensing: createLicensingStore(store), source: createManagerConsoleSource(store) })],
    session: { csrfKey, idleMinutes: 600, maxHours: 12, origin: () => 'https://console.bench' },
    clock: systemClock,
    logger,
  });
  // Server time: from the request entering the console to its response finished.
  const times: number[] = [];
  const timing = Router().use((_req, res, next) => {
    const t0 = process.hrtime.bigint();
    res.on('finish', () => {
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    });
    next();
  });
  const app = createApp({
    logger,
    trustProxy: false,
    readiness: async () => ({ ready: true, checks: {} }),
    mounts: [
      { path: '/console', router: timing },
      { path: '/console', router },
    ],
  });
  const session = randomBytes(32).toString('base64url');
  const t = new Date();
  await createConsoleSessionStore(store).create(
    createHash('sha256').update(session).digest('hex'),
    { kind: 'manager', entId, personId: 'ra-1' },
    { createdAt: t, expiresAt: new Date(t.getTime() + 86_400_000), idleExpiresAt: new Date(t.getTime() + 86_400_000) },
  );
  const browser = randomBytes(32).toString('base64url');
  return {
    app,
    times,
    cookie: `gar_console=${session}; gar_console_csrf=${browser}`,
    csrf: createHmac('sha256', csrfKey).update(browser).digest('base64url'),
  };
}

function report(label: string, name: string, times: readonly number[]): void {
  const sorted = [...times].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  const verdict = name === 'dashboard' ? `  [target p99 ≤ ${targetMs} ms: ${p99 <= targetMs ? 'OK' : 'MISSED'}]` : '';
  say(
    `${label.padEnd(9)} ${name.padEnd(18)} n=${String(times.length).padStart(4)}  `
      + `p50 ${p50.toFixed(1).padStart(7)} ms  p99 ${p99.toFixed(1).padStart(7)} ms${verdict}`,
  );
}

async function measure(store: Store, label: string): Promise<void> {
  const { app, times, cookie, csrf } = await consoleApp(store);
  const base = `/console/etablissements/${uai}`;
  const pages: readonly (readonly [string, string, number])[] = [
    ['dashboard', base, runs],
    ['subscription page', `${base}/abonnements/${distributor}/ABO-1`, Math.ceil(runs / 4)],
    ['populations', `${base}/populations`, Math.ceil(runs / 4)],
    ['people search', `${base}/personnes?q=nom12`, Math.ceil(runs / 4)],
    ['CSV export', `${base}/affectations.csv`, Math.ceil(runs / 4)],
  ];
  for (const [name, path, n] of pages) {
    for (let i = 0; i < 5; i += 1) await request(app).get(path).set('Cookie', cookie).expect(200); // warm-up
    times.length = 0;
    for (let i = 0; i < n; i += 1) await request(app).get(path).set('Cookie', cookie).expect(200);
    report(label, name, times);
  }
  // A change for information: assigning one named person (the licensing store's lock, grant and audit).
  times.length = 0;
  for (let i = 0; i < 20; i += 1) {
    const form = new URLSearchParams({
      _csrf: csrf,
      kind: 'person',
      person: `${entId}:elv-${String(2000 + i).padStart(5, '0')}`,
    });
    await request(app)
      .post(`${base}/abonnements/${distributor}/ABO-1/affectations`)
      .type('form')
      .set('Cookie', cookie)
      .send(form.toString())
      .expect(303);
  }
  report(label, 'assign a person', times);
}

async function run(label: string, url: string): Promise<void> {
  const store = await openStore({ url, poolSize: 8 });
  try {
    await migrateStore(store);
    const t0 = performance.now();
    const classes = await seedDirectory(store);
    await seedSubscriptions(store, classes);
    const counts = await store.db
      .selectFrom('licence')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const assignments = await store.db
      .selectFrom('assignment')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    say(
      `${label}: seeded ${pupils} pupils, 90 classes, 15 subscriptions, ${assignments.n} assignments, `
        + `${counts.n} licences in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    await measure(store, label);
  } finally {
    await store.close();
  }
}

if (values.only !== 'postgres') await run('sqlite', 'sqlite::memory:');
if (values.only === 'postgres' || values.only === 'both') {
  const pg = await startThrowawayPostgres();
  try {
    await run('postgres', pg.url);
  } finally {
    pg.stop();
  }
}
