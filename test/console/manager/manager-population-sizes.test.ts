/**
 * A population's size is the number of people an assignment of it would cover, per audience: a
 * class of 7 pupils taught by 10 teachers, all 17 listed among its members by the ENT's feed (staff
 * memberships), is 7 for a pupils' assignment and 10 for a teachers' one, never 17; each size is
 * what the assignment then covers.
 */
import assert from 'node:assert/strict';
import { createManagerConsoleSource } from '../../../src/store/index.js';
import { describeEachDialect } from '../../support/each-dialect.js';
import {
  addPerson,
  addSubscription,
  distributorId,
  entId,
  joinGroup,
  subjects,
  uai,
} from '../../support/licensing-fixtures.js';
import { base, managerHarness, subPath, type ManagerHarness } from './manager-harness.js';

/** Class 6A: 7 pupils (the harness's) and 10 teachers (ens-maths, ens-anglais and 8 more), all members of it. */
async function crowdClass(h: ManagerHarness): Promise<void> {
  const { db } = h.store;
  const more = Array.from({ length: 8 }, (_, i) => `ens-6a-${String(i + 1).padStart(2, '0')}`);
  for (const personId of more) {
    await addPerson(db, personId, 'National_ens');
    await db
      .insertInto('teaching')
      .values({
        ent_id: entId,
        degree: '2D',
        uai,
        person_id: personId,
        group_code: '6A',
        via: 'DIVISION',
        subject_code: subjects.maths,
      })
      .execute();
  }
  // One of them teaches a second subject there: still one teacher.
  await db
    .insertInto('teaching')
    .values({
      ent_id: entId,
      degree: '2D',
      uai,
      person_id: 'ens-6a-01',
      group_code: '6A',
      via: 'DIVISION',
      subject_code: subjects.english,
    })
    .execute();
  for (const personId of ['ens-maths', 'ens-anglais', ...more]) await joinGroup(db, personId, '6A');
}

describeEachDialect('manager pages: population sizes', (dialect) => {
  let h: ManagerHarness;
  before(async () => {
    h = await managerHarness(dialect, { pupilsPerClass: 7 });
    await crowdClass(h);
  });
  after(async () => {
    await h.close();
  });

  it('sizes class 6A at 7 pupils and 10 teachers, not at its 17 members', async () => {
    const populations = await createManagerConsoleSource(h.store).listPopulations(uai);
    const sizes = Object.fromEntries(populations.map((p) => [`${p.kind}:${p.code}`, p.sizes]));
    assert.deepEqual(sizes['class:6A'], { ELEVE: 7, ENSEIGNANT: 10 });
    assert.deepEqual(sizes['class:6B'], { ELEVE: 7, ENSEIGNANT: 1 });
    assert.deepEqual(sizes['level:10010012110'], { ELEVE: 14 });
    assert.deepEqual(sizes[`subject:${subjects.maths}`], { ENSEIGNANT: 9 });
    assert.deepEqual(sizes[`subject:${subjects.english}`], { ENSEIGNANT: 2 });
  });

  it('shows on the populations page the size for each audience a class can be assigned for', async () => {
    const page = await h.get(`${base(uai)}/populations`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<h3>6A <small>\(élèves : 7, enseignants : 10\)<\/small><\/h3>/);
    assert.match(page.text, /<h3>MATHS <small>\(9\)<\/small><\/h3>/);
    assert.doesNotMatch(page.text, /\(17\)/);
    const english = await h.get(`${base(uai)}/populations`, 'a', { Cookie: 'gar_lang=en' });
    assert.match(english.text, /<h3>6A <small>\(pupils: 7, teachers: 10\)<\/small><\/h3>/);
  });

  for (const [audience, size] of [
    ['ELEVE', 7],
    ['ENSEIGNANT', 10],
  ] as const) {
    it(`shows 6A (${size}) to assign a resource for ${audience} alone, and the assignment covers ${size}`, async () => {
      const key = await addSubscription(h.store.db, {
        id: `SEUL-${audience}`,
        global: 'ILLIMITE',
        audiences: [audience],
      });
      const path = subPath(uai, distributorId, key.subscriptionId);
      const page = await h.get(path);
      assert.equal(page.status, 200);
      assert.match(page.text, new RegExp(`name="class" value="6A"> 6A \\(${size}\\)</label>`));
      const res = await h.post(`${path}/affectations`, { kind: 'class', class: '6A', audience });
      assert.equal(res.headers['location'], `${path}?fait=affectation&granted=${size}&waiting=0`);
      const [view] = await h.licensing.listAssignments({ subscription: key });
      assert.equal(view?.matched, size);
    });
  }

  it('names both sizes when the resource serves pupils and teachers', async () => {
    const key = await addSubscription(h.store.db, {
      id: 'LES-DEUX',
      global: 'ILLIMITE',
      audiences: ['ELEVE', 'ENSEIGNANT'],
    });
    const page = await h.get(subPath(uai, distributorId, key.subscriptionId));
    assert.match(page.text, /name="class" value="6A"> 6A \(élèves : 7, enseignants : 10\)<\/label>/);
    assert.match(page.text, /<option value="10010012110">6EME \(14\)<\/option>/);
    assert.match(page.text, new RegExp(`<option value="${subjects.maths}">MATHS \\(9\\)</option>`));
  });
});
