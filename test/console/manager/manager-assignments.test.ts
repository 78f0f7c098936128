/**
 * Assigning, removing and taking back licences from the licence manager's pages (gar-reference
 * §5, §7), through the real console router: the counters shown are the store's, counts are never
 * exceeded (also with two managers at once), refusals say why in French with their status and
 * change nothing, and every form needs its CSRF token.
 */
import assert from 'node:assert/strict';
import type { SubscriptionKey } from '../../../src/subscriptions/index.js';
import { describeEachDialect } from '../../support/each-dialect.js';
import {
  addSubscription,
  distributorId,
  entId,
  holders,
  type SubscriptionSpec,
  uai,
} from '../../support/licensing-fixtures.js';
import { licensingSnapshot, managerHarness, pageCode, subPath, type ManagerHarness } from './manager-harness.js';

const cells = (html: string, id: number) => {
  const row = new RegExp(`<tr data-assignment="${id}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
  const cell = (name: string) => Number(new RegExp(`<td data-${name}>(\\d+)</td>`).exec(row)?.[1]);
  return { matched: cell('matched'), granted: cell('granted'), waiting: cell('waiting') };
};

describeEachDialect('manager pages: assignments', (dialect) => {
  let h: ManagerHarness;
  before(async () => {
    h = await managerHarness(dialect, { pupilsPerClass: 3 });
  });
  after(async () => {
    await h.close();
  });

  let n = 0;
  /** A new subscription of the collège for each test: tests share the store. */
  async function subscription(
    spec: Omit<SubscriptionSpec, 'id'> = {},
  ): Promise<{ key: SubscriptionKey; path: string }> {
    n += 1;
    const key = await addSubscription(h.store.db, { id: `ABO-${n}`, ...spec });
    return { key, path: subPath(uai, distributorId, key.subscriptionId) };
  }

  async function refused(
    path: string,
    form: Record<string, string | string[]>,
    status: number,
    text: RegExp,
  ): Promise<string> {
    const before = await licensingSnapshot(h.store);
    const res = await h.post(path, form);
    assert.equal(res.status, status, res.text.slice(0, 200));
    assert.match(res.text, text);
    assert.match(res.text, /role="alert"/);
    assert.equal(await licensingSnapshot(h.store), before, 'nothing changed');
    return res.text;
  }

  it('assigns a class: 2 licences for 3 pupils grant 2 and show 1 waiting, as the store counts', async () => {
    const { key, path } = await subscription({ global: 2 });
    const res = await h.post(`${path}/affectations`, { kind: 'class', class: '6A', audience: 'ELEVE' });
    assert.equal(res.status, 303);
    assert.equal(res.headers['location'], `${path}?fait=affectation&granted=2&waiting=1`);
    const page = await h.get(res.headers['location'] as string);
    assert.equal(page.status, 200);
    assert.match(page.text, /Affectation enregistrée : 2 licence\(s\) attribuée\(s\), 1 personne\(s\) en attente\./);
    assert.match(page.text, /Plus assez de licences : 1 personne\(s\) attendent/);
    assert.match(page.text, /Tous publics : 2 \/ 2 \(0\)/);
    const [view] = await h.licensing.listAssignments({ subscription: key });
    assert.deepEqual(cells(page.text, view!.id), { matched: 3, granted: 2, waiting: 1 });
    assert.deepEqual(
      { matched: view!.matched, granted: view!.granted, waiting: view!.waiting },
      { matched: 3, granted: 2, waiting: 1 },
    );
    assert.deepEqual(await holders(h.store.db, key), ['elv-6a-01', 'elv-6a-02']);
    assert.match(page.text, /Classe 6A \(élèves\)/);
    assert.match(page.text, /NOM Prénom/, 'who made it: the manager, by name');
  });

  it('records the change in the audit trail under the manager', async () => {
    const { path } = await subscription({ global: 5 });
    assert.equal((await h.post(`${path}/affectations`, { kind: 'profile', profile: 'DOCUMENTALISTE' })).status, 303);
    const event = await h.store.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'assignment.add')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(event.actor, `console:${entId}:dir-1`);
    assert.ok(event.correlation_id);
  });

  it('assigns several classes at once, a level, a subject and named people', async () => {
    const { key, path } = await subscription({ global: 'ILLIMITE' });
    assert.equal(
      (await h.post(`${path}/affectations`, { kind: 'class', class: ['6A', '6B'], audience: 'ELEVE' })).headers[
        'location'
      ],
      `${path}?fait=affectation&granted=6&waiting=0`,
    );
    assert.equal((await h.post(`${path}/affectations`, { kind: 'level', level: '10010012110' })).status, 303);
    assert.equal((await h.post(`${path}/affectations`, { kind: 'subject', subject: '061300' })).status, 303);
    assert.equal(
      (await h.post(`${path}/affectations`, { kind: 'person', person: [`${entId}:doc-1`, `${entId}:dir-1`] })).status,
      303,
    );
    const kinds = (await h.licensing.listAssignments({ subscription: key })).map((v) => v.target.kind);
    assert.deepEqual(kinds, ['class', 'class', 'level', 'subject', 'person', 'person']);
    assert.deepEqual((await holders(h.store.db, key)).length, 9);
  });

  it('never exceeds the counts when two managers assign at the same time', async () => {
    const { key, path } = await subscription({ global: 4 });
    const [first, second] = await Promise.all([
      h.post(`${path}/affectations`, { kind: 'class', class: '6A', audience: 'ELEVE' }, 'a'),
      h.post(`${path}/affectations`, { kind: 'class', class: '6B', audience: 'ELEVE' }, 'ab'),
    ]);
    assert.deepEqual([first.status, second.status], [303, 303]);
    const views = await h.licensing.listAssignments({ subscription: key });
    assert.equal((await holders(h.store.db, key)).length, 4);
    assert.equal(
      views.reduce((s, v) => s + v.waiting, 0),
      2,
    );
    const used = await h.store.db
      .selectFrom('subscription')
      .select('used_global')
      .where('id', '=', key.subscriptionId)
      .executeTakeFirstOrThrow();
    assert.equal(used.used_global, 4);
  });

  it("refuses in the page, in French, with the store's status, and keeps everything as it was", async () => {
    const { path } = await subscription({ global: 5, audiences: ['ELEVE'] });
    await h.post(`${path}/affectations`, { kind: 'class', class: '6A', audience: 'ELEVE' });
    await refused(
      `${path}/affectations`,
      { kind: 'class', class: '6A', audience: 'ELEVE' },
      409,
      /Cette cible est déjà affectée à cet abonnement\. Rien n’a été modifié\./,
    );
    await refused(
      `${path}/affectations`,
      { kind: 'profile', profile: 'ENSEIGNANT' },
      409,
      /Ce public n’est pas couvert par cet abonnement/,
    );
    await refused(
      `${path}/affectations`,
      { kind: 'class', class: 'INCONNUE', audience: 'ELEVE' },
      404,
      /Cette cible n’existe pas/,
    );
    await refused(`${path}/affectations`, { kind: 'class', audience: 'ELEVE' }, 400, /Choisissez au moins une cible/);
    await refused(`${path}/affectations`, { kind: 'nimporte', x: 'y' }, 400, /Formulaire incomplet ou invalide/);
    await refused(
      `${path}/affectations`,
      { kind: 'person', person: 'sans-deux-points' },
      400,
      /Cible d’affectation invalide/,
    );
    const etabl = await subscription({ type: 'ETABL', global: 'ILLIMITE' });
    await refused(
      `${etabl.path}/affectations`,
      { kind: 'profile', profile: 'ELEVE' },
      409,
      /couvre tout l’établissement/,
    );
  });

  it('reports each class of a form when some are refused, keeping those that were not', async () => {
    const { key, path } = await subscription({ global: 10 });
    await h.post(`${path}/affectations`, { kind: 'class', class: '6A', audience: 'ELEVE' });
    const res = await h.post(`${path}/affectations`, { kind: 'class', class: ['6A', '6B'], audience: 'ELEVE' });
    assert.equal(res.status, 409);
    assert.match(res.text, /Certaines affectations ont été enregistrées, d’autres refusées/);
    assert.match(res.text, /Classe 6B \(élèves\) : affectée \(3 licence\(s\), 0 en attente\)/);
    assert.match(res.text, /Classe 6A \(élèves\) : refusée — Cette cible est déjà affectée/);
    assert.equal((await h.licensing.listAssignments({ subscription: key })).length, 2);
  });

  it('removes an assignment after a confirmation step; its licences go to people waiting', async () => {
    const { key, path } = await subscription({ global: 3 });
    await h.post(`${path}/affectations`, { kind: 'class', class: '6A', audience: 'ELEVE' });
    await h.post(`${path}/affectations`, { kind: 'class', class: '6B', audience: 'ELEVE' });
    const [first] = await h.licensing.listAssignments({ subscription: key });
    const before = await licensingSnapshot(h.store);
    const confirm = await h.get(`${path}/affectations/${first!.id}/retirer`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /Retirer l’affectation « Classe 6A \(élèves\) »/);
    assert.ok(confirm.text.includes(`action="${path}/affectations/${first!.id}/retirer"`));
    assert.equal(await licensingSnapshot(h.store), before, 'asking changes nothing');
    const res = await h.post(`${path}/affectations/${first!.id}/retirer`);
    assert.equal(res.status, 303);
    assert.equal(res.headers['location'], `${path}?fait=retrait`);
    assert.deepEqual(await holders(h.store.db, key), ['elv-6b-01', 'elv-6b-02', 'elv-6b-03']);
    // A second manager removing it again meanwhile: a clear message, nothing changed.
    await refused(
      `${path}/affectations/${first!.id}/retirer`,
      {},
      404,
      /Cette affectation n’existe plus : un autre responsable l’a peut-être retirée/,
    );
  });

  it('refuses to take back the licences of a non-transferable subscription', async () => {
    const { key, path } = await subscription({ global: 3, category: 'non transferable' });
    await h.post(`${path}/affectations`, { kind: 'person', person: `${entId}:elv-6a-01` });
    const [view] = await h.licensing.listAssignments({ subscription: key });
    const confirm = await h.get(`${path}/affectations/${view!.id}/retirer`);
    assert.equal(confirm.status, 409);
    assert.match(confirm.text, /non transférable/);
    await refused(
      `${path}/affectations/${view!.id}/retirer`,
      {},
      409,
      /non transférable : ses licences ne peuvent pas être reprises/,
    );
    await refused(`${path}/licences/reprendre`, { personne: `${entId}:elv-6a-01` }, 409, /non transférable/);
    assert.doesNotMatch((await h.get(path)).text, /Reprendre la licence/);
  });

  it('takes a licence back from one person and gives it to another', async () => {
    const { key, path } = await subscription({ global: 1 });
    await h.post(`${path}/affectations`, { kind: 'person', person: `${entId}:elv-6a-01` });
    assert.deepEqual(await holders(h.store.db, key), ['elv-6a-01']);
    const page = await h.get(path);
    const link = `${path}/licences/reprendre?personne=${encodeURIComponent(`${entId}:elv-6a-01`)}`;
    assert.ok(page.text.includes(`href="${link}"`));
    const confirm = await h.get(link);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /Reprendre la licence de NOM Prénom/);
    const taken = await h.post(`${path}/licences/reprendre`, { personne: `${entId}:elv-6a-01` });
    assert.equal(taken.status, 303);
    assert.equal(taken.headers['location'], `${path}?fait=reprise#personnes`);
    assert.deepEqual(await holders(h.store.db, key), []);
    assert.equal(
      (await h.post(`${path}/affectations`, { kind: 'person', person: `${entId}:elv-6b-02` })).headers['location'],
      `${path}?fait=affectation&granted=1&waiting=0`,
    );
    assert.deepEqual(await holders(h.store.db, key), ['elv-6b-02']);
    // Nobody left to give to: the next person waits, the count holds.
    assert.equal(
      (await h.post(`${path}/affectations`, { kind: 'person', person: `${entId}:elv-6b-03` })).headers['location'],
      `${path}?fait=affectation&granted=0&waiting=1`,
    );
    assert.deepEqual(await holders(h.store.db, key), ['elv-6b-02']);
  });

  it('does not take back a licence a population gives, nor one the person does not hold', async () => {
    const { path } = await subscription({ global: 5 });
    await h.post(`${path}/affectations`, { kind: 'class', class: '6A', audience: 'ELEVE' });
    await h.post(`${path}/affectations`, { kind: 'person', person: `${entId}:elv-6a-01` });
    assert.match((await h.get(path)).text, /par une population/);
    await refused(
      `${path}/licences/reprendre`,
      { personne: `${entId}:elv-6a-01` },
      400,
      /vient d’une affectation de population/,
    );
    await refused(`${path}/licences/reprendre`, { personne: `${entId}:elv-6b-01` }, 400, /ne détient pas de licence/);
  });

  it("refuses a form without this browser's CSRF token, and changes nothing", async () => {
    const { path } = await subscription({ global: 5 });
    for (const csrf of [null, 'forged-token']) {
      const before = await licensingSnapshot(h.store);
      const res = await h.post(`${path}/affectations`, { kind: 'class', class: '6A', audience: 'ELEVE' }, 'a', csrf);
      assert.equal(res.status, 403);
      assert.equal(pageCode(res.text), 'ERR_CONSOLE_CSRF');
      assert.equal(await licensingSnapshot(h.store), before);
    }
  });
});
