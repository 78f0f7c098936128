import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDelivery } from '../../../src/directory/feed/read-delivery.js';
import { collectDelivery, rejectionCode } from './collect-delivery.js';
import { writeDelivery, type Md5Style, type TarMember } from './tar-writer.js';

const fixtures = join(import.meta.dirname, '../../fixtures/feeds');
const name = 'Z0_GAR-ENT_Complet_20261128_010000';
const eleve = `${name}_2D_Eleve_0000.xml`;

/** The members of a fixture folder, as a delivery tool would pack them. */
function membersOf(folder: string, under = ''): TarMember[] {
  return readdirSync(join(fixtures, folder))
    .sort()
    .map((file) => ({
      name: `${under}${file}`,
      body: readFileSync(join(fixtures, folder, file)),
    }));
}

describe('openDelivery over a .tar.gz delivery', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'feed-archive-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const md5Styles: Md5Style[] = ['md5sum', 'md5sum-binary', 'bare-upper', 'stem'];
  for (const style of md5Styles) {
    it(`reads the valid 2D delivery with an .md5 in ${style} form`, async () => {
      const path = await writeDelivery(dir, name, membersOf('valid.2d-default-namespace'), style);
      const outcome = await collectDelivery(path);
      assert.deepEqual(
        [outcome.error, outcome.source, outcome.records.length, outcome.issues.length, outcome.files.length],
        [null, 'archive', 19, 0, 5],
      );
      assert.equal(outcome.degree, '2D');
    });
  }

  it('reads members in a folder, skips directories and non-feed members (README)', async () => {
    const members: TarMember[] = [
      { name: `${name}/`, type: '5' },
      { name: `${name}/LISEZMOI.txt`, body: 'Livraison de test' },
      ...membersOf('valid.1d-prefixed-namespace', `${name}/`),
    ];
    const outcome = await collectDelivery(await writeDelivery(dir, name, members));
    assert.deepEqual([outcome.error, outcome.records.length, outcome.degree], [null, 8, '1D']);
    assert.equal(outcome.files[0]?.name, `${name}/${name}_1D_Eleve_0000.xml`);
  });

  it('reads members with GNU long names and pax paths', async () => {
    const deep = `${'tres-long-dossier-de-livraison/'.repeat(4)}`;
    const members = membersOf('valid.2d-default-namespace', deep).map(
      (m, i): TarMember => ({ ...m, longName: i % 2 === 0 ? 'gnu' : 'pax' }),
    );
    const outcome = await collectDelivery(await writeDelivery(dir, name, members));
    assert.deepEqual([outcome.error, outcome.records.length], [null, 19]);
  });

  it('refuses a delivery whose .md5 does not match, before reading any record', async () => {
    const path = await writeDelivery(dir, name, membersOf('valid.2d-default-namespace'), 'wrong');
    assert.equal(await rejectionCode(openDelivery(path, { entId: 'Z0' })), 'ERR_FEED_MD5_MISMATCH');
  });

  it('refuses an .md5 naming another archive, or holding no digest', async () => {
    const path = await writeDelivery(dir, name, membersOf('valid.2d-default-namespace'));
    const [digest] = readFileSync(`${path}.md5`, 'utf8').split(' ');
    await writeFile(`${path}.md5`, `${digest}  autre-livraison.tar.gz\n`);
    assert.equal(await rejectionCode(openDelivery(path, { entId: 'Z0' })), 'ERR_FEED_MD5_MISMATCH');
    await writeFile(`${path}.md5`, 'pas une somme\n');
    assert.equal(await rejectionCode(openDelivery(path, { entId: 'Z0' })), 'ERR_FEED_MD5_MISMATCH');
  });

  it('refuses a delivery without .md5', async () => {
    const path = await writeDelivery(dir, name, membersOf('valid.2d-default-namespace'), 'none');
    assert.equal(await rejectionCode(openDelivery(path, { entId: 'Z0' })), 'ERR_FEED_MD5_MISSING');
  });

  it('refuses an archive changed after its md5 was checked (bytes read are hashed again)', async () => {
    const path = await writeDelivery(dir, name, membersOf('valid.2d-default-namespace'));
    const reader = await openDelivery(path, { entId: 'Z0' });
    await appendFile(path, Buffer.alloc(1024)); // trailing zeros: gunzip and tar still read it all
    const outcome = await drain(reader.items());
    assert.equal(outcome, 'ERR_FEED_MD5_MISMATCH');
  });

  const hostile: [string, TarMember[], string][] = [
    ['a ../ member path', [{ name: `../${eleve}`, body: '<x/>' }], 'ERR_FEED_ARCHIVE_PATH'],
    ['a ../ segment inside the path', [{ name: `livraison/../../${eleve}`, body: '<x/>' }], 'ERR_FEED_ARCHIVE_PATH'],
    ['an absolute member path', [{ name: `/${eleve}`, body: '<x/>' }], 'ERR_FEED_ARCHIVE_PATH'],
    [
      'an absolute path hidden in a pax header',
      [{ name: `/tmp/${'x'.repeat(120)}/${eleve}`, body: '<x/>', longName: 'pax' }],
      'ERR_FEED_ARCHIVE_PATH',
    ],
    [
      'a traversal hidden in a GNU long name',
      [
        {
          name: `${'x/'.repeat(60)}${'../'.repeat(59)}${eleve}`,
          body: '<x/>',
          longName: 'gnu',
        },
      ],
      'ERR_FEED_ARCHIVE_PATH',
    ],
    ['a symlink member', [{ name: eleve, type: '2', linkName: '/etc/passwd' }], 'ERR_FEED_ARCHIVE_INVALID'],
    ['a hard link member', [{ name: eleve, type: '1', linkName: 'other.xml' }], 'ERR_FEED_ARCHIVE_INVALID'],
    ['a device member', [{ name: 'console', type: '3' }], 'ERR_FEED_ARCHIVE_INVALID'],
    ['an .xml member not following the GAR naming', [{ name: 'eleves.xml', body: '<x/>' }], 'ERR_FEED_FILE_NAME'],
    ['no feed file at all', [{ name: 'LISEZMOI.txt', body: 'rien' }], 'ERR_FEED_EMPTY'],
  ];
  for (const [what, members, code] of hostile) {
    it(`refuses the whole delivery for ${what} → ${code}`, async () => {
      const valid = membersOf('valid.2d-default-namespace');
      const outcome = await collectDelivery(
        await writeDelivery(dir, name, code === 'ERR_FEED_EMPTY' ? members : [...members, ...valid]),
      );
      assert.equal(outcome.error, code);
      assert.equal(outcome.records.length, 0);
    });
  }

  it('refuses a file that is not gzip', async () => {
    const path = join(dir, `${name}.tar.gz`);
    await writeFile(path, 'ceci n’est pas une archive');
    const { createHash } = await import('node:crypto');
    await writeFile(`${path}.md5`, createHash('md5').update('ceci n’est pas une archive').digest('hex'));
    assert.equal((await collectDelivery(path)).error, 'ERR_FEED_ARCHIVE_INVALID');
  });
});

async function drain(items: AsyncGenerator<unknown>): Promise<string | null> {
  try {
    for await (const _ of items) {
      /* read through */
    }
    return null;
  } catch (err) {
    return (err as { code?: string }).code ?? 'not a BrokerError';
  }
}
