import assert from 'node:assert/strict';
import { ustarHeader, ustarPadding } from '../../../src/directory/generate/ustar-header.js';
import { defaultUaiPrefix, makeUai } from '../../../src/directory/generate/uai-code.js';
import { personId } from '../../../src/directory/generate/person-identity.js';

describe('ustarHeader', () => {
  it('writes a 512-byte header with a valid checksum, size, mode and mtime', () => {
    const h = ustarHeader('Z0_GAR-ENT_Complet_20250101_010101_2D_Etab_0000.xml', 1234, 1_735_693_261);
    assert.equal(h.length, 512);
    let sum = 0;
    h.forEach((b, i) => {
      sum += i >= 148 && i < 156 ? 32 : b;
    });
    assert.equal(parseInt(h.subarray(148, 154).toString('ascii'), 8), sum);
    assert.equal(h.subarray(124, 136).toString('ascii'), '00000002322\0');
    assert.equal(h.subarray(100, 108).toString('ascii'), '0000644\0');
    assert.equal(parseInt(h.subarray(136, 147).toString('ascii'), 8), 1_735_693_261);
    assert.equal(ustarPadding(1234).length, 512 * 3 - 1234);
    assert.equal(ustarPadding(1024).length, 0);
  });

  it('refuses names a ustar header cannot hold', () => {
    assert.throws(() => ustarHeader('x'.repeat(101), 0, 0), RangeError);
    assert.throws(() => ustarHeader('é.xml', 0, 0), RangeError);
  });
});

describe('makeUai and personId', () => {
  it('gives unique 8-character UAIs with the national check letter', () => {
    const uais = Array.from({ length: 10_000 }, (_, i) => makeUai('031', i));
    assert.equal(new Set(uais).size, uais.length);
    for (const uai of uais.slice(0, 500)) {
      assert.match(uai, /^031\d{4}[A-HJ-NPR-Z]$/);
      assert.equal(uai[7], 'ABCDEFGHJKLMNPRSTUVWXYZ'[Number(uai.slice(0, 7)) % 23]);
    }
    assert.throws(() => makeUai('031', 10_000), { code: 'ERR_CLI_USAGE' });
    assert.match(defaultUaiPrefix('Z0'), /^0\d\d$/);
    assert.notEqual(defaultUaiPrefix('Z0'), defaultUaiPrefix('B0'));
  });

  it('gives opaque ids unique across pupils, teachers and managers', () => {
    const ids = new Set<string>();
    for (const kind of ['pupil', 'teacher', 'manager'] as const) {
      for (let i = 0; i < 50_000; i++) ids.add(personId(12345, kind, i));
    }
    assert.equal(ids.size, 150_000);
    for (const id of [...ids].slice(0, 100))
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89a][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
