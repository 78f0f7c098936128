/**
 * The store bench:mediacentre queries: the generated national-scale directory imported by the CLI
 * (`feed import`), 20 resources (`resource import`), then in this process through the store API
 * the subscriptions of every establishment and the RAs' assignments (mediacentre-catalogue.ts),
 * and a seeded random sample of live pupils and teachers to ask about. The archive is cached as
 * bench:import caches it; a seeded SQLite file is cached in tmpdir by its parameters and copied for
 * each run (the run writes to it); PostgreSQL is seeded afresh each run.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { generateDelivery } from '../src/directory/index.js';
import {
  createAssignmentReportStore,
  createLicensingStore,
  createSubscriptionStore,
  openStore,
  type Store,
} from '../src/store/index.js';
import { toFrenchLocalDateTime, type AuditContext } from '../src/subscriptions/index.js';
import type { BrokerSetup } from './bench-client.js';
import {
  benchResources,
  entId,
  planEstablishment,
  type EstablishmentFacts,
  type PlannedSubscription,
} from './mediacentre-catalogue.js';

export interface SeedOptions {
  readonly setup: BrokerSetup;
  readonly database: 'sqlite' | 'postgres';
  readonly pupils: number;
  readonly establishments: number;
  readonly sampleSize: number;
}

export interface SampledPerson {
  readonly uai: string;
  readonly personId: string;
  readonly pupil: boolean;
}

/** Bump when what is seeded changes: a cached SQLite file of another version is not reused. */
const seedVersion = 2;
const year = new Date().getFullYear();
const audit = (): AuditContext => ({ actor: 'cli:bench-mediacentre', at: new Date() });
const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const say = (text: string): boolean => process.stdout.write(`${text}\n`);

/** Seeds (or copies from the cache) the store of `setup`; returns the people to ask about. */
export async function seedBench(o: SeedOptions): Promise<readonly SampledPerson[]> {
  const cache = join(
    tmpdir(),
    `gar-bench-mediacentre-${o.pupils}-${o.establishments}-${o.sampleSize}-${year}-v${seedVersion}`,
  );
  const file = o.setup.databaseUrl.slice('sqlite:'.length);
  if (o.database === 'sqlite' && existsSync(join(cache, 'sample.json'))) {
    const t0 = performance.now();
    copyFileSync(join(cache, 'broker.sqlite'), file);
    say(`seed: cached store ${cache} copied in ${seconds(t0)}`);
    await makeTodaysReports(o.setup); // the cache may be of another day
    return JSON.parse(readFileSync(join(cache, 'sample.json'), 'utf8')) as SampledPerson[];
  }
  const sample = await seed(o);
  await makeTodaysReports(o.setup);
  if (o.database === 'sqlite') {
    mkdirSync(cache, { recursive: true });
    copyFileSync(file, join(cache, 'broker.sqlite.partial'));
    renameSync(join(cache, 'broker.sqlite.partial'), join(cache, 'broker.sqlite'));
    writeFileSync(join(cache, 'sample.json'), JSON.stringify(sample)); // written last: the cache is complete
  }
  return sample;
}

