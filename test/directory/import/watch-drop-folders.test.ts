import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { generateDelivery, watchDropFolders } from '../../../src/directory/index.js';
import { createDirectoryImportStore, type Store } from '../../../src/store/index.js';
import { createLogger } from '../../../src/core/logger.js';
import { fixedClock } from '../../../src/core/clock.js';
import { freshStore } from '../../support/each-dialect.js';

async function until(condition: () => boolean, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('drop-folder watcher', () => {
  let store: Store;
  before(async () => {
    store = await freshStore('sqlite');
  });
  after(async () => {
    await store.close();
  });

  it("imports a delivery that appears in an ENT project's folder and writes its report beside it", async () => {
    const drop = mkdtempSync(join(tmpdir(), 'gar-drop-'));
    const made = await generateDelivery({
      entId: 'Z0',
      establishments: 2,
      pupils: 60,
      seed: 'watch',
      outDir: mkdtempSync(join(tmpdir(), 'gar-gen-')),
    });
    const name = made.archivePath.split('/').pop()!;
    // The clock says the files are old enough to be complete.
    const clock = fixedClock(new Date(Date.now() + 60_000));
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(c, _e, done) {
          lines.push(String(c));
          done();
        },
      }) as never,
    });
    const watcher = watchDropFolders(createDirectoryImportStore(store, { batchSize: 100 }), {
      folders: [{ entId: 'Z0', path: drop }],
      intervalSeconds: 1,
      maxInvalidShare: 0.01,
      readerThreads: 0,
      clock,
      logger,
    });
    try {
      writeFileSync(join(drop, 'README.txt'), 'not a delivery');
      cpSync(made.archivePath, join(drop, name));
      cpSync(made.md5Path, join(drop, `${name}.md5`));
      await until(() => existsSync(join(drop, `${name}.report.json`)));
    } finally {
      await watcher.stop();
    }
    const report = JSON.parse(readFileSync(join(drop, `${name}.report.json`), 'utf8')) as {
      status: string;
      counts: { person: { added: number } };
    };
    assert.equal(report.status, 'applied');
    assert.ok(report.counts.person.added >= 60);
    assert.match(readFileSync(join(drop, `${name}.report.txt`), 'utf8'), /appliquée/);
    const persons = await store.db.selectFrom('person').select('person_id').execute();
    assert.equal(persons.length, report.counts.person.added);
    // Logs carry the decision, never personal data.
    const log = lines.join('');
    assert.ok(log.includes('"event":"feed.import_finished"'));
    assert.ok(!persons.some((p) => log.includes(p.person_id)));
  });
});
