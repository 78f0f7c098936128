/**
 * The few DER encoders an X.509 v3 certificate needs (ITU-T X.690 §8 and §10), and a reader for
 * the one walk the writer must do over DER it did not build (a public key, an issuer's subject).
 * Each encoder returns the whole TLV; lengths are always in the shortest form, as DER demands.
 */
import { fail } from '../../core/fail.js';

const tags = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One element: tag, length, content. */
export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

export const sequence = (...items: readonly Buffer[]): Buffer => tlv(tags.sequence, Buffer.concat(items));

/** A SET OF sorts its encodings (X.690 §11.6); the names we write have one item per set anyway. */
export const set = (...items: readonly Buffer[]): Buffer =>
  tlv(tags.set, Buffer.concat([...items].sort(Buffer.compare)));

/**
 * A non-negative INTEGER from a number or from unsigned big-endian bytes: leading zero bytes go,
 * and one zero byte comes back when the high bit is set, or the value would read as negative.
 */
export function integer(value: number | Buffer): Buffer {
  if (typeof value === 'number' && (!Number.isSafeInteger(value) || value < 0)) {
    throw fail(
      'ERR_PKI_CERTIFICATE_INPUT',
      'Certificat impossible à produire.',
      `integer ${value} is not a non-negative safe integer`,
    );
  }
  const digits = typeof value === 'number' ? value.toString(16) : '';
  let bytes = typeof value === 'number' ? Buffer.from(digits.length % 2 === 1 ? `0${digits}` : digits, 'hex') : value;
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  bytes = bytes.subarray(start);
  if (bytes.length === 0) bytes = Buffer.from([0]);
  return tlv(tags.integer, (bytes[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

/** OBJECT IDENTIFIER from dotted text: the first two arcs share a byte, each arc is base-128. */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined || arcs.some((a) => !Number.isSafeInteger(a) || a < 0)) {
    throw fail('ERR_PKI_CERTIFICATE_INPUT', 'Certificat impossible à produire.', `bad object identifier ${dotted}`);
  }
  const bytes: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const group = [arc % 128];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) group.unshift(0x80 | (n % 128));
    bytes.push(...group);
  }
  return tlv(tags.oid, Buffer.from(bytes));
}

export const utf8String = (text: string): Buffer => tlv(tags.utf8String, Buffer.from(text, 'utf8'));

/** PrintableString allows only A–Z a–z 0–9 space and '()+,-./:=? (X.680 §41.4). */
export function printableString(text: string): Buffer {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text)) {
    throw fail('ERR_PKI_CERTIFICATE_INPUT', 'Certificat impossible à produire.', 'text is not a PrintableString');
  }
  return tlv(tags.printableString, Buffer.from(text, 'ascii'));
}

/** BIT STRING of whole bytes (keys, signatures): no unused bits. */
export const bitString = (bytes: Buffer): Buffer => tlv(tags.bitString, Buffer.concat([Buffer.from([0]), bytes]));

/**
 * A named-bit BIT STRING (keyUsage): bit 0 is the first byte's high bit; trailing zero bits are
 * dropped (X.690 §11.2.2).
 */
export function namedBits(bits: readonly number[]): Buffer {
  if (bits.length === 0) return tlv(tags.bitString, Buffer.from([0]));
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[bit >> 3] = (bytes[bit >> 3] as number) | (0x80 >> (bit & 7));
  return tlv(tags.bitString, Buffer.concat([Buffer.from([7 - (highest & 7)]), bytes]));
}

export const octetString = (bytes: Buffer): Buffer => tlv(tags.octetString, bytes);
export const boolean = (value: boolean): Buffer => tlv(tags.boolean, Buffer.from([value ? 0xff : 0x00]));
export const nullValue = (): Buffer => tlv(tags.null, Buffer.alloc(0));

/** RFC 5280 §4.1.2.5: UTCTime for 1950–2049, GeneralizedTime otherwise; always UTC, whole seconds. */
export function time(at: Date): Buffer {
  const iso = at.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits =
    `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}`
    + `${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const year = at.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? tlv(tags.utcTime, Buffer.from(digits.slice(2), 'ascii'))
    : tlv(tags.generalizedTime, Buffer.from(digits, 'ascii'));
}

/** [n] EXPLICIT: a constructed context tag wrapping a whole element (version [0], extensions [3]). */
export const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 | n, inner);

/**
 * [n] IMPLICIT on a primitive: the content keeps, the tag changes (GeneralName dNSName [2], iPAddress [7];
 * keyIdentifier [0]).
 */
export const implicit = (n: number, content: Buffer): Buffer => tlv(0x80 | n, content);

export interface DerElement {
  readonly tag: number;
  readonly content: Buffer;
  /** The whole TLV, as found. */
  readonly encoded: Buffer;
}

/** The elements laid side by side in `bytes` (the content of a SEQUENCE, or a whole file). */
export function readDerElements(bytes: Buffer): DerElement[] {
  const out: DerElement[] = [];
  let at = 0;
  while (at < bytes.length) {
    const tag = bytes[at];
    const first = bytes[at + 1];
    if (tag === undefined || first === undefined || (tag & 0x1f) === 0x1f) throw malformed();
    const lengthBytes = first & 0x80 ? first & 0x7f : 0;
    if (lengthBytes > 4 || at + 2 + lengthBytes > bytes.length) throw malformed();
    const size = lengthBytes === 0 ? first : bytes.readUIntBE(at + 2, lengthBytes);
    const start = at + 2 + lengthBytes;
    if (start + size > bytes.length) throw malformed();
    out.push({ tag, content: bytes.subarray(start, start + size), encoded: bytes.subarray(at, start + size) });
    at = start + size;
  }
  return out;
}

function malformed(): Error {
  return fail('ERR_PKI_CERTIFICATE_INPUT', 'Certificat impossible à produire.', 'malformed DER');
}