async function seed(o: SeedOptions): Promise<readonly SampledPerson[]> {
  const t0 = performance.now();
  const delivery = await cachedDelivery(o.pupils, o.establishments);
  let t = performance.now();
  o.setup.cli('feed', 'import', delivery, '--ent', entId);
  say(`seed: feed import (CLI) ${seconds(t)}`);
  t = performance.now();
  writeFileSync(join(o.setup.work, 'resources.json'), JSON.stringify(benchResources()));
  o.setup.cli('resource', 'import', join(o.setup.work, 'resources.json'));
  say(`seed: 20 resources (CLI) ${seconds(t)}`);
  const store = await openStore({ url: o.setup.databaseUrl, poolSize: 8 });
  try {
    const plans = (await establishmentFacts(store)).map((e) => ({
      uai: e.uai,
      subscriptions: planEstablishment(e, year),
    }));
    // SQLite has one writer: lanes only help PostgreSQL, whose locks are per subscription row.
    const lanes = o.database === 'postgres' ? 4 : 1;
    await createSubscriptions(store, plans, lanes);
    await addAssignments(store, plans, lanes);
    await reportLicences(store);
    t = performance.now();
    const sample = await samplePeople(store, o.sampleSize);
    say(`seed: sample of ${sample.length} people ${seconds(t)}; seeding took ${seconds(t0)}`);
    if (store.dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(store.db);
    return sample;
  } finally {
    await store.close();
  }
}

/**
 * A server running for days has made today's assignment reports (after 03:00); one just started
 * makes them at once, which takes the broker's one thread for tens of seconds on this store. So
 * they are made before `serve` (CLI `report generate`), as the daily job would have: not measured.
 */
async function makeTodaysReports(setup: BrokerSetup): Promise<void> {
  const store = await openStore({ url: setup.databaseUrl, poolSize: 1 });
  const last = await createAssignmentReportStore(store)
    .lastReportAt()
    .finally(() => store.close());
  const today = (at: Date): string => toFrenchLocalDateTime(at).slice(0, 10);
  if (last !== undefined && today(last) === today(new Date())) return;
  const t0 = performance.now();
  setup.cli('report', 'generate');
  say(`seed: today's assignment reports (CLI report generate) ${seconds(t0)}`);
}

/** The delivery bench:import generates (same folder and parameters), generated once. */
async function cachedDelivery(pupils: number, establishments: number): Promise<string> {
  const dir = join(tmpdir(), `gar-bench-import-${pupils}-${establishments}`);
  mkdirSync(dir, { recursive: true });
  const archive = readdirSync(dir).find((n) => n.endsWith('.tar.gz') && existsSync(join(dir, `${n}.md5`)));
  if (archive) return join(dir, archive);
  const t0 = performance.now();
  const generated = await generateDelivery({
    entId,
    degree: '2D',
    establishments,
    pupils,
    teachers: Math.round(pupils / 25),
    seed: 'bench',
    outDir: dir,
  });
  say(`seed: generated ${generated.archivePath} in ${seconds(t0)}`);
  return generated.archivePath;
}

/** Per live establishment: head counts, its classes (shuffled, seeded) and its levels by size. */
async function establishmentFacts(store: Store): Promise<EstablishmentFacts[]> {
  const { db } = store;
  const uais = (
    await db.selectFrom('establishment').select('uai').where('departed_at', 'is', null).orderBy('uai').execute()
  ).map((r) => r.uai);
  const heads = await db
    .selectFrom('person_profile')
    .select(['uai', 'profile', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['uai', 'profile'])
    .execute();
  const classes = await db
    .selectFrom('student_group')
    .select(['uai', 'code'])
    .where('status', '=', 'DIVISION')
    .where('departed_at', 'is', null)
    .orderBy('uai')
    .orderBy('code')
    .execute();
  const levels = await db
    .selectFrom('person_level')
    .select(['uai', 'code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('level_kind', '=', 'MEF')
    .groupBy(['uai', 'code'])
    .orderBy('uai')
    .orderBy('n', 'desc')
    .orderBy('code')
    .execute();
  const group = <R extends { uai: string }>(rows: readonly R[]): Map<string, R[]> => {
    const by = new Map<string, R[]>();
    for (const row of rows) by.set(row.uai, [...(by.get(row.uai) ?? []), row]);
    return by;
  };
  const headsBy = group(heads);
  const classesBy = group(classes);
  const levelsBy = group(levels);
  const count = (uai: string, profile: string): number =>
    Number(headsBy.get(uai)?.find((h) => h.profile === profile)?.n ?? 0);
  return uais.map((uai, index) => ({
    index,
    uai,
    pupils: count(uai, 'National_elv'),
    teachers: count(uai, 'National_ens'),
    classes: shuffled(
      (classesBy.get(uai) ?? []).map((c) => c.code),
      seededRandom(`classes:${uai}`),
    ),
    levels: (levelsBy.get(uai) ?? []).map((l) => l.code),
  }));
}

interface EstablishmentPlan {
  readonly uai: string;
  readonly subscriptions: readonly PlannedSubscription[];
}

async function createSubscriptions(store: Store, plans: readonly EstablishmentPlan[], lanes: number): Promise<void> {
  const t0 = performance.now();
  const subscriptions = createSubscriptionStore(store);
  let created = 0;
  await inLanes(plans, lanes, async (plan) => {
    for (const s of plan.subscriptions) {
      if ((await subscriptions.createSubscription(s.distributorId, s.input, audit())) !== 'created')
        throw new Error(`subscription ${s.input.idAbonnement} exists`);
      created += 1;
    }
  });
  say(
    `seed: ${created} subscriptions (store API) ${seconds(t0)} = `
      + `${(created / ((performance.now() - t0) / 1000)).toFixed(0)}/s`,
  );
}

async function addAssignments(store: Store, plans: readonly EstablishmentPlan[], lanes: number): Promise<void> {
  const t0 = performance.now();
  const licensing = createLicensingStore(store);
  let added = 0;
  let granted = 0;
  let done = 0;
  await inLanes(plans, lanes, async (plan) => {
    for (const s of plan.subscriptions) {
      for (const target of s.targets) {
        const view = await licensing.addAssignment(
          { distributorId: s.distributorId, subscriptionId: s.input.idAbonnement },
          plan.uai,
          target,
          audit(),
        );
        added += 1;
        granted += view.granted;
      }
    }
    done += 1;
    if (done % 250 === 0)
      process.stderr.write(
        `  assignments: ${done}/${plans.length} establishments, ${added} assignments, ${seconds(t0)}\n`,
      );
  });
  say(
    `seed: ${added} assignments (store API) granting ${granted} licences ${seconds(t0)} = `
      + `${(added / ((performance.now() - t0) / 1000)).toFixed(0)} assignments/s`,
  );
}

/** How much of the directory holds a licence: the share the brief asks to be realistic. */
async function reportLicences(store: Store): Promise<void> {
  const { rows } = await sql<{
    audience: string;
    holders: number;
  }>`select audience, count(distinct person_id) as holders
    from licence where released_at is null group by audience`.execute(store.db);
  const heads = await store.db
    .selectFrom('person')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('departed_at', 'is', null)
    .groupBy('kind')
    .execute();
  const headOf = (kind: string): number => Number(heads.find((h) => h.kind === kind)?.n ?? 0);
  const holders = (audience: string): number => Number(rows.find((r) => r.audience === audience)?.holders ?? 0);
  const share = (n: number, of: number): string => `${n} of ${of} (${of === 0 ? 0 : ((100 * n) / of).toFixed(1)} %)`;
  say(
    `seed: licence holders: pupils ${share(holders('ELEVE'), headOf('pupil'))}, `
      + `teachers ${share(holders('ENSEIGNANT'), headOf('teacher'))}`,
  );
}

/** `size` live (establishment, pupil or teacher) pairs, seeded: the same people every run. */
async function samplePeople(store: Store, size: number): Promise<SampledPerson[]> {
  const rows = await store.db
    .selectFrom('person_profile as pp')
    .innerJoin('person as p', (j) =>
      j
        .onRef('p.ent_id', '=', 'pp.ent_id')
        .onRef('p.degree', '=', 'pp.degree')
        .onRef('p.person_id', '=', 'pp.person_id'),
    )
    .select(['pp.uai', 'pp.person_id', 'pp.profile'])
    .where('p.departed_at', 'is', null)
    .where('pp.profile', 'in', ['National_elv', 'National_ens'])
    .orderBy('pp.uai')
    .orderBy('pp.person_id')
    .orderBy('pp.profile')
    .execute();
  return shuffled(rows, seededRandom('sample'), size).map((r) => ({
    uai: r.uai,
    personId: r.person_id,
    pupil: r.profile === 'National_elv',
  }));
}

/** The first `take` items of a seeded Fisher–Yates shuffle (a copy). */
function shuffled<T>(items: readonly T[], random: () => number, take = items.length): T[] {
  const a = [...items];
  const n = Math.min(take, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (a.length - i));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a.slice(0, n);
}

/** mulberry32 seeded by the FNV-1a hash of `seed`: uniform in [0, 1). */
function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return () => {
    h = (h + 0x6d2b79f5) | 0;
    let t = Math.imul(h ^ (h >>> 15), 1 | h);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

/** Runs `work` over `items` with at most `lanes` at once, in order within a lane. */
async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/** Removes a SQLite file and its WAL companions. */
export function removeSqlite(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}
