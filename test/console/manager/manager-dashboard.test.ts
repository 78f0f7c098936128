/**
 * The licence manager's dashboard (gar-reference §7): each subscription with licences used /
 * total / left per count, and one alert of each kind (new, assigned to nobody, ending soon,
 * people waiting); recovering the licences of people who left; the page by population.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { consoleMessages } from '../../../src/console/console-messages.js';
import { describeEachDialect } from '../../support/each-dialect.js';
import { addSubscription, audit, departPerson, distributorId, holders, uai } from '../../support/licensing-fixtures.js';
import { base, managerHarness, subPath, type ManagerHarness } from './manager-harness.js';
import { definedFields } from '../../../src/core/defined-fields.js';

/** The alert kinds the dashboard shows for a subscription (its link names it). */
function alertsOf(html: string, id: string): string[] {
  const href = `${subPath(uai, distributorId, id)}"`;
  return [...html.matchAll(/<li class="[a-z]+" data-alert="([a-z]+)"><a href="([^"]+")/g)]
    .filter((m) => m[2] === href)
    .map((m) => m[1] as string)
    .sort();
}

describeEachDialect('manager pages: dashboard', (dialect) => {
  let h: ManagerHarness;
  beforeEach(async () => {
    h = await managerHarness(dialect, { pupilsPerClass: 3 });
  });
  afterEach(async () => {
    await h.close();
  });

  const created = (id: string, at: string, until?: string) =>
    h.store.db
      .updateTable('subscription')
      .set({ created_at: at, ...definedFields({ valid_until: until }) })
      .where('id', '=', id)
      .execute();

  it('shows each kind of alert for the subscription it concerns, and none for a quiet one', async () => {
    h.clock.set(new Date('2025-09-20T08:00:00Z'));
    for (const id of ['NOUVEAU', 'PERSONNE', 'FIN', 'ATTENTE', 'CALME'])
      await addSubscription(h.store.db, { id, global: id === 'ATTENTE' ? 2 : 50 });
    await created('NOUVEAU', '2025-09-15T10:00:00.000Z');
    await created('PERSONNE', '2025-09-01T00:00:00.000Z');
    await created('FIN', '2025-09-01T00:00:00.000Z', '2025-10-15T00:00:00');
    await created('ATTENTE', '2025-09-01T00:00:00.000Z');
    await created('CALME', '2025-09-01T00:00:00.000Z');
    for (const id of ['NOUVEAU', 'FIN', 'ATTENTE', 'CALME']) {
      await h.licensing.addAssignment(
        { distributorId, subscriptionId: id },
        uai,
        { kind: 'class', code: '6A', audience: 'ELEVE' },
        audit(),
      );
    }
    const page = await h.get(base(uai));
    assert.equal(page.status, 200);
    assert.deepEqual(alertsOf(page.text, 'NOUVEAU'), ['new']);
    assert.deepEqual(alertsOf(page.text, 'PERSONNE'), ['unassigned']);
    assert.deepEqual(alertsOf(page.text, 'FIN'), ['ending']);
    assert.deepEqual(alertsOf(page.text, 'ATTENTE'), ['waiting']);
    assert.deepEqual(alertsOf(page.text, 'CALME'), []);
    assert.match(page.text, /Ressource attribuée à personne/);
    assert.match(page.text, /Fin de validité le 15\/10\/2025/);
    assert.match(
      page.text,
      /1 personne\(s\) en attente de licence : Manuel numérique Mathématiques 6e \(Classe 6A \(élèves\)\)/,
    );
  });

  it('groups the populations waiting for one subscription into one alert, naming the first three', async () => {
    await addSubscription(h.store.db, { id: 'RARE', global: 1 });
    const key = { distributorId, subscriptionId: 'RARE' };
    for (const code of ['6A', '6B'])
      await h.licensing.addAssignment(key, uai, { kind: 'class', code, audience: 'ELEVE' }, audit());
    await h.licensing.addAssignment(key, uai, { kind: 'group', code: 'LATIN', audience: 'ELEVE' }, audit());
    await h.licensing.addAssignment(key, uai, { kind: 'level', code: '10010012110' }, audit());
    const page = await h.get(base(uai));
    assert.deepEqual(
      alertsOf(page.text, 'RARE').filter((k) => k === 'waiting'),
      ['waiting'],
    );
    assert.match(
      page.text,
      new RegExp(
        String.raw`14 personne\(s\) en attente de licence : Manuel numérique Mathématiques 6e `
          + String.raw`\(Classe 6A \(élèves\), Classe 6B \(élèves\), Groupe LATIN \(élèves\), …\)`,
      ),
    );
  });

  it('shows an ETABL subscription without counts, and no alert for it; an ended one is not "ending"', async () => {
    h.clock.set(new Date('2025-09-20T08:00:00Z'));
    await addSubscription(h.store.db, { id: 'ETAB', type: 'ETABL', global: 'ILLIMITE' });
    await addSubscription(h.store.db, { id: 'FINI', global: 5 });
    await created('ETAB', '2025-09-01T00:00:00.000Z');
    await created('FINI', '2025-09-01T00:00:00.000Z', '2025-09-10T00:00:00');
    const page = await h.get(base(uai));
    assert.match(page.text, /Tout l’établissement, sans décompte/);
    assert.deepEqual(alertsOf(page.text, 'ETAB'), []);
    assert.deepEqual(alertsOf(page.text, 'FINI'), []);
  });

  it('counts licences used / total / left per audience, ILLIMITE as unlimited', async () => {
    await addSubscription(h.store.db, {
      id: 'PAR-PUBLIC',
      perAudience: { pupil: 5, teacher: 'ILLIMITE' },
      audiences: ['ELEVE', 'ENSEIGNANT'],
    });
    const key = { distributorId, subscriptionId: 'PAR-PUBLIC' };
    await h.licensing.addAssignment(key, uai, { kind: 'class', code: '6A', audience: 'ELEVE' }, audit());
    await h.licensing.addAssignment(key, uai, { kind: 'subject', code: '061300' }, audit());
    const page = await h.get(base(uai));
    assert.match(page.text, /<li>Élèves : 3 \/ 5 \(2\)<\/li>/);
    assert.match(page.text, /<li>Enseignants : 1 \/ illimité \(illimité\)<\/li>/);
    assert.match(page.text, /Affectations : 2/);
  });

  it('recovers the licences of people who left and gives them to people waiting', async () => {
    await addSubscription(h.store.db, { id: 'RECUP', global: 3 });
    const key = { distributorId, subscriptionId: 'RECUP' };
    await h.licensing.addAssignment(key, uai, { kind: 'class', code: '6A', audience: 'ELEVE' }, audit());
    await h.licensing.addAssignment(key, uai, { kind: 'class', code: '6B', audience: 'ELEVE' }, audit());
    await departPerson(h.store.db, 'elv-6a-01');
    const res = await h.post(`${base(uai)}/recuperer`);
    assert.equal(res.status, 303);
    assert.equal(res.headers['location'], `${base(uai)}?fait=recuperation&granted=1&released=1&waiting=2`);
    assert.match(
      (await h.get(res.headers['location'] as string)).text,
      /Récupération faite : 1 licence\(s\) rendue\(s\), 1 attribuée\(s\), 2 personne\(s\) en attente\./,
    );
    assert.deepEqual(await holders(h.store.db, key), ['elv-6a-02', 'elv-6a-03', 'elv-6b-01']);
    const event = await h.store.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'licence.reconcile')
      .executeTakeFirstOrThrow();
    assert.equal(event.actor, 'console:Z0:dir-1');
  });

  it('lists populations with their resources, and assigns a resource to one from there', async () => {
    await addSubscription(h.store.db, { id: 'POP', global: 10 });
    await addSubscription(h.store.db, { id: 'TOUS', type: 'ETABL', global: 'ILLIMITE' });
    const populations = `${base(uai)}/populations`;
    const before = await h.get(populations);
    assert.equal(before.status, 200);
    for (const p of ['class:6A', 'class:6B', 'group:LATIN', 'level:10010012110', 'subject:061300'])
      assert.ok(before.text.includes(`data-population="${p}"`), p);
    assert.match(before.text, /Manuel numérique Mathématiques 6e — Tout l’établissement/);
    const res = await h.post(`${populations}/affecter`, {
      kind: 'class',
      code: '6B',
      audience: 'ELEVE',
      abonnement: `${encodeURIComponent(distributorId)}/POP`,
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers['location'], `${populations}?fait=affectation&granted=3&waiting=0`);
    const after = await h.get(res.headers['location'] as string);
    const card = /data-population="class:6B">([\s\S]*?)<\/li>\s*<li class="card"/.exec(after.text)?.[1] ?? '';
    assert.match(card, /Manuel numérique Mathématiques 6e — Élèves : 3 \/ 3/);
    const again = await h.post(`${populations}/affecter`, {
      kind: 'class',
      code: '6B',
      audience: 'ELEVE',
      abonnement: `${encodeURIComponent(distributorId)}/POP`,
    });
    assert.equal(again.status, 409);
    assert.match(again.text, /Cette cible est déjà affectée/);
  });

  it('speaks English when asked, with no text left untranslated', async () => {
    await addSubscription(h.store.db, { id: 'EN', global: 1 });
    await h.licensing.addAssignment(
      { distributorId, subscriptionId: 'EN' },
      uai,
      { kind: 'class', code: '6A', audience: 'ELEVE' },
      audit(),
    );
    for (const path of [base(uai), `${base(uai)}/populations`, subPath(uai, distributorId, 'EN')]) {
      const page = await h.get(path, 'a', { Cookie: 'gar_lang=en' });
      assert.match(page.text, /<html lang="en">/);
      assert.doesNotMatch(page.text, /manager\.[a-z]/, path);
    }
    assert.match((await h.get(base(uai), 'a', { Cookie: 'gar_lang=en' })).text, /2 person\(s\) waiting for a licence/);
  });

  it('has every text in French and English, and every key a manager view names', () => {
    assert.deepEqual(Object.keys(consoleMessages.en).sort(), Object.keys(consoleMessages.fr).sort());
    const views = new URL('../../../src/console/views/', import.meta.url);
    for (const file of readdirSync(views).filter((f) => f.startsWith('manager-'))) {
      for (const [, key] of readFileSync(new URL(file, views), 'utf8').matchAll(/it\.t\('([^']+)'/g))
        assert.ok(key! in consoleMessages.fr, `${file}: ${key}`);
    }
  });
});
