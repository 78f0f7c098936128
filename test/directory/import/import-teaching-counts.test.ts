/**
 * The import report counts teachings (GAREnsClasseMatiere, GAREnsGroupeMatiere) in records, as it
 * reads them, although one record gives a row per subject taught: a first import adds exactly what
 * it read, and a subject taken off or put on a teaching is that record changed, not a row added
 * and another gone.
 */
import assert from 'node:assert/strict';
import { fixedClock } from '../../../src/core/clock.js';
import type { FeedRecord } from '../../../src/directory/feed/feed-records.js';
import { importDelivery } from '../../../src/directory/import/import-delivery.js';
import { renderImportReport, type ImportReport } from '../../../src/directory/import/import-report.js';
import { createDirectoryImportStore, type Store } from '../../../src/store/index.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { division, etab, group, source, subject, teacher, teaching } from './snapshot-builder.js';

const A = '0561534N';
const [maths, english, physics] = ['061300', '030201', '062000'];

/** Three teachers: 4 teaching records, 7 rows (t1 teaches two subjects in 6A, t2 three). */
function directory(teachings: readonly FeedRecord[]): FeedRecord[] {
  return [
    etab(A),
    subject(A, maths),
    subject(A, english),
    subject(A, physics),
    division(A, '6A'),
    division(A, '6B'),
    group(A, 'G1', ['6A']),
    teacher('t1', [A]),
    teacher('t2', [A]),
    teacher('t3', [A]),
    ...teachings,
  ];
}

const first = [
  teaching(A, 't1', '6A', [maths, physics]),
  teaching(A, 't1', '6B', [maths]),
  teaching(A, 't2', '6A', [english, maths, physics]),
  teaching(A, 't3', 'G1', [english], 'GROUPE'),
];

const counted = (report: ImportReport) => {
  const { read, added, changed, left, rejected, held } = report.counts.teaching;
  return { read, added, changed, left, rejected, held };
};

describeEachDialect('directory import: teachings counted in records', (dialect) => {
  let store: Store;
  let day = 28;
  const run = (records: readonly FeedRecord[]) => {
    day += 1;
    return importDelivery(createDirectoryImportStore(store, { batchSize: 5 }), async () => source('2D', records), {
      entId: 'Z0',
      maxInvalidShare: 0.1,
      clock: fixedClock(new Date(Date.UTC(2026, 10, day, 1))),
    });
  };
  const rows = async (): Promise<string[]> =>
    (await store.db.selectFrom('teaching').select(['person_id', 'group_code', 'via', 'subject_code']).execute())
      .map((r) => `${r.person_id} ${r.group_code} ${r.via} ${r.subject_code}`)
      .sort();

  beforeEach(async () => {
    store = await freshStore(dialect);
    day = 0;
  });
  afterEach(async () => {
    await store.close();
  });

  it('adds as many teachings as it read on a first import: 4 records, 7 rows', async () => {
    const report = await run(directory(first));
    assert.equal(report.status, 'applied', JSON.stringify(report.refusal));
    assert.deepEqual(counted(report), { read: 4, added: 4, changed: 0, left: 0, rejected: 0, held: 0 });
    assert.equal((await rows()).length, 7);
    assert.match(renderImportReport(report), /\nenseignements dispensés {10}( +4)( +4)( +0)( +0)( +0)( +0)\n/);
    for (const [kind, c] of Object.entries(report.counts)) assert.equal(c.added, c.read, `${kind} added = read`);
  });

  it('counts nothing again for the same delivery', async () => {
    await run(directory(first));
    const report = await run(directory(first));
    assert.deepEqual(counted(report), { read: 4, added: 0, changed: 0, left: 0, rejected: 0, held: 0 });
    assert.equal((await rows()).length, 7);
  });

  it('counts a subject taken off or put on as a changed teaching, and applies the rows', async () => {
    await run(directory(first));
    const report = await run(
      directory([
        teaching(A, 't1', '6A', [maths]),
        teaching(A, 't2', '6A', [english, maths, physics]),
        teaching(A, 't3', 'G1', [english, maths], 'GROUPE'),
        teaching(A, 't3', '6B', [physics]),
      ]),
    );
    assert.equal(report.status, 'applied', JSON.stringify(report.refusal));
    assert.deepEqual(counted(report), { read: 4, added: 1, changed: 2, left: 1, rejected: 0, held: 0 });
    assert.deepEqual(await rows(), [
      't1 6A DIVISION 061300',
      't2 6A DIVISION 030201',
      't2 6A DIVISION 061300',
      't2 6A DIVISION 062000',
      't3 6B DIVISION 062000',
      't3 G1 GROUPE 030201',
      't3 G1 GROUPE 061300',
    ]);
  });

  it('applies a change of subjects alone, with nothing added or left', async () => {
    await run(directory(first));
    const next = [...first];
    next[0] = teaching(A, 't1', '6A', [english, physics]);
    const report = await run(directory(next));
    assert.deepEqual(counted(report), { read: 4, added: 0, changed: 1, left: 0, rejected: 0, held: 0 });
    assert.deepEqual(
      (await rows()).filter((r) => r.startsWith('t1 6A')),
      ['t1 6A DIVISION 030201', 't1 6A DIVISION 062000'],
    );
  });

  it('keeps counting in records when a teaching is rejected: it is not added, and not left', async () => {
    await run(directory(first));
    const next = [...first];
    next[1] = teaching(A, 't1', '6B', [maths, '999999']);
    const report = await run(directory(next));
    assert.deepEqual(counted(report), { read: 4, added: 0, changed: 0, left: 0, rejected: 1, held: 0 });
    assert.ok((await rows()).includes('t1 6B DIVISION 061300'), 'its previous state is kept');
  });
});
