/**
 * The 512-byte ustar header of one regular file (POSIX.1-1988). Written by hand because tar needs
 * nothing more for a delivery of flat files, and the broker pins few dependencies. Owner, group,
 * mode and mtime are fixed by the caller so the archive bytes depend on the content alone.
 */
export const TAR_BLOCK = 512;

function writeOctal(header: Buffer, offset: number, width: number, value: number): void {
  // width - 1 octal digits, then a NUL, as GNU tar and Python's tarfile write them.
  const text = value.toString(8).padStart(width - 1, '0');
  if (text.length > width - 1) throw new RangeError(`tar field overflow: ${value}`);
  header.write(text, offset, 'ascii');
  header[offset + width - 1] = 0;
}

export function ustarHeader(name: string, size: number, mtimeSeconds: number): Buffer {
  const header = Buffer.alloc(TAR_BLOCK);
  if (Buffer.byteLength(name) > 100 || /[^\x21-\x7e]/.test(name)) {
    throw new RangeError(`tar member name not storable in a ustar header: ${name}`);
  }
  header.write(name, 0, 'ascii');
  writeOctal(header, 100, 8, 0o644);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeOctal(header, 124, 12, size);
  writeOctal(header, 136, 12, mtimeSeconds);
  header.write('        ', 148, 'ascii'); // checksum counts as spaces while it is computed
  header.write('0', 156, 'ascii'); // regular file
  header.write('ustar\u000000', 257, 'ascii');
  header.write('root', 265, 'ascii');
  header.write('root', 297, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'ascii');
  return header;
}

/** Zero bytes that round a member's data up to a whole block. */
export function ustarPadding(size: number): Buffer {
  return Buffer.alloc((TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK);
}

/** Two zero blocks end a tar archive. */
export function ustarEnd(): Buffer {
  return Buffer.alloc(2 * TAR_BLOCK);
}
