import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  planGrants,
  remainingLicences,
  type GrantCandidate,
  type StoredCounts,
} from '../../../src/subscriptions/index.js';

const none = { global: 0, pupil: 0, teacher: 0, librarian: 0, other: 0 };
const perAudience = (pupil: number | null, teacher: number | null): StoredCounts => ({
  global: null,
  pupil,
  teacher,
  librarian: null,
  other: null,
});
const c = (
  assignmentId: number,
  personId: string,
  audience: GrantCandidate['audience'] = 'ELEVE',
  entId = 'Z0',
): GrantCandidate => ({ assignmentId, entId, personId, audience });

describe('planGrants', () => {
  it('grants by assignment, then ENT and person id, each person once, within each count', () => {
    const grants = planGrants(
      [c(2, 'a'), c(1, 'c'), c(1, 'b'), c(1, 'a', 'ELEVE', 'Z9'), c(2, 'b'), c(1, 't', 'ENSEIGNANT')],
      perAudience(3, 0),
      none,
    );
    assert.deepEqual(
      grants.map((g) => `${g.assignmentId}:${g.entId}/${g.personId}:${g.bucket}`),
      ['1:Z0/b:pupil', '1:Z0/c:pupil', '1:Z9/a:pupil'],
    );
  });

  it('draws every audience from the global count when there is one', () => {
    const counts: StoredCounts = { global: 2, pupil: null, teacher: null, librarian: null, other: null };
    assert.deepEqual(
      planGrants([c(1, 'e'), c(2, 't', 'ENSEIGNANT'), c(3, 'd', 'DOCUMENTALISTE')], counts, none).map((g) => g.bucket),
      ['global', 'global'],
    );
  });

  it('never runs out of ILLIMITE, and gives nothing from a count not given or used up', () => {
    assert.equal(planGrants([c(1, 'a'), c(1, 'b')], perAudience(-1, null), none).length, 2);
    assert.equal(planGrants([c(1, 't', 'ENSEIGNANT')], perAudience(-1, null), none).length, 0);
    assert.equal(planGrants([c(1, 'a')], perAudience(3, 0), { ...none, pupil: 3 }).length, 0);
  });

  it('counts what remains', () => {
    assert.deepEqual(remainingLicences(perAudience(5, -1), { ...none, pupil: 2, teacher: 40 }), {
      global: 0,
      pupil: 3,
      teacher: Infinity,
      librarian: 0,
      other: 0,
    });
  });

  it('never exceeds a count nor grants a person twice, whatever the candidates (property)', () => {
    const audience = fc.constantFrom('ELEVE' as const, 'ENSEIGNANT' as const);
    const candidate = fc.record({
      assignmentId: fc.nat(5),
      entId: fc.constantFrom('Z0', 'Z1'),
      personId: fc.string({ maxLength: 3 }),
      audience,
    });
    fc.assert(
      fc.property(fc.array(candidate), fc.nat(6), fc.nat(6), fc.nat(3), (cands, pupil, teacher, used) => {
        const grants = planGrants(cands, perAudience(pupil, teacher), { ...none, pupil: Math.min(used, pupil) });
        assert.ok(grants.filter((g) => g.bucket === 'pupil').length <= pupil - Math.min(used, pupil));
        assert.ok(grants.filter((g) => g.bucket === 'teacher').length <= teacher);
        assert.equal(new Set(grants.map((g) => `${g.entId}/${g.personId}`)).size, grants.length);
        assert.deepEqual(
          planGrants([...cands].reverse(), perAudience(pupil, teacher), { ...none, pupil: Math.min(used, pupil) }),
          grants,
        );
      }),
    );
  });
});
