import assert from 'node:assert/strict';
import { maxPageSize, parsePaging } from '../../../src/subscriptions/index.js';
import { wireFailure } from './wire-failure.js';

describe('parsePaging', () => {
  const accepted: readonly [string | undefined, string | undefined, { debut: number; fin: number }][] = [
    [undefined, undefined, { debut: 0, fin: maxPageSize }],
    ['0', '100', { debut: 0, fin: 100 }],
    ['1', '21', { debut: 1, fin: 21 }],
    ['250', undefined, { debut: 250, fin: 250 + maxPageSize }],
    [undefined, '1000', { debut: 0, fin: 1000 }],
    ['7', '7', { debut: 7, fin: 7 }],
    ['007', '010', { debut: 7, fin: 10 }],
  ];
  for (const [debut, fin, expected] of accepted) {
    it(`reads debut=${debut} fin=${fin}`, () => assert.deepEqual(parsePaging(debut, fin), expected));
  }

  const refused: readonly [string | undefined, string | undefined][] = [
    ['-1', '10'],
    ['1.5', '10'],
    ['1e3', undefined],
    ['', '10'],
    [' 1', '10'],
    ['0x10', undefined],
    ['abc', undefined],
    ['10', '9'],
    ['0', '1001'],
    [undefined, '1001'],
    ['1234567890', undefined],
  ];
  for (const [debut, fin] of refused) {
    it(`refuses debut=${JSON.stringify(debut)} fin=${JSON.stringify(fin)} → ERR_WS_PAGING`, () => {
      assert.deepEqual(
        [wireFailure(() => parsePaging(debut, fin)).code, wireFailure(() => parsePaging(debut, fin)).status],
        ['ERR_WS_PAGING', 400],
      );
    });
  }
});
