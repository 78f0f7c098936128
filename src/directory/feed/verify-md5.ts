/**
 * The `.md5` beside a `.tar.gz` delivery (gar-reference §6, packaging): the archive is checked
 * against it before any record is read, so a truncated or altered transfer is refused whole.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fail } from '../../core/fail.js';

/** Largest .md5 file we read: one line is ~100 bytes; anything bigger is not an md5 file. */
const maxMd5FileBytes = 4096;

/** `<hash>` alone, or md5sum's `<hash>  <name>` / `<hash> *<name>` (binary mode). */
const md5LinePattern = /^([0-9a-fA-F]{32})(?:[ \t]+\*?(.+?))?\s*$/;

/**
 * Finds and reads the archive's .md5 (`X.tar.gz.md5`, or `X.md5` for `X.tar.gz` / `X.tgz`) and
 * checks the archive's digest against it. Returns the expected digest (lower case), so a reader
 * can check again that the bytes it streamed are the ones verified.
 */
export async function verifyMd5(
  archivePath: string,
  actualDigest: (path: string) => Promise<string> = md5OfFile,
): Promise<string> {
  const expected = parseMd5File(await readMd5File(archivePath), basename(archivePath));
  const actual = await actualDigest(archivePath);
  if (actual !== expected) throw md5Mismatch(basename(archivePath), `expected ${expected}, got ${actual}`);
  return expected;
}

/** Parses the first line of an .md5 file; a named file must be the archive itself. */
export function parseMd5File(content: string, archiveName: string): string {
  const firstLine = content.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const match = md5LinePattern.exec(firstLine.trim());
  if (match === null) throw md5Mismatch(archiveName, 'the .md5 file holds no md5 digest');
  const [, digest, named] = match as unknown as [string, string, string | undefined];
  if (named !== undefined && basename(named) !== archiveName) {
    throw md5Mismatch(archiveName, `the .md5 file names ${named}`);
  }
  return digest.toLowerCase();
}

export async function md5OfFile(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function md5Mismatch(archiveName: string, detail: string): Error {
  return fail(
    'ERR_FEED_MD5_MISMATCH',
    `fichier ${archiveName}: somme md5 incorrecte`,
    `file=${archiveName}: ${detail}`,
  );
}

async function readMd5File(archivePath: string): Promise<string> {
  const stem = archivePath.replace(/\.(tar\.gz|tgz)$/i, '');
  for (const candidate of [`${archivePath}.md5`, `${stem}.md5`]) {
    let content: Buffer;
    try {
      content = await readFile(candidate);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw fail(
        'ERR_FEED_UNREADABLE',
        `fichier ${basename(candidate)}: illisible`,
        `file=${candidate}: ${String(err)}`,
      );
    }
    if (content.length > maxMd5FileBytes) throw md5Mismatch(basename(archivePath), '.md5 file too large');
    return content.toString('utf8');
  }
  throw fail(
    'ERR_FEED_MD5_MISSING',
    `fichier ${basename(archivePath)}: fichier .md5 absent`,
    `file=${archivePath}: no .md5 beside the archive`,
  );
}
