/**
 * A small streaming tar reader for feed deliveries: yields each regular file member with its
 * body as a stream, extracting nothing to disk. It understands ustar, GNU long names (`L`) and
 * pax extended headers (`x`: `path`, `size`). It refuses, for the whole delivery, any member
 * that could point outside the delivery or at something other than a plain file (links,
 * devices), even though we never write to disk: an archive built to do that is hostile.
 */
import { fail } from '../../core/fail.js';
import { ByteSource } from './byte-source.js';
import { parseTarHeader, tarBlockSize, tarInvalid, type TarHeader } from './parse-tar-header.js';

export interface TarEntry {
  /** The member's path as written in the archive (checked: relative, no `..`). */
  readonly path: string;
  readonly size: number;
  /** The member's bytes; what is not read is skipped when the next entry is asked for. */
  readonly body: AsyncIterable<Buffer>;
}

/** A long name or pax header bigger than this is not a name: refused. */
const maxMetaBytes = 64 * 1024;

const regularTypes = new Set(['0', '\0', '7']);

interface Pending {
  path: string | null;
  size: number | null;
}

export async function* readTarEntries(
  input: AsyncIterable<Uint8Array>,
  archiveName: string,
): AsyncGenerator<TarEntry, void, undefined> {
  const source = new ByteSource(input[Symbol.asyncIterator]());
  let pending: Pending = { path: null, size: null };
  for (;;) {
    const header = parseTarHeader(await source.readExact(tarBlockSize), archiveName);
    if (header === null) {
      await source.drain(); // trailing zero blocks; read all so that the caller's hash covers it
      return;
    }
    if (await readMetaHeader(source, header, pending, archiveName)) continue;
    const entry = { path: pending.path ?? header.name, size: pending.size ?? header.size };
    pending = { path: null, size: null };
    checkMemberPath(entry.path, archiveName);
    if (header.type !== '5' && !regularTypes.has(header.type)) {
      throw fail(
        'ERR_FEED_ARCHIVE_INVALID',
        `fichier ${archiveName}: membre ${entry.path} n'est pas un fichier ordinaire`,
        `file=${archiveName} member=${entry.path} type=${JSON.stringify(header.type)}`,
      );
    }
    if (header.type === '5') {
      await skipExact(source, padded(entry.size), archiveName);
      continue;
    }
    const body = new MemberBody(source, entry.size, archiveName);
    yield { ...entry, body };
    await skipExact(source, body.remaining + padded(entry.size) - entry.size, archiveName);
  }
}

/** Consumes a GNU long name, pax or global header; true when `header` was one. */
async function readMetaHeader(
  source: ByteSource,
  header: TarHeader,
  pending: Pending,
  archiveName: string,
): Promise<boolean> {
  switch (header.type) {
    case 'L':
      pending.path = (await readMeta(source, header.size, archiveName)).toString('utf8').replace(/\0+$/, '');
      return true;
    case 'x': {
      const pax = parsePax(await readMeta(source, header.size, archiveName), archiveName);
      if (pax.path !== undefined) pending.path = pax.path;
      if (pax.size !== undefined) pending.size = pax.size;
      return true;
    }
    case 'g': // pax global header: nothing in it matters to us
    case 'K': // GNU long link name: the link member that follows is refused anyway
      await skipExact(source, padded(header.size), archiveName);
      return true;
    default:
      return false;
  }
}

async function readMeta(source: ByteSource, size: number, archiveName: string): Promise<Buffer> {
  if (size > maxMetaBytes) throw tarInvalid(archiveName, `extended header of ${size} bytes`);
  const data = await source.readExact(padded(size));
  if (data.length < padded(size)) throw tarInvalid(archiveName, 'truncated extended header');
  return data.subarray(0, size);
}

/** pax records: `<length> <key>=<value>\n`, the length counting the whole record. */
function parsePax(data: Buffer, archiveName: string): { path?: string; size?: number } {
  const out: { path?: string; size?: number } = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    const length = space === -1 ? NaN : Number(data.toString('latin1', offset, space));
    if (!Number.isSafeInteger(length) || length <= 0 || offset + length > data.length) {
      throw tarInvalid(archiveName, 'bad pax record');
    }
    const record = data.toString('utf8', space + 1, offset + length - 1);
    const equals = record.indexOf('=');
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1);
    if (key === 'path') out.path = value;
    if (key === 'size') out.size = parsePaxSize(value, archiveName);
    offset += length;
  }
  return out;
}

function parsePaxSize(value: string, archiveName: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw tarInvalid(archiveName, 'bad pax size');
  return Number(value);
}

/**
 * Refuses absolute paths and `..` segments (POSIX and Windows separators, drive letters): the
 * whole delivery is refused, whatever the member is, because only a hostile tool writes them.
 */
function checkMemberPath(path: string, archiveName: string): void {
  const absolute = path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path);
  if (absolute || path.split(/[\\/]/).includes('..')) {
    throw fail(
      'ERR_FEED_ARCHIVE_PATH',
      `fichier ${archiveName}: chemin interdit dans l'archive (${path})`,
      `file=${archiveName} member=${path}`,
    );
  }
}

function padded(size: number): number {
  return Math.ceil(size / tarBlockSize) * tarBlockSize;
}

async function skipExact(source: ByteSource, n: number, archiveName: string): Promise<void> {
  if ((await source.skip(n)) < n) throw tarInvalid(archiveName, 'truncated member');
}

/** A member's bytes, read lazily from the shared source; tracks what is left to skip. */
class MemberBody implements AsyncIterable<Buffer> {
  constructor(
    private readonly source: ByteSource,
    public remaining: number,
    private readonly archiveName: string,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer, void, undefined> {
    while (this.remaining > 0) {
      const chunk = await this.source.next(this.remaining);
      if (chunk === null) throw tarInvalid(this.archiveName, 'truncated member');
      this.remaining -= chunk.length;
      yield chunk;
    }
  }
}
