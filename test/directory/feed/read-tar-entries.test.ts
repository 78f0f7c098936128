import assert from 'node:assert/strict';
import { readTarEntries } from '../../../src/directory/feed/read-tar-entries.js';
import { rejectionCode } from './collect-delivery.js';
import { writeTar, type TarMember } from './tar-writer.js';

/** Feeds the archive in chunks of `size` bytes, to cross header and body boundaries. */
async function* chunks(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function list(tar: Buffer, chunkSize = 100_000, readBodies = true): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for await (const entry of readTarEntries(chunks(tar, chunkSize), 'test.tar.gz')) {
    const parts: Buffer[] = [];
    if (readBodies) for await (const part of entry.body) parts.push(part);
    out.push([entry.path, Buffer.concat(parts).toString('utf8')]);
  }
  return out;
}

describe('readTarEntries', () => {
  const members: TarMember[] = [
    { name: 'livraison/', type: '5' },
    { name: 'livraison/a.xml', body: '<a>Éloïse</a>' },
    { name: 'livraison/vide.xml', body: '' },
    { name: 'livraison/b.xml', body: 'x'.repeat(1500) },
  ];
  const expected: [string, string][] = [
    ['livraison/a.xml', '<a>Éloïse</a>'],
    ['livraison/vide.xml', ''],
    ['livraison/b.xml', 'x'.repeat(1500)],
  ];

  for (const size of [1, 7, 512, 100_000]) {
    it(`yields regular files, skips directories (chunks of ${size} bytes)`, async () => {
      assert.deepEqual(await list(writeTar(members), size), expected);
    });
  }

  it('skips the bodies the caller did not read', async () => {
    assert.deepEqual(
      (await list(writeTar(members), 300, false)).map(([p]) => p),
      expected.map(([p]) => p),
    );
  });

  it('reads GNU long names, pax paths and ustar prefixes', async () => {
    const long = `${'dossier-de-livraison-'.repeat(8)}/Z0_GAR-ENT_Complet_20261128_010000_2D_Eleve_0000.xml`;
    const tar = writeTar([
      { name: `gnu/${long}`, body: 'gnu', longName: 'gnu' },
      { name: `pax/${long}`, body: 'pax', longName: 'pax' },
      { name: `ustar/${long.slice(0, 90)}/court.xml`, body: 'ustar', longName: 'ustar-prefix' },
      { name: 'after.xml', body: 'after' },
    ]);
    assert.deepEqual(await list(tar, 64), [
      [`gnu/${long}`, 'gnu'],
      [`pax/${long}`, 'pax'],
      [`ustar/${long.slice(0, 90)}/court.xml`, 'ustar'],
      ['after.xml', 'after'],
    ]);
  });

  const refused: [string, Buffer, string][] = [
    ['a ../ path', writeTar([{ name: '../x.xml', body: 'x' }]), 'ERR_FEED_ARCHIVE_PATH'],
    ['a nested ../ path', writeTar([{ name: 'a/b/../../../x.xml', body: 'x' }]), 'ERR_FEED_ARCHIVE_PATH'],
    ['a backslash ..\\ path', writeTar([{ name: 'a\\..\\..\\x.xml', body: 'x' }]), 'ERR_FEED_ARCHIVE_PATH'],
    ['an absolute path', writeTar([{ name: '/abs.xml', body: 'x' }]), 'ERR_FEED_ARCHIVE_PATH'],
    ['a drive letter path', writeTar([{ name: 'C:/abs.xml', body: 'x' }]), 'ERR_FEED_ARCHIVE_PATH'],
    ['a ../ directory', writeTar([{ name: '../', type: '5' }]), 'ERR_FEED_ARCHIVE_PATH'],
    [
      'a pax path with ..',
      writeTar([{ name: `${'a'.repeat(120)}/../../x.xml`, body: 'x', longName: 'pax' }]),
      'ERR_FEED_ARCHIVE_PATH',
    ],
    ['a symlink', writeTar([{ name: 'x.xml', type: '2', linkName: '/etc/passwd' }]), 'ERR_FEED_ARCHIVE_INVALID'],
    ['a hard link', writeTar([{ name: 'x.xml', type: '1', linkName: 'y.xml' }]), 'ERR_FEED_ARCHIVE_INVALID'],
    ['a device', writeTar([{ name: 'tty', type: '3' }]), 'ERR_FEED_ARCHIVE_INVALID'],
    [
      'a missing end-of-archive marker',
      writeTar([{ name: 'x.xml', body: 'x' }], { endBlocks: 0 }),
      'ERR_FEED_ARCHIVE_INVALID',
    ],
    [
      'a truncated body',
      writeTar([{ name: 'x.xml', body: 'x'.repeat(2000) }]).subarray(0, 1024),
      'ERR_FEED_ARCHIVE_INVALID',
    ],
    ['a bad header checksum', corrupt(writeTar([{ name: 'x.xml', body: 'x' }]), 10), 'ERR_FEED_ARCHIVE_INVALID'],
    ['an empty input', Buffer.alloc(0), 'ERR_FEED_ARCHIVE_INVALID'],
    ['text that is no tar', Buffer.from('x'.repeat(600)), 'ERR_FEED_ARCHIVE_INVALID'],
  ];
  for (const [what, tar, code] of refused) {
    it(`refuses ${what} → ${code}`, async () => {
      assert.equal(await rejectionCode(list(tar)), code);
    });
  }

  it('refuses a symlink even after good members, before yielding what follows', async () => {
    const tar = writeTar([
      { name: 'a.xml', body: 'a' },
      { name: 'l.xml', type: '2', linkName: 'a.xml' },
      { name: 'b.xml', body: 'b' },
    ]);
    const seen: string[] = [];
    const code = await rejectionCode(
      (async () => {
        for await (const entry of readTarEntries(chunks(tar, 512), 't')) seen.push(entry.path);
      })(),
    );
    assert.deepEqual([code, seen], ['ERR_FEED_ARCHIVE_INVALID', ['a.xml']]);
  });
});

function corrupt(tar: Buffer, at: number): Buffer {
  const copy = Buffer.from(tar);
  copy[at] = (copy[at] ?? 0) ^ 0xff;
  return copy;
}
