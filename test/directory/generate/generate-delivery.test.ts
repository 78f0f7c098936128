import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  documentKinds,
  feedFileNamePattern,
  feedNamespaces,
  maxRecordsPerFile,
} from '../../../src/directory/feed/feed-spec.js';
import {
  generateDelivery,
  type GeneratedDelivery,
  type GenerateOptions,
} from '../../../src/directory/generate/index.js';
import { readArchive } from './read-archive.js';
import { parseFeedFile } from './parse-feed-file.js';

const slug = (title: string): string => title.replace(/\W+/g, '-');

describe('generateDelivery', function () {
  this.timeout(60_000);
  let dir: string;
  const small = (
    name: string,
    extra: Partial<GenerateOptions> = {},
    onProgress?: (n: number) => void,
  ): Promise<GeneratedDelivery> =>
    generateDelivery(
      { entId: 'Z0', establishments: 4, pupils: 600, seed: 's1', outDir: join(dir, name), ...extra },
      onProgress,
    );

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gar-generate-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives byte-identical archives for the same seed and options', async function () {
    const name = slug(this.test!.title);
    const a = await small(name);
    const b = await small(`${name}-2`);
    assert.equal(basename(a.archivePath), basename(b.archivePath));
    assert.deepEqual(readFileSync(a.archivePath), readFileSync(b.archivePath));
    assert.equal(readFileSync(a.md5Path, 'utf8'), readFileSync(b.md5Path, 'utf8'));
  });

  it('gives another archive for another seed', async function () {
    const name = slug(this.test!.title);
    const a = await small(name, { timestamp: '20250101_020000' });
    const b = await small(`${name}-2`, { seed: 's2', timestamp: '20250101_020000' });
    assert.notEqual(readFileSync(a.md5Path, 'utf8'), readFileSync(b.md5Path, 'utf8'));
  });

  it('derives the default timestamp from the seed, not the clock', async function () {
    const name = slug(this.test!.title);
    const a = await small(name);
    const b = await small(`${name}-2`, { seed: 'another' });
    assert.match(basename(a.archivePath), /^Z0_GAR-ENT_Complet_\d{8}_\d{6}_2D\.tar\.gz$/);
    assert.notEqual(basename(a.archivePath), basename(b.archivePath));
  });

  it('writes an md5sum-format file that matches the archive', async function () {
    const d = await small(slug(this.test!.title), { timestamp: '20250314_031500' });
    const md5 = createHash('md5').update(readFileSync(d.archivePath)).digest('hex');
    assert.equal(d.archivePath, join(dir, slug(this.test!.title), 'Z0_GAR-ENT_Complet_20250314_031500_2D.tar.gz'));
    assert.equal(d.md5Path, `${d.archivePath}.md5`);
    assert.equal(readFileSync(d.md5Path, 'utf8'), `${md5}  Z0_GAR-ENT_Complet_20250314_031500_2D.tar.gz\n`);
    execFileSync('md5sum', ['-c', basename(d.md5Path)], { cwd: join(d.archivePath, '..') });
  });

  it('lays out a ustar archive of named, numbered files in kind order', async function () {
    const d = await small(slug(this.test!.title), { timestamp: '20250314_031500' });
    const members = readArchive(d.archivePath);
    assert.deepEqual(
      members.map((m) => m.name),
      d.files,
    );
    assert.deepEqual(
      d.files,
      documentKinds.map((k) => `Z0_GAR-ENT_Complet_20250314_031500_2D_${k}_0000.xml`),
    );
    for (const m of members) {
      assert.match(m.name, feedFileNamePattern);
      assert.equal(m.mode, 0o644);
      assert.equal(m.typeflag, '0');
      assert.equal(m.magic, 'ustar\u000000');
      assert.equal(m.mtime, Date.UTC(2025, 2, 14, 3, 15, 0) / 1000);
    }
    const listed = execFileSync('tar', ['-tzf', d.archivePath], { encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(listed, d.files);
  });

  it('splits a kind into files of at most 10 000 records', async function () {
    const d = await generateDelivery({
      entId: 'Z0',
      establishments: 2,
      pupils: 12_000,
      seed: 'split',
      outDir: join(dir, slug(this.test!.title)),
    });
    const eleve = readArchive(d.archivePath).filter((m) => m.name.includes('_Eleve_'));
    const sizes = eleve.map((m) => parseFeedFile(m.data.toString('utf8')).records.length);
    const total = (d.counts.GAREleve ?? 0) + (d.counts.GAREleveEnseignement ?? 0) + 12_000; // pupils' GARPersonMEF
    assert.deepEqual(
      eleve.map((m) => m.name.slice(-8)),
      sizes.map((_, i) => `${String(i).padStart(4, '0')}.xml`),
    );
    assert.ok(sizes.length >= 3);
    assert.ok(sizes.slice(0, -1).every((n) => n === maxRecordsPerFile));
    assert.ok(sizes.at(-1)! > 0 && sizes.at(-1)! <= maxRecordsPerFile);
    assert.equal(
      sizes.reduce((a, b) => a + b, 0),
      total,
    );
  });

  it('reports progress as records are written, ending at the total', async () => {
    const seen: number[] = [];
    const d = await small('progress', {}, (n) => seen.push(n));
    const total = Object.values(d.counts).reduce((a, b) => a + b, 0);
    assert.equal(seen.length, d.files.length);
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => a - b),
    );
    assert.equal(seen.at(-1), total);
  });

  for (const [degree, prefix] of [
    ['2D', null],
    ['2D', 'gar'],
    ['1D', null],
    ['1D', 'gar'],
  ] as const) {
    const namespaceKind = prefix ? 'prefixed' : 'default';
    it(`writes ${degree} files in the ${namespaceKind} namespace with the degree's Version`, async function () {
      const d = await small(slug(this.test!.title), { degree, namespacePrefix: prefix });
      for (const m of readArchive(d.archivePath)) {
        const xml = m.data.toString('utf8');
        const kind = feedFileNamePattern.exec(m.name)![4];
        assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
        const open = prefix
          ? `<gar:GAR-ENT-${kind} xmlns:gar="${feedNamespaces[degree]}"`
          : `<GAR-ENT-${kind} xmlns="${feedNamespaces[degree]}"`;
        assert.ok(xml.includes(open), m.name);
        const parsed = parseFeedFile(xml);
        assert.equal(parsed.root.uri, feedNamespaces[degree]);
        assert.equal(parsed.version, degree === '2D' ? '1.7' : '1.4');
      }
    });
  }

  it('refuses options that would break file names', async () => {
    await assert.rejects(small('bad', { entId: 'Z_0' }), { code: 'ERR_CLI_USAGE' });
    await assert.rejects(small('bad', { timestamp: '2025-01-01' }), { code: 'ERR_CLI_USAGE' });
    await assert.rejects(small('bad', { timestamp: '20251301_000000' }), { code: 'ERR_CLI_USAGE' });
    await assert.rejects(small('bad', { namespacePrefix: '1x' }), { code: 'ERR_CLI_USAGE' });
    await assert.rejects(small('bad', { establishments: 0 }), { code: 'ERR_CLI_USAGE' });
  });
});
