/**
 * One 512-byte tar header (POSIX ustar, which GNU tar also writes): name, size, type. The
 * checksum is verified so that a corrupt or non-tar input is refused instead of misread.
 */
import { fail } from '../../core/fail.js';

export const tarBlockSize = 512;

export interface TarHeader {
  readonly name: string;
  readonly size: number;
  /** The typeflag character: '0' or '\0' file, '5' directory, '2' symlink, 'L', 'x'… */
  readonly type: string;
}

/** The header in `block`, or null for an all-zero block (end of archive). */
export function parseTarHeader(block: Buffer, archiveName: string): TarHeader | null {
  if (block.length !== tarBlockSize) throw tarInvalid(archiveName, 'truncated header');
  if (isZeroBlock(block)) return null;
  checkChecksum(block, archiveName);
  const name = cString(block, 0, 100);
  // ustar splits long names into prefix (345..500) + name; old GNU headers have no prefix field.
  const isUstar = block.toString('latin1', 257, 262) === 'ustar' && block[262] === 0;
  const prefix = isUstar ? cString(block, 345, 155) : '';
  return {
    name: prefix.length > 0 ? `${prefix}/${name}` : name,
    size: parseSize(block.subarray(124, 136), archiveName),
    type: String.fromCharCode(block[156] ?? 0),
  };
}

export function tarInvalid(archiveName: string, detail: string): Error {
  return fail(
    'ERR_FEED_ARCHIVE_INVALID',
    `fichier ${archiveName}: archive tar.gz invalide`,
    `file=${archiveName}: ${detail}`,
  );
}

function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
}

function checkChecksum(block: Buffer, archiveName: string): void {
  const recorded = parseOctal(block.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < tarBlockSize; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] as number);
  if (recorded !== sum) throw tarInvalid(archiveName, `header checksum ${recorded} != ${sum}`);
}

/** Octal, or GNU base-256 (high bit set) for members of 8 GiB or more. */
function parseSize(field: Buffer, archiveName: string): number {
  if (((field[0] as number) & 0x80) !== 0) {
    let size = (field[0] as number) & 0x7f;
    for (let i = 1; i < field.length; i++) size = size * 256 + (field[i] as number);
    if (!Number.isSafeInteger(size)) throw tarInvalid(archiveName, 'member size too large');
    return size;
  }
  const size = parseOctal(field);
  if (size === null) throw tarInvalid(archiveName, 'bad size field');
  return size;
}

function parseOctal(field: Buffer): number | null {
  const text = field
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .replace(/^ +/, '');
  if (!/^[0-7]*$/.test(text)) return null;
  return text.length === 0 ? 0 : parseInt(text, 8);
}

/** A NUL-terminated field, as UTF-8 (what GNU tar and bsdtar write for non-ASCII names). */
function cString(block: Buffer, start: number, length: number): string {
  const end = block.indexOf(0, start);
  return block.toString('utf8', start, end === -1 || end > start + length ? start + length : end);
}
