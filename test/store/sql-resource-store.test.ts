import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createResourceStore, type Store } from '../../src/store/index.js';
import { parseResourceDocument, type AuditContext, type ResourceDescription, type ResourceStore } from '../../src/subscriptions/index.js';
import { describeEachDialect, freshStore } from '../support/each-dialect.js';

const catalogue = parseResourceDocument(readFileSync(join(import.meta.dirname, '../fixtures/resources/valid.catalogue.json'), 'utf8'), 'many');
const [maths, histoire, dictionnaire, presse] = catalogue as [ResourceDescription, ResourceDescription, ResourceDescription, ResourceDescription];
const byId = (a: ResourceDescription, b: ResourceDescription): number => (a.idRessource < b.idRessource ? -1 : 1);
const audit = (at: string, correlationId = 'c0ffee'): AuditContext => ({ actor: 'cli:operator', at: new Date(at), correlationId });

describeEachDialect('sql resource store', (dialect) => {
  let store: Store;
  let resources: ResourceStore;
  beforeEach(async () => {
    store = await freshStore(dialect);
    resources = createResourceStore(store);
  });
  afterEach(async () => { await store.close(); });

  const auditRows = () => store.db.selectFrom('audit_event').selectAll().orderBy('id').execute();
  const counts = async () => Promise.all((['resource', 'publisher', 'distributor', 'audit_event'] as const)
    .map(async (table) => Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)));

  it('gives back exactly what was saved (find and list, ordered by id)', async () => {
    assert.deepEqual(await resources.saveResources(catalogue, audit('2025-09-01T08:00:00Z')), { added: 4, changed: 0, unchanged: 0 });
    for (const resource of catalogue) assert.deepEqual(await resources.findResource(resource.idRessource), resource);
    assert.deepEqual(await resources.listResources(), [...catalogue].sort(byId));
    assert.equal(await resources.findResource('ark:/86527/unknown'), undefined);
    const row = await store.db.selectFrom('resource').select(['service_provider_id', 'presentation_code']).where('id', '=', presse.idRessource).executeTakeFirstOrThrow();
    assert.deepEqual(row, { service_provider_id: 'kiosque-scolaire-actu-junior', presentation_code: 'DOC' });
  });

  it('counts added, changed and unchanged resources, and audits only the first two', async () => {
    await resources.saveResources([maths, histoire, dictionnaire], audit('2025-09-01T08:00:00Z'));
    assert.deepEqual(await resources.saveResources([maths, histoire, dictionnaire], audit('2025-09-02T08:00:00Z')), { added: 0, changed: 0, unchanged: 3 });
    assert.equal((await auditRows()).length, 3);
    const renamed = { ...histoire, nomRessource: 'Histoire-Géographie 5e (2025)' };
    const { urlVignette: _dropped, ...withoutThumbnail } = maths;
    const summary = await resources.saveResources([withoutThumbnail, renamed, dictionnaire, presse], audit('2025-09-03T08:00:00Z', 'beef'));
    assert.deepEqual(summary, { added: 1, changed: 2, unchanged: 1 });
    assert.deepEqual(await resources.findResource(maths.idRessource), withoutThumbnail);
    assert.deepEqual(await resources.findResource(histoire.idRessource), renamed);
    const last = (await auditRows()).slice(3).map((r) => ({
      at: r.at, actor: r.actor, action: r.action, target: r.target, correlation: r.correlation_id,
      before: r.before_state === null ? null : JSON.parse(r.before_state) as unknown, after: JSON.parse(r.after_state ?? 'null') as unknown,
    }));
    const common = { at: '2025-09-03T08:00:00.000Z', actor: 'cli:operator', correlation: 'beef' };
    assert.deepEqual(last, [
      { ...common, action: 'resource.change', target: `resource:${maths.idRessource}`, before: maths, after: withoutThumbnail },
      { ...common, action: 'resource.change', target: `resource:${histoire.idRessource}`, before: histoire, after: renamed },
      { ...common, action: 'resource.add', target: `resource:${presse.idRessource}`, before: null, after: presse },
    ]);
  });

  it('keeps the creation dates and updates the names of publishers and distributors', async () => {
    await resources.saveResources([maths, histoire], audit('2025-09-01T08:00:00Z'));
    const tech = { ...maths.distributeurTech, nom: 'Lumière Numérique SAS' };
    const publisher = { ...maths.editeur, nom: 'Éditions Lumière (groupe)' };
    assert.deepEqual(await resources.saveResources([{ ...maths, distributeurTech: tech, editeur: publisher }], audit('2025-10-01T08:00:00Z')),
      { added: 0, changed: 1, unchanged: 0 });
    const row = await store.db.selectFrom('distributor').selectAll().where('id', '=', tech.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { id: tech.id, name: tech.nom, created_at: '2025-09-01T08:00:00.000Z' });
    const publisherRow = await store.db.selectFrom('publisher').selectAll().where('id', '=', publisher.id).executeTakeFirstOrThrow();
    assert.deepEqual(publisherRow, { id: publisher.id, name: publisher.nom, created_at: '2025-09-01T08:00:00.000Z' });
    // A distributor is one party: the resource not in the batch shows its new name too.
    assert.deepEqual((await resources.findResource(histoire.idRessource))?.distributeurTech, tech);
    const created = await store.db.selectFrom('resource').select(['created_at', 'updated_at']).where('id', '=', maths.idRessource).executeTakeFirstOrThrow();
    assert.deepEqual(created, { created_at: '2025-09-01T08:00:00.000Z', updated_at: '2025-10-01T08:00:00.000Z' });
  });

  it('a batch that fails part-way changes nothing: no resource, party or audit event', async () => {
    const broken = { ...histoire, nomRessource: null } as unknown as ResourceDescription; // NOT NULL refuses it
    await assert.rejects(resources.saveResources([maths, broken], audit('2025-09-01T08:00:00Z')));
    assert.deepEqual(await counts(), [0, 0, 0, 0]);

    await resources.saveResources([dictionnaire], audit('2025-09-01T08:00:00Z'));
    const renamed = { ...dictionnaire, distributeurCom: { ...dictionnaire.distributeurCom, nom: 'Kiosque' }, nomRessource: 'Dictionnaire' };
    await assert.rejects(resources.saveResources([renamed, presse, broken], audit('2025-09-02T08:00:00Z')));
    assert.deepEqual(await resources.listResources(), [dictionnaire]);
    assert.deepEqual(await counts(), [1, 1, 2, 1]);
  });

  it('saves a large batch in one call (ids read in chunks)', async () => {
    const many = Array.from({ length: 1203 }, (_, i) => ({ ...presse, idRessource: `ark:/13030/p${String(i).padStart(5, '0')}` }));
    assert.deepEqual(await resources.saveResources(many, audit('2025-09-01T08:00:00Z')), { added: 1203, changed: 0, unchanged: 0 });
    assert.deepEqual(await resources.saveResources(many, audit('2025-09-02T08:00:00Z')), { added: 0, changed: 0, unchanged: 1203 });
    assert.equal((await resources.listResources()).length, 1203);
  });
});
