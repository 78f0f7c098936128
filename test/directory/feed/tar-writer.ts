/**
 * Test helper: writes tar archives (ustar, GNU long names, pax paths, links, hostile paths) so
 * that archive fixtures are built at run time from readable XML instead of committed binaries.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface TarMember {
  readonly name: string;
  readonly body?: string | Buffer;
  /** '0' file (default), '5' directory, '1' hard link, '2' symlink, '3' char device. */
  readonly type?: '0' | '1' | '2' | '3' | '5';
  readonly linkName?: string;
  /** How a name longer than 100 bytes is written. */
  readonly longName?: 'gnu' | 'pax' | 'ustar-prefix';
}

export function writeTar(members: readonly TarMember[], options: { endBlocks?: number } = {}): Buffer {
  const blocks: Buffer[] = [];
  for (const member of members) blocks.push(...memberBlocks(member));
  blocks.push(Buffer.alloc(512 * (options.endBlocks ?? 2)));
  return Buffer.concat(blocks);
}

function memberBlocks(member: TarMember): Buffer[] {
  const body = typeof member.body === 'string' ? Buffer.from(member.body, 'utf8') : (member.body ?? Buffer.alloc(0));
  const type = member.type ?? '0';
  const blocks: Buffer[] = [];
  let name = member.name;
  let prefix = '';
  if (member.longName === 'gnu') {
    blocks.push(
      header({ name: '././@LongLink', size: Buffer.byteLength(name) + 1, type: 'L' }),
      padded(Buffer.from(`${name}\0`)),
    );
    name = name.slice(0, 99);
  } else if (member.longName === 'pax') {
    const pax = Buffer.from(paxRecord('path', name));
    blocks.push(header({ name: 'PaxHeaders/x', size: pax.length, type: 'x' }), padded(pax));
    name = name.slice(0, 99);
  } else if (member.longName === 'ustar-prefix') {
    const cut = name.lastIndexOf('/');
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
  }
  const size = type === '0' ? body.length : 0;
  blocks.push(header({ name, prefix, size, type, linkName: member.linkName ?? '' }));
  if (size > 0) blocks.push(padded(body));
  return blocks;
}

function header(fields: { name: string; prefix?: string; size: number; type: string; linkName?: string }): Buffer {
  const block = Buffer.alloc(512);
  block.write(fields.name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 'latin1');
  block.write('0001750\0', 108, 'latin1');
  block.write('0001750\0', 116, 'latin1');
  block.write(`${fields.size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  block.write(
    `${Math.floor(Date.UTC(2026, 10, 28) / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
    'latin1',
  );
  block.write('        ', 148, 'latin1');
  block.write(fields.type, 156, 'latin1');
  block.write(fields.linkName ?? '', 157, 100, 'utf8');
  block.write('ustar\0' + '00', 257, 'latin1');
  block.write('gar', 265, 'latin1');
  block.write('gar', 297, 'latin1');
  block.write(fields.prefix ?? '', 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

/** `<len> key=value\n` where len counts the whole record, its own digits included. */
function paxRecord(key: string, value: string): string {
  const rest = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(rest) + 1;
  while (String(length).length + Buffer.byteLength(rest) !== length)
    length = String(length).length + Buffer.byteLength(rest);
  return `${length}${rest}`;
}

function padded(data: Buffer): Buffer {
  return Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

export type Md5Style = 'md5sum' | 'md5sum-binary' | 'bare-upper' | 'stem' | 'none' | 'wrong';

/** Writes `<dir>/<name>.tar.gz` and its .md5 in the given style; returns the archive path. */
export async function writeDelivery(
  dir: string,
  name: string,
  members: readonly TarMember[],
  md5: Md5Style = 'md5sum',
): Promise<string> {
  const archive = gzipSync(writeTar(members));
  const path = join(dir, `${name}.tar.gz`);
  await writeFile(path, archive);
  const digest = createHash('md5').update(archive).digest('hex');
  const contents: Record<Exclude<Md5Style, 'none'>, [string, string]> = {
    md5sum: [`${path}.md5`, `${digest}  ${name}.tar.gz\n`],
    'md5sum-binary': [`${path}.md5`, `${digest} *${name}.tar.gz\n`],
    'bare-upper': [`${path}.md5`, `${digest.toUpperCase()}\n`],
    stem: [join(dir, `${name}.md5`), `${digest}\n`],
    wrong: [`${path}.md5`, `${'0'.repeat(32)}  ${name}.tar.gz\n`],
  };
  if (md5 !== 'none') await writeFile(...contents[md5]);
  return path;
}
