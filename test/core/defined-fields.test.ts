import assert from 'node:assert/strict';
import { definedFields } from '../../src/core/defined-fields.js';

describe('definedFields', () => {
  it('keeps set values, including falsy ones, and drops undefined keys entirely', () => {
    const fields = definedFields({ a: 'x', b: undefined, c: 0, d: '', e: null, f: false });
    assert.deepEqual(fields, { a: 'x', c: 0, d: '', e: null, f: false });
    assert.equal('b' in fields, false);
  });

  it('spreads into an object without adding a key for an absent value', () => {
    const sid: string | undefined = undefined;
    const built = { sub: 's', ...definedFields({ sid }) };
    assert.deepEqual(Object.keys(built), ['sub']);
    assert.equal(JSON.stringify(built), '{"sub":"s"}');
  });
});
