/**
 * The members of a `.tar.gz` delivery, streamed: file → md5 → gunzip → tar. Nothing is written
 * to disk. The md5 was checked before reading (verify-md5.ts); the bytes streamed here are
 * hashed again and must give the same digest, so a file swapped between the check and the read
 * is refused too (the caller then refuses the whole delivery).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Transform, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isBrokerError } from '../../core/broker-error.js';
import { fail } from '../../core/fail.js';
import { tarInvalid } from './parse-tar-header.js';
import { readTarEntries, type TarEntry } from './read-tar-entries.js';
import { md5Mismatch } from './verify-md5.js';

/** Big chunks: the XML parser pays a cost per write, and gunzip's default is only 16 KiB. */
const chunkSize = 256 * 1024;

export async function* readArchiveFiles(
  archivePath: string,
  expectedMd5: string,
  bytes?: { read: number },
): AsyncGenerator<TarEntry, void, undefined> {
  const archiveName = basename(archivePath);
  const hash = createHash('md5');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      if (bytes) bytes.read += chunk.length;
      done(null, chunk);
    },
  });
  // Errors of any stage destroy the last one with that error, which the iteration below throws.
  const gunzip = pipeline(
    createReadStream(archivePath, { highWaterMark: chunkSize }),
    hashing,
    createGunzip({ chunkSize }),
    () => {},
  );
  try {
    yield* readTarEntries(mapStreamErrors(gunzip, archiveName), archiveName);
  } finally {
    gunzip.destroy();
  }
  const actual = hash.digest('hex');
  if (actual !== expectedMd5) throw md5Mismatch(archiveName, `streamed bytes give ${actual}, expected ${expectedMd5}`);
}

/** zlib faults mean a bad archive; file system faults mean an unreadable delivery. */
async function* mapStreamErrors(
  stream: AsyncIterable<Buffer>,
  archiveName: string,
): AsyncGenerator<Buffer, void, undefined> {
  try {
    yield* stream;
  } catch (err) {
    if (isBrokerError(err)) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (/^(Z_|ERR_ZLIB|ERR_STREAM_PREMATURE_CLOSE)/.test(code)) throw tarInvalid(archiveName, `gunzip: ${String(err)}`);
    throw fail('ERR_FEED_UNREADABLE', `fichier ${archiveName}: illisible`, `file=${archiveName}: ${String(err)}`);
  }
}
