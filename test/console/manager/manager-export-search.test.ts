/**
 * The CSV export of an establishment's assignments (spreadsheet formulas defused) and the people
 * search (only people present in that establishment, at most 20, names escaped).
 */
import assert from 'node:assert/strict';
import { describeEachDialect } from '../../support/each-dialect.js';
import {
  addPerson,
  addSubscription,
  audit,
  departPerson,
  distributorId,
  entId,
  otherUai,
  uai,
} from '../../support/licensing-fixtures.js';
import { base, managerHarness, subPath, type ManagerHarness } from './manager-harness.js';

describeEachDialect('manager pages: CSV export and people search', (dialect) => {
  let h: ManagerHarness;
  before(async () => {
    h = await managerHarness(dialect, { pupilsPerClass: 15 });
    const rename = (personId: string, last: string, first: string) =>
      h.store.db
        .updateTable('person')
        .set({ last_name: last, first_name: first })
        .where('person_id', '=', personId)
        .execute();
    await rename('elv-6a-01', 'Lefèvre', 'Élodie');
    await rename('elv-6a-02', '<script>alert(1)</script>', 'Zoé');
    await rename('elv-6b-01', '=HYPERLINK("http://x")', 'Anne');
    await addPerson(h.store.db, 'ailleurs-1', 'National_elv', otherUai);
    await rename('ailleurs-1', 'Lefèvre', 'Léa');
    await addPerson(h.store.db, 'parti-1', 'National_elv');
    await rename('parti-1', 'Lefèvre', 'Paul');
    await departPerson(h.store.db, 'parti-1');
  });
  after(async () => {
    await h.close();
  });

  const search = (q: string, headers: Record<string, string> = { 'HX-Request': 'true' }) =>
    h.get(`${base(uai)}/personnes?q=${encodeURIComponent(q)}`, 'a', headers);
  const values = (html: string) => [...html.matchAll(/name="person" value="([^"]+)"/g)].map((m) => m[1]);

  it('finds people of the establishment only, present ones, whatever the accents and case', async () => {
    const res = await search('lefevre');
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.text, /<html/, 'an htmx fragment');
    assert.deepEqual(values(res.text), [`${entId}:elv-6a-01`]);
    assert.match(res.text, /LEFÈVRE Élodie — élève, 6A/);
    assert.deepEqual(values((await search('ELODIE lef')).text), [`${entId}:elv-6a-01`]);
  });

  it('gives at most 20 people, and asks for 2 letters', async () => {
    assert.equal(values((await search('prénom')).text).length, 20);
    const short = await search('p');
    assert.match(short.text, /Saisissez au moins 2 lettres/);
    assert.deepEqual(values(short.text), []);
    assert.match((await search('personne-inexistante')).text, /Aucune personne de l’établissement ne correspond/);
  });

  it('escapes names', async () => {
    const res = await search('zoé');
    assert.ok(!res.text.includes('<script>'));
    assert.ok(res.text.includes('&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt;'));
  });

  it('works without scripts: the subscription page searches with ?q=, the search alone is a whole page', async () => {
    await addSubscription(h.store.db, { id: 'RECH', global: 5 });
    const page = await h.get(`${subPath(uai, distributorId, 'RECH')}?q=lefevre`);
    assert.equal(page.status, 200);
    assert.deepEqual(values(page.text), [`${entId}:elv-6a-01`]);
    assert.match((await search('lefevre', {})).text, /<html/);
  });

  it('exports the assignments as a spreadsheet CSV with formulas defused', async () => {
    await addSubscription(h.store.db, { id: '=1+1', global: 2 });
    await h.store.db.updateTable('resource').set({ name: '@SUM(A1);x' }).execute();
    const key = { distributorId, subscriptionId: '=1+1' };
    await h.licensing.addAssignment(
      key,
      uai,
      { kind: 'class', code: '6A', audience: 'ELEVE' },
      audit('console:Z0:dir-1'),
    );
    await h.licensing.addAssignment(key, uai, { kind: 'person', entId, personId: 'elv-6b-01' }, audit('cli:admin'));
    const res = await h.get(`${base(uai)}/affectations.csv`);
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] ?? '', /^text\/csv; charset=utf-8/);
    assert.equal(res.headers['content-disposition'], `attachment; filename="affectations-${uai}.csv"`);
    const text = res.text;
    assert.ok(text.startsWith('\uFEFF'), 'BOM');
    const lines = text.slice(1).split('\r\n');
    assert.equal(lines[0], 'Ressource;Abonnement;Cible;Public;Couverts;Attribuées;En attente;Par;Le');
    assert.equal(lines[1], `"'@SUM(A1);x";'=1+1;Classe 6A (élèves);Élèves;15;2;13;NOM Prénom;2025-09-02T08:00:00.000Z`);
    assert.equal(
      lines[2],
      `"'@SUM(A1);x";'=1+1;"'=HYPERLINK(""HTTP://X"") Anne";Élèves;1;0;1;cli:admin;2025-09-02T08:00:00.000Z`,
    );
    assert.equal(lines[3], '');
    assert.equal(lines.length, 4);
  });

  it('exports nothing of another establishment', async () => {
    await addSubscription(h.store.db, { id: 'AUTRE', global: 2, uai: otherUai });
    await h.licensing.addAssignment(
      { distributorId, subscriptionId: 'AUTRE' },
      otherUai,
      { kind: 'profile', audience: 'ELEVE' },
      audit(),
    );
    assert.ok(!(await h.get(`${base(uai)}/affectations.csv`)).text.includes('AUTRE'));
  });
});
