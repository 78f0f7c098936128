import assert from 'node:assert/strict';
import {
  effectiveContract,
  maxRejectionReasonLength,
  rejectContract,
  type ContractStatus,
  type ContractVersion,
} from '../../src/attribute-filter/index.js';
import { thrownCode } from '../support/thrown-code.js';
import { contractVersion, resourceId } from './contract-builders.js';

const at = new Date('2025-09-15T10:00:00.000Z');
const statuses = (versions: readonly ContractVersion[]): ContractStatus[] => versions.map((v) => v.status);
const list = (...s: ContractStatus[]): ContractVersion[] => s.map((status, i) => contractVersion(i + 1, status));

describe('rejectContract', () => {
  const allowed: readonly {
    readonly title: string;
    readonly before: ContractStatus[];
    readonly version: number;
    readonly after: ContractStatus[];
  }[] = [
    { title: 'the only submitted version', before: ['submitted'], version: 1, after: ['rejected'] },
    {
      title: 'a later version, leaving the approved one in effect',
      before: ['approved', 'submitted'],
      version: 2,
      after: ['approved', 'rejected'],
    },
    {
      title: 'an older pending version, others untouched',
      before: ['submitted', 'superseded', 'approved', 'submitted'],
      version: 1,
      after: ['rejected', 'superseded', 'approved', 'submitted'],
    },
  ];
  for (const c of allowed) {
    it(`rejects ${c.title}`, () => {
      const before = list(...c.before);
      const after = rejectContract(before, c.version, '  Le nom n’est pas nécessaire.  ', 'operateur-1', at);
      assert.deepEqual(statuses(after), c.after);
      assert.deepEqual(statuses(before), c.before, 'the input is not changed');
      const chosen = after[c.version - 1];
      assert.deepEqual(
        [chosen?.decidedAt, chosen?.decidedBy, chosen?.reason],
        [at.toISOString(), 'operateur-1', 'Le nom n’est pas nécessaire.'],
      );
      after.forEach((v, i) => {
        if (i !== c.version - 1) assert.equal(v, before[i], 'other versions are the same objects');
      });
      assert.equal(
        effectiveContract(after, resourceId)?.document.version,
        effectiveContract(before, resourceId)?.document.version,
      );
    });
  }

  const refused: readonly {
    readonly title: string;
    readonly before: ContractVersion[];
    readonly version: number;
    readonly reason?: string;
    readonly code: string;
  }[] = [
    { title: 'a rejected version', before: list('rejected'), version: 1, code: 'ERR_CONTRACT_STATE' },
    { title: 'the approved version', before: list('approved'), version: 1, code: 'ERR_CONTRACT_STATE' },
    { title: 'a superseded version', before: list('superseded', 'approved'), version: 1, code: 'ERR_CONTRACT_STATE' },
    { title: 'an unknown version', before: list('submitted'), version: 2, code: 'ERR_CONTRACT_UNKNOWN' },
    {
      title: 'versions of several resources',
      before: [contractVersion(1, 'submitted'), contractVersion(2, 'submitted', ['NOM'], 'ark:/86527/autre')],
      version: 1,
      code: 'ERR_CONTRACT_STATE',
    },
    {
      title: 'a blank reason',
      before: list('submitted'),
      version: 1,
      reason: ' \n ',
      code: 'ERR_CONTRACT_REASON_INVALID',
    },
    {
      title: 'a reason too long',
      before: list('submitted'),
      version: 1,
      reason: 'x'.repeat(maxRejectionReasonLength + 1),
      code: 'ERR_CONTRACT_REASON_INVALID',
    },
  ];
  for (const c of refused) {
    it(`refuses ${c.title} (${c.code})`, () => {
      assert.equal(
        thrownCode(() => rejectContract(c.before, c.version, c.reason ?? 'Motif.', 'operateur-1', at)),
        c.code,
      );
    });
  }
});
