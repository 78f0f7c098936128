import assert from 'node:assert/strict';
import {
  parseAssignmentTarget,
  type AssignmentTarget,
  type AssignmentTargetInput,
} from '../../../src/subscriptions/index.js';

describe('parseAssignmentTarget', () => {
  const valid: readonly [AssignmentTargetInput, AssignmentTarget][] = [
    [{ person: 'Z0:elv-1' }, { kind: 'person', entId: 'Z0', personId: 'elv-1' }],
    [{ person: 'Z0:id:with:colons' }, { kind: 'person', entId: 'Z0', personId: 'id:with:colons' }],
    [{ class: '6A' }, { kind: 'class', code: '6A', audience: 'ELEVE' }],
    [
      { class: ' 6A ', audience: 'ENSEIGNANT' },
      { kind: 'class', code: '6A', audience: 'ENSEIGNANT' },
    ],
    [
      { group: 'LATIN', audience: 'ELEVE' },
      { kind: 'group', code: 'LATIN', audience: 'ELEVE' },
    ],
    [{ level: '10010012110' }, { kind: 'level', code: '10010012110' }],
    [{ subject: '061300' }, { kind: 'subject', code: '061300' }],
    [{ profile: 'AUTRE PERSONNEL' }, { kind: 'profile', audience: 'AUTRE PERSONNEL' }],
  ];
  for (const [input, expected] of valid) {
    it(`reads ${JSON.stringify(input)}`, () => assert.deepEqual(parseAssignmentTarget(input), expected));
  }

  const invalid: readonly [string, AssignmentTargetInput][] = [
    ['no selector', {}],
    ['two selectors', { class: '6A', level: '1001' }],
    ['a person without ENT', { person: 'elv-1' }],
    ['a person with an empty id', { person: 'Z0:' }],
    ['a person id longer than the feed allows', { person: `Z0:${'x'.repeat(65)}` }],
    ['an empty code', { class: '  ' }],
    ['a code with a space', { subject: '06 1300' }],
    ['an audience beside a level', { level: '1001', audience: 'ELEVE' }],
    ['a class audience that is neither pupils nor teachers', { class: '6A', audience: 'DOCUMENTALISTE' }],
    ['an unknown profile', { profile: 'National_elv' }],
  ];
  for (const [name, input] of invalid) {
    it(`refuses ${name}`, () =>
      assert.throws(() => parseAssignmentTarget(input), { code: 'ERR_ASSIGN_TARGET_INVALID' }));
  }
});
