import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  bitString,
  boolean,
  explicit,
  implicit,
  integer,
  namedBits,
  nullValue,
  octetString,
  oid,
  printableString,
  readDerElements,
  sequence,
  set,
  time,
  tlv,
  utf8String,
} from '../../../src/trust/pki/der.js';
import { thrownCode as code } from '../../support/thrown-code.js';

const hex = (b: Buffer): string => b.toString('hex');

describe('DER encoders', () => {
  const vectors: ReadonlyArray<readonly [string, () => Buffer, string]> = [
    ['INTEGER 0', () => integer(0), '020100'],
    ['INTEGER 127', () => integer(127), '02017f'],
    ['INTEGER 128 gets a leading zero (else it reads as -128)', () => integer(128), '02020080'],
    ['INTEGER 256', () => integer(256), '02020100'],
    ['INTEGER 65535', () => integer(65535), '020300ffff'],
    ['INTEGER from bytes with the high bit set', () => integer(Buffer.from([0xff])), '020200ff'],
    ['INTEGER from bytes drops leading zeros', () => integer(Buffer.from([0, 0, 1])), '020101'],
    ['INTEGER from bytes keeps one zero before a high bit', () => integer(Buffer.from([0, 0, 0x80])), '02020080'],
    ['INTEGER from no bytes is 0', () => integer(Buffer.alloc(0)), '020100'],
    ['OID sha256WithRSAEncryption', () => oid('1.2.840.113549.1.1.11'), '06092a864886f70d01010b'],
    ['OID ecdsa-with-SHA256', () => oid('1.2.840.10045.4.3.2'), '06082a8648ce3d040302'],
    ['OID basicConstraints', () => oid('2.5.29.19'), '0603551d13'],
    ['BOOLEAN TRUE', () => boolean(true), '0101ff'],
    ['NULL', () => nullValue(), '0500'],
    ['UTF8String é', () => utf8String('é'), '0c02c3a9'],
    ['PrintableString', () => printableString('FR 75'), '13054652203735'],
    ['OCTET STRING', () => octetString(Buffer.from([1, 2])), '04020102'],
    ['BIT STRING of bytes', () => bitString(Buffer.from([0xab, 0xcd])), '030300abcd'],
    ['keyUsage CA: keyCertSign + cRLSign', () => namedBits([5, 6]), '03020106'],
    ['keyUsage client: digitalSignature', () => namedBits([0]), '03020780'],
    ['keyUsage server: digitalSignature + keyEncipherment', () => namedBits([0, 2]), '030205a0'],
    ['named bits past the first byte', () => namedBits([8]), '0303070080'],
    ['no named bits', () => namedBits([]), '030100'],
    [
      'UTCTime 2049-12-31 23:59:59',
      () => time(new Date('2049-12-31T23:59:59Z')),
      `170d${hex(Buffer.from('491231235959Z'))}`,
    ],
    [
      'GeneralizedTime from 2050 on',
      () => time(new Date('2050-01-01T00:00:00Z')),
      `180f${hex(Buffer.from('20500101000000Z'))}`,
    ],
    [
      'UTCTime 1950 (the first UTCTime year)',
      () => time(new Date('1950-01-01T00:00:00Z')),
      `170d${hex(Buffer.from('500101000000Z'))}`,
    ],
    [
      'GeneralizedTime before 1950',
      () => time(new Date('1949-12-31T23:59:59Z')),
      `180f${hex(Buffer.from('19491231235959Z'))}`,
    ],
    [
      'time drops milliseconds',
      () => time(new Date('2030-06-01T12:00:00.999Z')),
      `170d${hex(Buffer.from('300601120000Z'))}`,
    ],
    ['[0] EXPLICIT version v3', () => explicit(0, integer(2)), 'a003020102'],
    ['[2] IMPLICIT dNSName', () => implicit(2, Buffer.from('a')), '820161'],
    ['SEQUENCE', () => sequence(integer(1), boolean(false)), '3006020101010100'],
    ['SET sorts its items', () => set(integer(2), integer(1)), '3106020101020102'],
    ['length 127: short form', () => tlv(0x04, Buffer.alloc(127)), `047f${'00'.repeat(127)}`],
    ['length 128: one length byte', () => tlv(0x04, Buffer.alloc(128)), `048180${'00'.repeat(128)}`],
    ['length 256: two length bytes', () => tlv(0x04, Buffer.alloc(256)), `04820100${'00'.repeat(256)}`],
  ];
  for (const [name, encode, expected] of vectors) {
    it(name, () => assert.equal(hex(encode()), expected));
  }

  it('refuses what it cannot encode', () => {
    assert.equal(
      code(() => integer(-1)),
      'ERR_PKI_CERTIFICATE_INPUT',
    );
    assert.equal(
      code(() => integer(0.5)),
      'ERR_PKI_CERTIFICATE_INPUT',
    );
    assert.equal(
      code(() => oid('1')),
      'ERR_PKI_CERTIFICATE_INPUT',
    );
    assert.equal(
      code(() => oid('1.x.3')),
      'ERR_PKI_CERTIFICATE_INPUT',
    );
    assert.equal(
      code(() => printableString('a@b')),
      'ERR_PKI_CERTIFICATE_INPUT',
    );
  });

  it('INTEGER: minimal, positive, and the same value, for any bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const encoded = integer(Buffer.from(bytes));
        const [element] = readDerElements(encoded);
        assert.ok(element !== undefined && element.tag === 0x02);
        const content = element.content;
        assert.ok(((content[0] as number) & 0x80) === 0, 'reads as positive');
        assert.ok(
          !(content.length > 1 && content[0] === 0 && ((content[1] as number) & 0x80) === 0),
          'no needless leading zero',
        );
        assert.equal(BigInt(`0x${hex(content)}`), bytes.length === 0 ? 0n : BigInt(`0x${hex(Buffer.from(bytes))}`));
      }),
    );
  });

  it('readDerElements gives back what was encoded, nested, at any length (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 5 }), (chunks) => {
        const inner = chunks.map((c) => octetString(Buffer.from(c)));
        const [outer] = readDerElements(sequence(...inner));
        assert.deepEqual(
          readDerElements(outer!.content).map((e) => hex(e.encoded)),
          inner.map(hex),
        );
        assert.deepEqual(
          readDerElements(outer!.content).map((e) => hex(e.content)),
          chunks.map((c) => hex(Buffer.from(c))),
        );
      }),
    );
  });

  it('readDerElements refuses truncated or high-tag input', () => {
    for (const bad of ['30030201', '0482', '04810200', '1f0100']) {
      assert.equal(
        code(() => readDerElements(Buffer.from(bad, 'hex'))),
        'ERR_PKI_CERTIFICATE_INPUT',
        bad,
      );
    }
  });
});
