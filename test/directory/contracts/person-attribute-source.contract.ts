/**
 * The PersonAttributeSource port (src/directory/ports.ts): what the directory knows of one person
 * in one establishment, before any contract filters it; nothing of another establishment, nothing
 * of a departed person, group, class or subject. The subject holds the licensing fixtures' collège
 * (3 pupils per class) made richer by directory-attribute-fixtures.ts.
 */
import assert from 'node:assert/strict';
import type { PersonAttributeSource, ResolvedPerson } from '../../../src/directory/index.js';
import { eachSubject, type ContractSubject } from '../../support/contract-subject.js';
import { entId, otherUai, pupilId, subjects, uai } from '../../support/licensing-fixtures.js';

export interface PersonAttributeSourceSubject extends ContractSubject {
  readonly source: PersonAttributeSource;
  /** Directory changes a feed import would make. */
  readonly seed: {
    departPerson(personId: string): Promise<void>;
    /** Classes or groups of the establishment `uai` leave. */
    departGroups(codes: readonly string[]): Promise<void>;
    departSubject(code: string): Promise<void>;
    setMails(personId: string, mails: readonly string[]): Promise<void>;
  };
}

const latinInClasses = ['LATIN||6A##6e A', 'LATIN||6B##6e B'];
const named = { NOM: ['Nom'], PRE: ['Prénom'] };

const expected: readonly {
  readonly name: string;
  readonly person: string;
  readonly at?: string;
  readonly result: ResolvedPerson;
}[] = [
  {
    name: 'a pupil of a class and a group: DIV, GRO, DIV_APP, E_MS4 from the MEF, never P_MEL',
    person: pupilId('6A', 1),
    result: {
      profile: 'National_elv',
      attributes: {
        ...named,
        CIV: ['M.'],
        DIV: ['6A##6e A'],
        GRO: ['LATIN##Latin'],
        DIV_APP: latinInClasses,
        E_MS4: ['1001'],
      },
    },
  },
  {
    name: 'a pupil of a class only, with a MEFSTAT4 given as such (1D form) beside the MEF',
    person: pupilId('6B', 1),
    result: {
      profile: 'National_elv',
      attributes: {
        ...named,
        DIV: ['6B##6e B'],
        GRO: ['LATIN##Latin'],
        DIV_APP: latinInClasses,
        E_MS4: ['1001', '2115'],
      },
    },
  },
  {
    name: "the same pupil in the other establishment: only that establishment's class, no level",
    person: pupilId('6A', 1),
    at: otherUai,
    result: { profile: 'National_elv', attributes: { ...named, CIV: ['M.'], DIV: ['5C##5e C'] } },
  },
  {
    name: 'a teacher of two classes in two subjects: DIV and P_MAT sorted, deduplicated; P_MS4 from MEFSTAT11s; P_MEL',
    person: 'ens-maths',
    result: {
      profile: 'National_ens',
      attributes: {
        ...named,
        P_MEL: ['maths@college.example'],
        DIV: ['6A##6e A', '6B##6e B'],
        P_MAT: [`${subjects.english}##ENGLISH`, `${subjects.maths}##MATHS`],
        P_MS4: ['1001', '1011'],
      },
    },
  },
  {
    name: 'a teacher of a group: GRO and the classes it draws from',
    person: 'ens-latin',
    result: {
      profile: 'National_ens',
      attributes: {
        ...named,
        GRO: ['LATIN##Latin'],
        DIV_APP: latinInClasses,
        P_MAT: [`${subjects.latin}##LATIN`],
      },
    },
  },
  {
    name: 'a teacher who is also a librarian resolves as a teacher',
    person: 'ens-anglais',
    result: {
      profile: 'National_ens',
      attributes: { ...named, DIV: ['6A##6e A'], P_MAT: [`${subjects.english}##ENGLISH`] },
    },
  },
  {
    name: 'a librarian: P_MEL sorted, deduplicated, without empty values',
    person: 'doc-1',
    result: {
      profile: 'National_doc',
      attributes: {
        ...named,
        CIV: ['Mme'],
        P_MEL: ['cdi@college.example', 'zoe.doc@college.example'],
      },
    },
  },
  {
    name: 'a director who is also National_col resolves as director',
    person: 'dir-1',
    result: { profile: 'National_dir', attributes: named },
  },
];

export function personAttributeSourceContract(subject: () => Promise<PersonAttributeSourceSubject>): void {
  const current = eachSubject(subject);

  for (const c of expected) {
    it(c.name, async () => {
      assert.deepEqual(await current().source.resolvePerson(entId, c.person, c.at ?? uai), c.result);
    });
  }

  const absent: readonly [string, string, string, string][] = [
    ['an unknown person', entId, 'nobody', uai],
    ['a known person of another ENT project', 'Z9', pupilId('6A', 1), uai],
    ['a person without a profile in the establishment', entId, 'ens-maths', otherUai],
  ];
  for (const [name, ent, person, at] of absent) {
    it(`${name} → undefined`, async () => {
      assert.equal(await current().source.resolvePerson(ent, person, at), undefined);
    });
  }

  it('a departed person → undefined, in every establishment', async () => {
    const { source, seed } = current();
    await seed.departPerson(pupilId('6A', 1));
    assert.equal(await source.resolvePerson(entId, pupilId('6A', 1), uai), undefined);
    assert.equal(await source.resolvePerson(entId, pupilId('6A', 1), otherUai), undefined);
  });

  it('a departed group, class or subject is no longer resolved', async () => {
    const { source, seed } = current();
    await seed.departGroups(['LATIN', '6B']);
    await seed.departSubject(subjects.english);
    const latin = await source.resolvePerson(entId, 'ens-latin', uai);
    assert.deepEqual(latin?.attributes, { ...named, P_MAT: [`${subjects.latin}##LATIN`] });
    const maths = await source.resolvePerson(entId, 'ens-maths', uai);
    assert.deepEqual([maths?.attributes.DIV, maths?.attributes.P_MAT], [['6A##6e A'], [`${subjects.maths}##MATHS`]]);
  });

  it('a pupil never gets P_MEL, whatever their mails', async () => {
    const { source, seed } = current();
    for (const n of [1, 2, 3]) {
      await seed.setMails(pupilId('6B', n), [`e${n}@college.example`]);
      const pupil = await source.resolvePerson(entId, pupilId('6B', n), uai);
      assert.equal(pupil?.profile, 'National_elv');
      assert.equal(pupil?.attributes.P_MEL, undefined);
    }
  });

  it('lists the establishments where the person is present with a profile, in UAI order', async () => {
    const { source, seed } = current();
    assert.deepEqual(await source.establishmentsOf(entId, pupilId('6A', 1)), [uai, otherUai].sort());
    assert.deepEqual(await source.establishmentsOf(entId, 'ens-maths'), [uai]);
    assert.deepEqual(await source.establishmentsOf('Z9', pupilId('6A', 1)), []);
    assert.deepEqual(await source.establishmentsOf(entId, 'nobody'), []);
    await seed.departPerson(pupilId('6A', 1));
    assert.deepEqual(await source.establishmentsOf(entId, pupilId('6A', 1)), []);
  });
}
