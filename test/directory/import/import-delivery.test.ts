import assert from 'node:assert/strict';
import type { Store } from '../../../src/store/index.js';
import { createDirectoryImportStore } from '../../../src/store/index.js';
import { importDelivery, type DeliverySource } from '../../../src/directory/import/import-delivery.js';
import { fixedClock } from '../../../src/core/clock.js';
import type { FeedRecord } from '../../../src/directory/feed/feed-records.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { division, etab, member, pupil, source, teacher } from './snapshot-builder.js';

const A = '0561534N';
const B = '0561535P';

/** Enough valid records that one or two invalid ones stay under a 10 % threshold. */
function baseline(): FeedRecord[] {
  const records: FeedRecord[] = [etab(A), etab(B), division(A, '6A'), division(B, '5B'), teacher('t1', [A, B])];
  for (let i = 0; i < 20; i++) {
    const uai = i % 2 === 0 ? A : B;
    records.push(pupil(`p${i}`, uai), member(uai, `p${i}`, uai === A ? '6A' : '5B'));
  }
  return records;
}

async function dump(store: Store): Promise<string> {
  const tables = ['establishment', 'person', 'person_profile', 'student_group', 'membership'] as const;
  const out: Record<string, unknown> = {};
  for (const t of tables)
    out[t] = (await store.db.selectFrom(t).selectAll().execute()).map((r) => JSON.stringify(r)).sort();
  return JSON.stringify(out);
}

