/**
 * Test helper: reads a generated .tar.gz with an independent, strict ustar parser (not the
 * generator's code), checking each header's checksum and the end-of-archive marker.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export interface TarMember {
  readonly name: string;
  readonly mode: number;
  readonly mtime: number;
  readonly typeflag: string;
  readonly magic: string;
  readonly data: Buffer;
}

const field = (block: Buffer, offset: number, length: number): string =>
  block
    .subarray(offset, offset + length)
    .toString('ascii')
    .replace(/\0.*$/s, '');
const octal = (block: Buffer, offset: number, length: number): number =>
  parseInt(field(block, offset, length).trim(), 8);

export function readArchive(path: string): TarMember[] {
  const tar = gunzipSync(readFileSync(path));
  if (tar.length % 512 !== 0) throw new Error(`tar length ${tar.length} is not a multiple of 512`);
  const members: TarMember[] = [];
  let offset = 0;
  for (;;) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    let sum = 0;
    header.forEach((b, i) => {
      sum += i >= 148 && i < 156 ? 32 : b;
    });
    if (sum !== octal(header, 148, 8)) throw new Error(`bad checksum at ${offset}`);
    const size = octal(header, 124, 12);
    members.push({
      name: field(header, 0, 100),
      mode: octal(header, 100, 8),
      mtime: octal(header, 136, 12),
      typeflag: field(header, 156, 1),
      magic: tar.subarray(offset + 257, offset + 265).toString('latin1'),
      data: tar.subarray(offset + 512, offset + 512 + size),
    });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  if (!tar.subarray(offset, offset + 1024).every((b) => b === 0) || offset + 1024 !== tar.length) {
    throw new Error('archive does not end with exactly two zero blocks');
  }
  return members;
}
