import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMd5File, verifyMd5 } from '../../../src/directory/feed/verify-md5.js';
import { rejectionCode } from './collect-delivery.js';

const digest = 'd41d8cd98f00b204e9800998ecf8427e';
const archive = 'Z0_GAR-ENT_Complet_20261128_010000.tar.gz';

describe('parseMd5File', () => {
  const accepted: [string, string][] = [
    ['a bare hash', `${digest}\n`],
    ['a bare hash in upper case, no newline', digest.toUpperCase()],
    ['md5sum text mode', `${digest}  ${archive}\n`],
    ['md5sum binary mode', `${digest} *${archive}\n`],
    ['md5sum with a path and CRLF', `${digest}  /depot/sftp/${archive}\r\n`],
    ['a line after a BOM', `\uFEFF${digest}\n`],
  ];
  for (const [what, content] of accepted) {
    it(`reads ${what}`, () => {
      assert.equal(parseMd5File(content, archive), digest);
    });
  }

  const refused: [string, string][] = [
    ['an empty file', ''],
    ['a short hash', digest.slice(1)],
    ['a sha1 digest', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['another archive named', `${digest}  autre.tar.gz`],
  ];
  for (const [what, content] of refused) {
    it(`refuses ${what} with ERR_FEED_MD5_MISMATCH`, async () => {
      assert.equal(await rejectionCode((async () => parseMd5File(content, archive))()), 'ERR_FEED_MD5_MISMATCH');
    });
  }
});

describe('verifyMd5', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'feed-md5-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds X.tar.gz.md5, then X.md5, and compares digests', async () => {
    const path = join(dir, 'a.tar.gz');
    await writeFile(path, 'contenu');
    const real = createHash('md5').update('contenu').digest('hex');
    assert.equal(await rejectionCode(verifyMd5(path)), 'ERR_FEED_MD5_MISSING');
    await writeFile(join(dir, 'a.md5'), real.toUpperCase());
    assert.equal(await verifyMd5(path), real);
    await writeFile(`${path}.md5`, `${digest}  a.tar.gz`);
    assert.equal(await rejectionCode(verifyMd5(path)), 'ERR_FEED_MD5_MISMATCH');
  });

  it('accepts .tgz beside X.md5', async () => {
    const path = join(dir, 'b.tgz');
    await writeFile(path, '');
    await writeFile(join(dir, 'b.md5'), `${digest}  b.tgz\n`);
    assert.equal(await verifyMd5(path), digest);
  });
});