describeEachDialect('directory import (snapshot diff)', (dialect) => {
  let store: Store;
  let clockAt = new Date('2026-11-28T01:00:00Z');
  const run = (src: DeliverySource, maxInvalidShare = 0.1, entId = 'Z0') =>
    importDelivery(createDirectoryImportStore(store, { batchSize: 7 }), async () => src, {
      entId,
      maxInvalidShare,
      clock: fixedClock(clockAt),
    });

  beforeEach(async () => {
    store = await freshStore(dialect);
    clockAt = new Date('2026-11-28T01:00:00Z');
  });
  afterEach(async () => {
    await store.close();
  });

  it('adds a first snapshot and records the import', async () => {
    const report = await run(source('2D', baseline()));
    assert.equal(report.status, 'applied');
    assert.equal(report.counts.person.added, 21);
    assert.equal(report.counts.membership.added, 20);
    assert.equal(report.counts.establishment.added, 2);
    const profiles = await store.db.selectFrom('person_profile').selectAll().where('person_id', '=', 't1').execute();
    assert.equal(profiles.length, 2);
    const imports = await store.db.selectFrom('feed_import').selectAll().execute();
    assert.equal(imports.length, 1);
    assert.equal(imports[0]?.status, 'applied');
  });

  it('changes nothing when the same delivery comes again', async () => {
    await run(source('2D', baseline()));
    const before = await dump(store);
    clockAt = new Date('2026-11-29T01:00:00Z');
    const report = await run(source('2D', baseline()));
    for (const c of Object.values(report.counts))
      assert.deepEqual([c.added, c.changed, c.left, c.rejected], [0, 0, 0, 0]);
    assert.equal(await dump(store), before);
  });

  it('computes what was added, changed and left, and marks leavers as departed', async () => {
    await run(source('2D', baseline()));
    const next = baseline().filter((r) => !('personId' in r && r.personId === 'p3'));
    const i = next.findIndex((r) => r.type === 'person' && r.personId === 'p0');
    next[i] = pupil('p0', A, 'Lefèvre');
    next.push(pupil('p99', A), member(A, 'p99', '6A'));
    clockAt = new Date('2026-11-29T01:00:00Z');
    const report = await run(source('2D', next));
    assert.deepEqual([report.counts.person.added, report.counts.person.changed, report.counts.person.left], [1, 1, 1]);
    assert.deepEqual([report.counts.membership.added, report.counts.membership.left], [1, 1]);
    const p3 = await store.db.selectFrom('person').selectAll().where('person_id', '=', 'p3').executeTakeFirstOrThrow();
    assert.equal(p3.departed_at, '2026-11-29T01:00:00.000Z');
    const p0 = await store.db.selectFrom('person').selectAll().where('person_id', '=', 'p0').executeTakeFirstOrThrow();
    assert.equal(p0.last_name, 'Lefèvre');
    // Coming back later is an addition and clears the departure.
    clockAt = new Date('2026-11-30T01:00:00Z');
    const back = await run(source('2D', baseline()));
    assert.equal(back.counts.person.added, 1);
    const again = await store.db
      .selectFrom('person')
      .selectAll()
      .where('person_id', '=', 'p3')
      .executeTakeFirstOrThrow();
    assert.equal(again.departed_at, null);
  });

  it('keeps the previous state of a person whose record is invalid (not a departure)', async () => {
    await run(source('2D', baseline()));
    const next: (FeedRecord | Parameters<typeof source>[1][number])[] = baseline().filter(
      (r) => !(r.type === 'person' && r.personId === 'p4'),
    );
    next.push({
      file: 'f.xml',
      line: 3,
      element: 'GAREleve',
      recordId: 'p4',
      code: 'ERR_FEED_VALUE_TOO_LONG',
      message: 'trop long',
    });
    const report = await run(source('2D', next));
    assert.equal(report.status, 'applied');
    assert.equal(report.counts.person.left, 0);
    assert.equal(report.counts.person.rejected, 1);
    // Its membership is valid but depends on a rejected person: held, and kept.
    assert.equal(report.counts.membership.held, 1);
    assert.equal(report.counts.membership.left, 0);
    const p4 = await store.db.selectFrom('person').selectAll().where('person_id', '=', 'p4').executeTakeFirstOrThrow();
    assert.equal(p4.departed_at, null);
  });

  it('refuses the whole delivery above the invalid share and leaves the directory as it was', async () => {
    await run(source('2D', baseline()));
    const before = await dump(store);
    const next = baseline().filter((r) => !(r.type === 'person' && r.personId === 'p1'));
    next.push(member(A, 'ghost', '6A'), member(A, 'p0', 'NOPE'), pupil('p1', A, 'Autre'));
    const report = await run(source('2D', next), 0.01);
    assert.equal(report.status, 'refused');
    assert.equal(report.refusal?.code, 'ERR_FEED_TOO_MANY_INVALID');
    assert.equal(report.counts.membership.rejected, 2);
    assert.ok(report.issues.every((i) => i.code === 'ERR_FEED_DANGLING_REFERENCE'));
    assert.equal(await dump(store), before);
  });

  it('rejects every occurrence of a duplicate key', async () => {
    const records = baseline();
    records.push(pupil('p2', A, 'Doublon'));
    const report = await run(source('2D', records));
    assert.equal(report.counts.person.rejected, 2);
    assert.ok(report.issues.some((i) => i.code === 'ERR_FEED_DUPLICATE_KEY'));
    assert.equal(
      await store.db.selectFrom('person').select('person_id').where('person_id', '=', 'p2').executeTakeFirst(),
      undefined,
    );
  });

  it('refuses establishments that belong to another ENT project, and holds what depends on them', async () => {
    await run(source('2D', baseline()));
    const other = [etab(A), etab('0999999X'), pupil('q1', A), pupil('q2', '0999999X'), member(A, 'q1', '6A')];
    const report = await run(source('2D', other), 0.5, 'B0');
    assert.equal(report.counts.establishment.rejected, 1);
    assert.ok(report.issues.some((i) => i.code === 'ERR_FEED_FOREIGN_ESTABLISHMENT'));
    assert.equal(report.counts.person.held, 1);
    const owner = await store.db
      .selectFrom('establishment')
      .select('ent_id')
      .where('uai', '=', A)
      .executeTakeFirstOrThrow();
    assert.equal(owner.ent_id, 'Z0');
  });

  it('keeps primary and secondary snapshots of one ENT apart', async () => {
    await run(source('2D', baseline()));
    const primary = [etab('0310001A', 'École Jules Ferry'), pupil('e1', '0310001A')];
    const report = await run(source('1D', primary));
    assert.equal(report.counts.person.left, 0);
    assert.equal(report.counts.establishment.left, 0);
    const departed = await store.db
      .selectFrom('person')
      .select('person_id')
      .where('departed_at', 'is not', null)
      .execute();
    assert.deepEqual(departed, []);
  });

  it('keeps only the first issues in memory but counts them all', async () => {
    const records = baseline();
    for (let i = 0; i < 30; i++) records.push(member(A, `ghost${i}`, '6A'));
    const report = await importDelivery(
      createDirectoryImportStore(store, { batchSize: 7 }),
      async () => source('2D', records),
      {
        entId: 'Z0',
        maxInvalidShare: 1,
        clock: fixedClock(clockAt),
        issueLimit: 5,
      },
    );
    assert.equal(report.issues.length, 5);
    assert.equal(report.issueCount, 30);
    assert.equal(report.counts.membership.rejected, 30);
  });

  it('refuses a delivery that holds no file', async () => {
    const empty: DeliverySource = {
      source: 'x',
      files: [],
      degree: () => null,
      progress: () => 0,
      async *batches() {
        /* nothing */
      },
    };
    const report = await run(empty);
    assert.equal(report.status, 'refused');
    assert.equal(report.refusal?.code, 'ERR_FEED_EMPTY');
  });
});
