/**
 * The fixture deliveries of test/fixtures/feeds, imported end to end (reader, staging, checks,
 * apply), each with the outcome a correct importer must give. See the fixtures' README table.
 */
import assert from 'node:assert/strict';
import { importFeedPath, type ImportReport } from '../../../src/directory/index.js';
import { createDirectoryImportStore, type Store } from '../../../src/store/index.js';
import { fixedClock } from '../../../src/core/clock.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';

const fixture = (name: string): string => `test/fixtures/feeds/${name}`;

async function tableCounts(store: Store): Promise<string> {
  const out: Record<string, number> = {};
  for (const t of ['establishment', 'person', 'membership', 'student_group', 'manager'] as const) {
    out[t] = (await store.db.selectFrom(t).selectAll().execute()).length;
  }
  return JSON.stringify(out);
}

describeEachDialect('feed import of the fixture deliveries', (dialect) => {
  let store: Store;
  const run = (
    name: string,
    options: { maxInvalidShare?: number; readerThreads?: number; entId?: string } = {},
  ): Promise<ImportReport> =>
    importFeedPath(createDirectoryImportStore(store, { batchSize: 3 }), {
      path: fixture(name),
      entId: options.entId ?? 'Z0',
      maxInvalidShare: options.maxInvalidShare ?? 0.01,
      readerThreads: options.readerThreads ?? 0,
      clock: fixedClock(new Date('2026-11-28T02:00:00Z')),
    });

  beforeEach(async () => {
    store = await freshStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });

  it('applies a valid secondary delivery, read on a worker thread', async () => {
    const report = await run('valid.2d-default-namespace', { readerThreads: 1 });
    assert.equal(report.status, 'applied', JSON.stringify(report.refusal));
    assert.equal(report.degree, '2D');
    assert.equal(report.totals.read, 19);
    assert.equal(report.totals.rejected, 0);
    assert.ok(report.files.every((f) => f.version === '1.7'));
    assert.ok(report.counts.person.added > 0 && report.counts.membership.added > 0);
  });

  it('adds on a first import exactly what it read, kind by kind (a teaching of two subjects is one)', async () => {
    for (const name of ['valid.1d-prefixed-namespace', 'valid.2d-default-namespace']) {
      await store.close();
      store = await freshStore(dialect);
      const report = await run(name);
      assert.equal(report.status, 'applied', JSON.stringify(report.refusal));
      for (const [kind, c] of Object.entries(report.counts))
        assert.deepEqual([c.added, c.changed, c.left], [c.read, 0, 0], `${name}: ${kind}`);
    }
    const report = await run('valid.2d-default-namespace');
    assert.deepEqual([report.counts.teaching.read, report.counts.teaching.added], [2, 0]);
  });

  it('applies a valid primary delivery with a prefixed namespace', async () => {
    const report = await run('valid.1d-prefixed-namespace');
    assert.equal(report.status, 'applied', JSON.stringify(report.refusal));
    assert.equal(report.degree, '1D');
    assert.equal(report.totals.read, 8);
  });

  for (const [name, code] of [
    ['xml.malformed', 'ERR_FEED_XML_MALFORMED'],
    ['xml.doctype-xxe', 'ERR_FEED_XML_DOCTYPE'],
    ['xml.doctype-billion-laughs', 'ERR_FEED_XML_DOCTYPE'],
    ['root.wrong-namespace', 'ERR_FEED_NAMESPACE'],
    ['root.unknown', 'ERR_FEED_ROOT_UNKNOWN'],
    ['delivery.mixed-degrees', 'ERR_FEED_MIXED_DEGREES'],
    ['name.other-ent', 'ERR_FEED_FILE_NAME'],
    ['delivery.no-feed-file', 'ERR_FEED_EMPTY'],
  ] as const) {
    it(`refuses ${name} whole (${code}) and leaves the directory as it was`, async () => {
      await run('valid.2d-default-namespace');
      const before = await tableCounts(store);
      for (const readerThreads of [0, 1]) {
        const report = await run(name, { readerThreads });
        assert.equal(report.status, 'refused');
        assert.equal(report.refusal?.code, code, `threads=${readerThreads}`);
      }
      assert.equal(await tableCounts(store), before);
    });
  }

  it('rejects every occurrence of a duplicated pupil, and refuses the delivery above the threshold', async () => {
    const refused = await run('record.duplicate-person');
    assert.equal(refused.status, 'refused');
    assert.equal(refused.refusal?.code, 'ERR_FEED_TOO_MANY_INVALID');
    const applied = await run('record.duplicate-person', { maxInvalidShare: 0.6 });
    assert.equal(applied.status, 'applied');
    assert.deepEqual(
      applied.issues.filter((i) => i.code === 'ERR_FEED_DUPLICATE_KEY').map((i) => i.recordId),
      ['e-1001', 'e-1001'],
    );
    const stored = await store.db.selectFrom('person').select('person_id').where('person_id', '=', 'e-1001').execute();
    assert.deepEqual(stored, []);
  });

  it('rejects memberships of an unknown person and of an unknown group', async () => {
    const report = await run('record.dangling-membership', { maxInvalidShare: 0.5 });
    assert.equal(report.status, 'applied');
    const dangling = report.issues.filter((i) => i.code === 'ERR_FEED_DANGLING_REFERENCE');
    assert.equal(dangling.length, 2);
    assert.ok(dangling.every((i) => i.own && i.element === 'GARPersonGroupe' && i.line > 0));
  });

  it('rejects an establishment attached to another ENT project, and holds its pupil', async () => {
    await store.db
      .insertInto('establishment')
      .values({
        uai: '0350001A',
        ent_id: 'B0',
        degree: '2D',
        name: 'Collège de Bretagne',
        attached_to: null,
        contract: null,
        phone: null,
        email: null,
        record_hash: 'x',
        departed_at: null,
        created_at: 'now',
        updated_at: 'now',
      })
      .execute();
    const report = await run('record.foreign-establishment', { maxInvalidShare: 0.5 });
    assert.ok(report.issues.some((i) => i.code === 'ERR_FEED_FOREIGN_ESTABLISHMENT' && i.recordId === '0350001A'));
    assert.ok(report.issues.some((i) => !i.own && i.recordId === 'e-1004'));
    const owner = await store.db
      .selectFrom('establishment')
      .select('ent_id')
      .where('uai', '=', '0350001A')
      .executeTakeFirstOrThrow();
    assert.equal(owner.ent_id, 'B0');
    assert.equal(
      await store.db.selectFrom('person').select('person_id').where('person_id', '=', 'e-1004').executeTakeFirst(),
      undefined,
    );
  });

  it('counts record-level faults found while reading, with file and line', async () => {
    const report = await run('record.value-invalid', { maxInvalidShare: 1 });
    const invalid = report.issues.filter((i) => i.code === 'ERR_FEED_VALUE_INVALID');
    assert.equal(invalid.length, 2);
    assert.ok(invalid.every((i) => i.file.endsWith('.xml') && i.line > 0));
    // The fixture holds no Etab file: the third pupil's establishment is unknown to the delivery.
    assert.equal(report.counts.person.rejected, 3);
    assert.ok(report.issues.some((i) => i.code === 'ERR_FEED_DANGLING_REFERENCE' && i.recordId === 'e-1001'));
  });
});
