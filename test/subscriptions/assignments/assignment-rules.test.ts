import assert from 'node:assert/strict';
import {
  audienceOfPerson,
  checkAssignable,
  checkRevocable,
  targetKey,
  type AssignableSubscription,
  type AssignmentTarget,
} from '../../../src/subscriptions/index.js';

const sub: AssignableSubscription = {
  uai: '0561234A',
  assignmentType: 'INDIV',
  category: 'transferable',
  audiences: ['ELEVE', 'DOCUMENTALISTE'],
};

describe('assignment rules', () => {
  const refusals: readonly [string, AssignableSubscription, string, AssignmentTarget, string][] = [
    [
      'an ETABL subscription',
      { ...sub, assignmentType: 'ETABL' },
      sub.uai,
      { kind: 'profile', audience: 'ELEVE' },
      'ERR_ASSIGN_ETABL',
    ],
    [
      'another establishment',
      sub,
      '0569999Z',
      { kind: 'profile', audience: 'ELEVE' },
      'ERR_ASSIGN_WRONG_ESTABLISHMENT',
    ],
    [
      'teachers of a subscription for pupils',
      sub,
      sub.uai,
      { kind: 'subject', code: '061300' },
      'ERR_ASSIGN_AUDIENCE_EXCLUDED',
    ],
    [
      'teachers of a class',
      sub,
      sub.uai,
      { kind: 'class', code: '6A', audience: 'ENSEIGNANT' },
      'ERR_ASSIGN_AUDIENCE_EXCLUDED',
    ],
  ];
  for (const [name, subscription, uai, target, code] of refusals) {
    it(`refuses ${name} (${code})`, () => assert.throws(() => checkAssignable(subscription, uai, target), { code }));
  }

  it("accepts a served audience, and leaves a person's audience to their profiles", () => {
    checkAssignable(sub, sub.uai, { kind: 'level', code: '1001' });
    checkAssignable(sub, sub.uai, { kind: 'person', entId: 'Z0', personId: 'ens-1' });
  });

  it('gives a person the first served audience of their profiles, in GAR order', () => {
    assert.equal(audienceOfPerson(sub, ['National_doc', 'National_elv']), 'ELEVE');
    assert.equal(audienceOfPerson(sub, ['National_ens', 'National_doc']), 'DOCUMENTALISTE');
    assert.throws(() => audienceOfPerson(sub, ['National_dir']), { code: 'ERR_ASSIGN_AUDIENCE_EXCLUDED' });
    assert.throws(() => audienceOfPerson(sub, ['National_tut']), { code: 'ERR_ASSIGN_AUDIENCE_EXCLUDED' });
  });

  it('revokes only transferable licences', () => {
    checkRevocable(sub);
    assert.throws(() => checkRevocable({ ...sub, category: 'non transferable' }), {
      code: 'ERR_ASSIGN_NOT_TRANSFERABLE',
    });
  });

  it('keys targets without ambiguity', () => {
    const keys = [
      targetKey({ kind: 'class', code: '6A', audience: 'ELEVE' }),
      targetKey({ kind: 'class', code: '6A', audience: 'ENSEIGNANT' }),
      targetKey({ kind: 'group', code: '6A', audience: 'ELEVE' }),
      targetKey({ kind: 'level', code: '6A' }),
      targetKey({ kind: 'person', entId: 'a:b', personId: 'c' }),
      targetKey({ kind: 'person', entId: 'a', personId: 'b:c' }),
    ];
    assert.equal(new Set(keys).size, keys.length);
  });
});
