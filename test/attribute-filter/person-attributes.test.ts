import assert from 'node:assert/strict';
import fc from 'fast-check';
import { composite, groupInDivision } from '../../src/attribute-filter/index.js';
import { thrownCode } from '../support/thrown-code.js';

describe('composite values', () => {
  const built: readonly { readonly title: string; readonly value: () => string; readonly expected: string }[] = [
    { title: 'a class', value: () => composite('6A', '6e A'), expected: '6A##6e A' },
    {
      title: 'a subject with a single # and | in its label',
      value: () => composite('0613', 'Maths #1 | algèbre'),
      expected: '0613##Maths #1 | algèbre',
    },
    { title: 'an empty label', value: () => composite('6A', ''), expected: '6A##' },
    {
      title: 'a group in its class',
      value: () => groupInDivision('G-ANG1', '6A', '6e A'),
      expected: 'G-ANG1||6A##6e A',
    },
  ];
  for (const c of built) it(`builds ${c.title}`, () => assert.equal(c.value(), c.expected));

  const refused: readonly { readonly title: string; readonly value: () => string }[] = [
    { title: 'a label holding ##', value: () => composite('6A', '6e A##faux') },
    { title: 'a label holding ||', value: () => composite('6A', 'x||y') },
    { title: 'a code holding #', value: () => composite('a#', 'b') },
    { title: 'a code holding |', value: () => composite('a|', 'b') },
    { title: 'an empty code', value: () => composite('', 'b') },
    { title: 'a group holding |', value: () => groupInDivision('G|', '6A', 'x') },
    { title: 'a division holding #', value: () => groupInDivision('G', '6A#', 'x') },
    { title: 'an empty division', value: () => groupInDivision('G', '', 'x') },
    { title: 'a group-in-class label holding ##', value: () => groupInDivision('G', '6A', 'x##y') },
  ];
  for (const c of refused) {
    it(`refuses ${c.title} (ERR_ATTRIBUTE_VALUE_INVALID)`, () =>
      assert.equal(thrownCode(c.value), 'ERR_ATTRIBUTE_VALUE_INVALID'));
  }

  it('no two different (code, label) pairs build the same value (a value cannot forge another)', () => {
    const part = fc.string({ maxLength: 6, unit: fc.constantFrom('a', '#', '|', ' ') });
    const attempt = (code: string, label: string): string | null => {
      try {
        return composite(code, label);
      } catch {
        return null;
      }
    };
    fc.assert(
      fc.property(part, part, part, part, (c1, l1, c2, l2) => {
        fc.pre(c1 !== c2 || l1 !== l2);
        const a = attempt(c1, l1);
        const b = attempt(c2, l2);
        if (a !== null && b !== null) assert.notEqual(a, b);
        if (a !== null) assert.deepEqual(a.split('##'), [c1, l1], 'splitting on ## gives the parts back');
      }),
      { numRuns: 1000 },
    );
  });
});
