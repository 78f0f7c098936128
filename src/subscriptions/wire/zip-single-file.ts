/**
 * A ZIP archive holding one deflated file: how GAR hands out an assignment report
 * (gar-reference §5). Written by hand (PKWARE APPNOTE 6.3.10, §4.3: local header, data, central
 * directory, end record) because Node has deflate and CRC-32 but no ZIP writer, and one entry
 * needs no dependency.
 *
 * - The name is UTF-8 with general-purpose flag bit 11 set (APPNOTE appendix D).
 * - The DOS date and time are French legal time (the zone a French user's unzip shows), seconds
 *   rounded down to even (DOS keeps 2-second steps), clamped to 1980–2107, DOS's range.
 * - No ZIP64: a name over 65,535 bytes or sizes of 4 GiB or more throw ERR_WS_ZIP_LIMIT.
 * - Deterministic: the same name, content and date give the same bytes (with the same zlib).
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { fail } from '../../core/fail.js';
import { toFrenchLocalDateTime } from '../entitlement/french-local-date-time.js';

const versionNeeded = 20; // 2.0: deflate
const utf8NameFlag = 0x0800;
const deflated = 8;
const localHeaderSize = 30;
const centralHeaderSize = 46;
const endRecordSize = 22;
const max16 = 0xffff;
const max32 = 0xffffffff;

interface Entry {
  readonly name: Buffer;
  readonly data: Buffer;
  readonly crc: number;
  readonly size: number;
  readonly time: number;
  readonly date: number;
}

export function zipSingleFile(name: string, content: Buffer, modified: Date): Buffer {
  const entry: Entry = {
    name: Buffer.from(name, 'utf8'),
    data: deflateRawSync(content),
    crc: crc32(content),
    size: content.length,
    ...dosDateTime(modified),
  };
  if (entry.name.length > max16 || entry.size >= max32 || entry.data.length >= max32) {
    throw fail(
      'ERR_WS_ZIP_LIMIT',
      'erreur interne',
      `zip entry too large: name=${entry.name.length}B size=${entry.size}B`,
    );
  }
  const local = Buffer.concat([localHeader(entry), entry.name, entry.data]);
  const central = Buffer.concat([centralHeader(entry), entry.name]);
  return Buffer.concat([local, central, endRecord(central.length, local.length)]);
}

/** The fields local and central headers share, from "version needed" to the name length (APPNOTE §4.3.7). */
function commonFields(entry: Entry): Buffer {
  const b = Buffer.alloc(26);
  b.writeUInt16LE(versionNeeded, 0);
  b.writeUInt16LE(utf8NameFlag, 2);
  b.writeUInt16LE(deflated, 4);
  b.writeUInt16LE(entry.time, 6);
  b.writeUInt16LE(entry.date, 8);
  b.writeUInt32LE(entry.crc, 10);
  b.writeUInt32LE(entry.data.length, 14);
  b.writeUInt32LE(entry.size, 18);
  b.writeUInt16LE(entry.name.length, 22);
  b.writeUInt16LE(0, 24); // no extra field
  return b;
}

function localHeader(entry: Entry): Buffer {
  const b = Buffer.alloc(localHeaderSize);
  b.writeUInt32LE(0x04034b50, 0);
  commonFields(entry).copy(b, 4);
  return b;
}

/** APPNOTE §4.3.12; made by "MS-DOS" 2.0 with no attributes, so extractors apply their defaults. */
function centralHeader(entry: Entry): Buffer {
  const b = Buffer.alloc(centralHeaderSize);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(versionNeeded, 4); // version made by
  commonFields(entry).copy(b, 6);
  // comment length, disk number, internal and external attributes: 0; the local header is at offset 0.
  return b;
}

/** APPNOTE §4.3.16: one disk, one entry. */
function endRecord(centralSize: number, centralOffset: number): Buffer {
  const b = Buffer.alloc(endRecordSize);
  b.writeUInt32LE(0x06054b50, 0);
  b.writeUInt16LE(1, 8);
  b.writeUInt16LE(1, 10);
  b.writeUInt32LE(centralSize, 12);
  b.writeUInt32LE(centralOffset, 16);
  return b;
}

function dosDateTime(modified: Date): { readonly time: number; readonly date: number } {
  const local = toFrenchLocalDateTime(modified);
  const [year, month, day, hour, minute, second] = [0, 5, 8, 11, 14, 17].map((at, i) =>
    Number(local.slice(at, at + (i === 0 ? 4 : 2))),
  ) as [number, number, number, number, number, number];
  if (year < 1980) return { time: 0, date: (1 << 5) | 1 }; // 1980-01-01 00:00:00
  // 2107-12-31 23:59:58
  if (year > 2107) return { time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 };
  return { time: (hour << 11) | (minute << 5) | (second >> 1), date: ((year - 1980) << 9) | (month << 5) | day };
}
