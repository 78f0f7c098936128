import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import {
  globalPseudonymScope,
  idc,
  ido,
  makePseudonymKey,
  type PseudonymSubject,
} from '../../src/attribute-filter/index.js';
import { thrownCode } from '../support/thrown-code.js';

const key = makePseudonymKey(Buffer.alloc(32, 7));
const otherKey = makePseudonymKey(Buffer.alloc(32, 8));
const subject: PseudonymSubject = { entId: 'B0', entUserId: 'u123', scope: '552081317_0000000000000001' };
const nonEmpty = fc.string({ minLength: 1, maxLength: 40, unit: 'binary' });

describe('ido', () => {
  it('is pinned: a change would give every user a new identity at every publisher', () => {
    assert.equal(
      ido(key, subject),
      '0711c9d45a303418c3af7cc93870e995d75324d2cdb2c9aa00dd7fa5bc5dcbf3'
        + '1eafca2e964f27b3e72ed8a19a37b698c068d44c36bf7678e2399dd677e65e6d',
    );
  });

  it('is the HMAC-SHA-512 of the length-prefixed parts, as documented', () => {
    const part = (s: string): Buffer => {
      const b = Buffer.from(s);
      const n = Buffer.alloc(4);
      n.writeUInt32BE(b.length);
      return Buffer.concat([n, b]);
    };
    const input = Buffer.concat(['gar-broker/ido/v1', subject.scope, subject.entId, subject.entUserId].map(part));
    assert.equal(ido(key, subject), createHmac('sha512', Buffer.alloc(32, 7)).update(input).digest('hex'));
  });

  it('is 128 lower-case hex characters and deterministic', () => {
    fc.assert(
      fc.property(nonEmpty, nonEmpty, nonEmpty, (entId, entUserId, scope) => {
        const value = ido(key, { entId, entUserId, scope });
        assert.match(value, /^[0-9a-f]{128}$/);
        assert.equal(ido(key, { entId, entUserId, scope }), value);
      }),
      { numRuns: 200 },
    );
  });

  const differs: readonly { readonly title: string; readonly other: PseudonymSubject }[] = [
    { title: 'another technical distributor', other: { ...subject, scope: '552081317_0000000000000002' } },
    { title: 'the global scope', other: { ...subject, scope: globalPseudonymScope } },
    { title: 'another ENT project', other: { ...subject, entId: 'Z0' } },
    { title: 'another user', other: { ...subject, entUserId: 'u124' } },
    { title: 'a user id differing only in case', other: { ...subject, entUserId: 'U123' } },
  ];
  for (const c of differs) {
    it(`differs for ${c.title}`, () => assert.notEqual(ido(key, c.other), ido(key, subject)));
  }

  it('differs with another key', () => assert.notEqual(ido(otherKey, subject), ido(key, subject)));

  it('is the same in every establishment and school year: neither is an input', () => {
    // The subject type has no UAI nor year; extra fields a caller might pass change nothing.
    const withEstablishment = { ...subject, uai: '0561534N', year: '2025-2026' } as PseudonymSubject;
    assert.equal(ido(key, withEstablishment), ido(key, subject));
  });

  it('length-prefixing keeps ("ab","c") and ("a","bc") apart', () => {
    assert.notEqual(
      ido(key, { ...subject, entId: 'ab', entUserId: 'c' }),
      ido(key, { ...subject, entId: 'a', entUserId: 'bc' }),
    );
    assert.notEqual(
      ido(key, { ...subject, scope: 'x', entId: 'yz' }),
      ido(key, { ...subject, scope: 'xy', entId: 'z' }),
    );
  });

  it('two different subjects never share an IDO (property)', () => {
    fc.assert(
      fc.property(
        fc.tuple(nonEmpty, nonEmpty, nonEmpty),
        fc.tuple(nonEmpty, nonEmpty, nonEmpty),
        ([a1, a2, a3], [b1, b2, b3]) => {
          fc.pre(a1 !== b1 || a2 !== b2 || a3 !== b3);
          assert.notEqual(
            ido(key, { entId: a1, entUserId: a2, scope: a3 }),
            ido(key, { entId: b1, entUserId: b2, scope: b3 }),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  for (const field of ['entId', 'entUserId', 'scope'] as const) {
    it(`refuses an empty ${field} (ERR_PSEUDONYM_INPUT)`, () => {
      assert.equal(
        thrownCode(() => ido(key, { ...subject, [field]: '' })),
        'ERR_PSEUDONYM_INPUT',
      );
    });
  }
});

describe('makePseudonymKey', () => {
  it('refuses a secret under 32 bytes (ERR_PSEUDONYM_KEY_WEAK)', () => {
    assert.equal(
      thrownCode(() => makePseudonymKey(Buffer.alloc(31, 1))),
      'ERR_PSEUDONYM_KEY_WEAK',
    );
    assert.equal(
      thrownCode(() => makePseudonymKey(new Uint8Array(0))),
      'ERR_PSEUDONYM_KEY_WEAK',
    );
  });

  it("keeps its own copy of the secret: changing the caller's buffer changes nothing", () => {
    const secret = Buffer.alloc(32, 7);
    const k = makePseudonymKey(secret);
    secret.fill(0);
    assert.equal(ido(k, subject), ido(key, subject));
  });
});

describe('idc', () => {
  it('is <idRessource>_<IDO>', () => {
    const value = ido(key, subject);
    assert.equal(idc('ark:/86527/m6e-maths', value), `ark:/86527/m6e-maths_${value}`);
  });
});
