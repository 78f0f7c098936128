import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { zipSingleFile } from '../../../src/subscriptions/index.js';
import { skipWithoutTool } from '../../support/skip-without-tool.js';
import { wireFailure } from './wire-failure.js';

/** The archive's single entry as a reader sees it, parsed here from the APPNOTE layout. */
function readOwnZip(zip: Buffer): {
  name: string;
  content: Buffer;
  crc: number;
  flags: number;
  method: number;
  time: number;
  date: number;
} {
  assert.equal(zip.readUInt32LE(0), 0x04034b50, 'local header signature');
  const end = zip.length - 22;
  assert.equal(zip.readUInt32LE(end), 0x06054b50, 'end record signature');
  assert.deepEqual([zip.readUInt16LE(end + 8), zip.readUInt16LE(end + 10)], [1, 1], 'one entry');
  const [centralSize, centralOffset] = [zip.readUInt32LE(end + 12), zip.readUInt32LE(end + 16)];
  assert.equal(centralOffset + centralSize, end);
  assert.equal(zip.readUInt32LE(centralOffset), 0x02014b50, 'central header signature');
  // The local and central headers agree on every shared field (version needed … name length).
  assert.deepEqual(zip.subarray(4, 30), zip.subarray(centralOffset + 6, centralOffset + 32));
  assert.equal(zip.readUInt32LE(centralOffset + 42), 0, 'local header at offset 0');
  const nameLength = zip.readUInt16LE(26);
  const dataStart = 30 + nameLength + zip.readUInt16LE(28);
  const data = zip.subarray(dataStart, dataStart + zip.readUInt32LE(18));
  assert.equal(dataStart + data.length, centralOffset);
  const content = inflateRawSync(data);
  assert.equal(content.length, zip.readUInt32LE(22));
  return {
    name: zip.subarray(30, 30 + nameLength).toString('utf8'),
    content,
    crc: zip.readUInt32LE(14),
    flags: zip.readUInt16LE(6),
    method: zip.readUInt16LE(8),
    time: zip.readUInt16LE(10),
    date: zip.readUInt16LE(12),
  };
}

const python = `
import json, sys, zipfile, base64
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    entries = [{"name": i.filename, "date_time": list(i.date_time), "flag_bits": i.flag_bits,
                "compress_type": i.compress_type, "content": base64.b64encode(z.read(i)).decode()}
               for i in z.infolist()]
print(json.dumps({"bad": bad, "entries": entries}))
`;

describe('zipSingleFile', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'zip-single-file-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const report = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n<GARRapportAffectation idDistributeur="D1"/>\n'.repeat(50),
    'utf8',
  );
  const modified = new Date('2025-03-30T01:00:03Z'); // 03:00:03 in Paris, the first second of summer time

  it('stores the CRC-32 of the content: the standard check value of "123456789" is 0xCBF43926', () => {
    const entry = readOwnZip(zipSingleFile('check.txt', Buffer.from('123456789'), modified));
    assert.equal(entry.crc, 0xcbf43926);
    assert.equal(entry.content.toString(), '123456789');
  });

  it('writes one deflated entry, UTF-8 name flag set, DOS date and time in French legal time (2-second steps)', () => {
    const entry = readOwnZip(zipSingleFile('rapport-é.xml', report, modified));
    assert.deepEqual(
      [entry.name, entry.method, entry.flags, entry.content.equals(report)],
      ['rapport-é.xml', 8, 0x0800, true],
    );
    assert.deepEqual([entry.time >> 11, (entry.time >> 5) & 63, (entry.time & 31) * 2], [3, 0, 2]);
    assert.deepEqual([(entry.date >> 9) + 1980, (entry.date >> 5) & 15, entry.date & 31], [2025, 3, 30]);
  });

  it('is deterministic: the same input gives the same bytes', () => {
    assert.ok(
      zipSingleFile('r.xml', report, modified).equals(zipSingleFile('r.xml', Buffer.from(report), new Date(modified))),
    );
  });

  it("clamps dates outside DOS's range (1980–2107)", () => {
    const early = readOwnZip(zipSingleFile('r.xml', report, new Date('1970-01-01T00:00:00Z')));
    assert.deepEqual([early.date, early.time], [(0 << 9) | (1 << 5) | 1, 0]);
    const late = readOwnZip(zipSingleFile('r.xml', report, new Date('2200-01-01T00:00:00Z')));
    assert.deepEqual([(late.date >> 9) + 1980, (late.date >> 5) & 15, late.date & 31], [2107, 12, 31]);
  });

  it('zips an empty file', () => {
    assert.equal(readOwnZip(zipSingleFile('empty.xml', Buffer.alloc(0), modified)).content.length, 0);
  });

  it('refuses a name longer than ZIP allows → ERR_WS_ZIP_LIMIT', () => {
    const failure = wireFailure(() => zipSingleFile('a'.repeat(65_536), report, modified));
    assert.deepEqual([failure.code, failure.status], ['ERR_WS_ZIP_LIMIT', 500]);
  });

  it("reads back with Python's zipfile (another implementation): CRC checked, name, date, content", function () {
    skipWithoutTool(this, 'python3');
    const path = join(dir, 'python.zip');
    writeFileSync(path, zipSingleFile('GAR-Affectations_é.xml', report, modified));
    const out = JSON.parse(execFileSync('python3', ['-c', python, path], { encoding: 'utf8' }));
    assert.equal(out.bad, null);
    assert.deepEqual(
      out.entries.map((e: { name: string; date_time: number[]; flag_bits: number; compress_type: number }) => [
        e.name,
        e.date_time,
        e.flag_bits,
        e.compress_type,
      ]),
      [['GAR-Affectations_é.xml', [2025, 3, 30, 3, 0, 2], 0x0800, 8]],
    );
    assert.ok(Buffer.from(out.entries[0].content, 'base64').equals(report));
  });

  it('reads back with unzip -p (Info-ZIP)', function () {
    skipWithoutTool(this, 'unzip');
    const path = join(dir, 'unzip.zip');
    writeFileSync(path, zipSingleFile('rapport.xml', report, modified));
    assert.ok(execFileSync('unzip', ['-p', path, 'rapport.xml']).equals(report));
    execFileSync('unzip', ['-tq', path]);
  });
});
