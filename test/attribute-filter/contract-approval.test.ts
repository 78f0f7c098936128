import assert from 'node:assert/strict';
import {
  approveContract,
  effectiveContract,
  type ContractStatus,
  type ContractVersion,
} from '../../src/attribute-filter/index.js';
import { thrownCode } from '../support/thrown-code.js';
import { contractVersion, resourceId } from './contract-builders.js';

const at = new Date('2025-09-15T10:00:00.000Z');
const statuses = (versions: readonly ContractVersion[]): ContractStatus[] => versions.map((v) => v.status);
const list = (...s: ContractStatus[]): ContractVersion[] => s.map((status, i) => contractVersion(i + 1, status));

describe('approveContract', () => {
  const allowed: readonly {
    readonly title: string;
    readonly before: ContractStatus[];
    readonly version: number;
    readonly after: ContractStatus[];
  }[] = [
    { title: 'the first submitted version', before: ['submitted'], version: 1, after: ['approved'] },
    {
      title: 'a later version supersedes the approved one',
      before: ['approved', 'submitted'],
      version: 2,
      after: ['superseded', 'approved'],
    },
    {
      title: 'older superseded and rejected versions stay as they are',
      before: ['superseded', 'rejected', 'approved', 'submitted'],
      version: 4,
      after: ['superseded', 'rejected', 'superseded', 'approved'],
    },
    {
      title: 'a pending later version stays pending',
      before: ['submitted', 'submitted'],
      version: 1,
      after: ['approved', 'submitted'],
    },
  ];
  for (const c of allowed) {
    it(`approves ${c.title}`, () => {
      const before = list(...c.before);
      const after = approveContract(before, c.version, 'operateur-1', at);
      assert.deepEqual(statuses(after), c.after);
      assert.deepEqual(statuses(before), c.before, 'the input is not changed');
      const chosen = after[c.version - 1];
      assert.equal(chosen?.decidedAt, at.toISOString());
      assert.equal(chosen?.decidedBy, 'operateur-1');
      assert.deepEqual(
        after.map((v) => v.document),
        before.map((v) => v.document),
        'documents and order kept',
      );
      assert.equal(effectiveContract(after, resourceId)?.document.version, c.version);
    });
  }

  const refused: readonly {
    readonly title: string;
    readonly before: ContractVersion[];
    readonly version: number;
    readonly code: string;
  }[] = [
    { title: 'a rejected version', before: list('rejected'), version: 1, code: 'ERR_CONTRACT_STATE' },
    { title: 'a superseded version', before: list('superseded', 'approved'), version: 1, code: 'ERR_CONTRACT_STATE' },
    { title: 'the approved version again', before: list('approved'), version: 1, code: 'ERR_CONTRACT_STATE' },
    {
      title: 'an older version once a later one is approved',
      before: list('submitted', 'approved'),
      version: 1,
      code: 'ERR_CONTRACT_STATE',
    },
    { title: 'an unknown version', before: list('submitted'), version: 2, code: 'ERR_CONTRACT_UNKNOWN' },
    { title: 'anything of an empty list', before: [], version: 1, code: 'ERR_CONTRACT_UNKNOWN' },
    {
      title: 'versions of several resources',
      before: [contractVersion(1, 'submitted'), contractVersion(2, 'submitted', ['NOM'], 'ark:/86527/autre')],
      version: 1,
      code: 'ERR_CONTRACT_STATE',
    },
  ];
  for (const c of refused) {
    it(`refuses ${c.title} (${c.code})`, () => {
      assert.equal(
        thrownCode(() => approveContract(c.before, c.version, 'operateur-1', at)),
        c.code,
      );
    });
  }
});

describe('effectiveContract', () => {
  const cases: readonly {
    readonly title: string;
    readonly versions: ContractVersion[];
    readonly expected: number | undefined;
  }[] = [
    { title: 'no version at all', versions: [], expected: undefined },
    { title: 'only submitted and rejected versions', versions: list('submitted', 'rejected'), expected: undefined },
    { title: 'superseded is not in effect', versions: list('superseded'), expected: undefined },
    {
      title: 'the approved one, not a later submitted one',
      versions: list('superseded', 'approved', 'submitted'),
      expected: 2,
    },
    {
      title: 'the highest approved when (against the rule) two are',
      versions: [contractVersion(3, 'approved'), contractVersion(1, 'approved')],
      expected: 3,
    },
    {
      title: "another resource's approved version does not count",
      versions: [contractVersion(1, 'approved', ['NOM'], 'ark:/86527/autre')],
      expected: undefined,
    },
  ];
  for (const c of cases) {
    it(`${c.title} → ${c.expected ?? 'none'}`, () => {
      assert.equal(effectiveContract(c.versions, resourceId)?.document.version, c.expected);
    });
  }
});
