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

  it('gives back each médiacentre field as saved, absent ones staying absent', async () => {
    const { typePedagogique: _p, typologieDocument: _t, validateurTech: _v, affichable: _a, diffusable: _d, ...bare } = maths;
    const variants: readonly ResourceDescription[] = [
      bare,
      { ...bare, typePedagogique: histoire.typePedagogique ?? [] },
      { ...bare, typologieDocument: presse.typologieDocument ?? [] },
      { ...bare, typePedagogique: [], typologieDocument: [] },
      { ...bare, validateurTech: '813450662_0000000000000007' },
      { ...bare, affichable: false },
      { ...bare, diffusable: false },
      { ...bare, affichable: true, diffusable: true },
    ].map((variant, i) => ({ ...variant, idRessource: `${bare.idRessource}-v${i}` }));
    await resources.saveResources(variants, audit('2025-09-01T08:00:00Z'));
    for (const variant of variants) assert.deepEqual(await resources.findResource(variant.idRessource), variant);
    assert.deepEqual(await resources.listResources(), variants);
    assert.deepEqual(await resources.saveResources(variants, audit('2025-09-02T08:00:00Z')), { added: 0, changed: 0, unchanged: variants.length });
  });

  it('a change of a médiacentre field is a change, audited with both states', async () => {
    await resources.saveResources([maths], audit('2025-09-01T08:00:00Z'));
    const { validateurTech: _dropped, ...withoutValidator } = maths;
    const steps: readonly ResourceDescription[] = [
      { ...maths, affichable: false },
      { ...maths, diffusable: false },
      { ...maths, validateurTech: '813450662_0000000000000008' },
      { ...maths, typePedagogique: [...(maths.typePedagogique ?? []), { uri: 'http://data.education.fr/voc/scolomfr/concept/lecture', nom: 'cours / présentation' }] },
      { ...maths, typologieDocument: [] },
      withoutValidator,
    ];
    let before = maths;
    for (const [i, after] of steps.entries()) {
      assert.deepEqual(await resources.saveResources([after], audit(`2025-09-0${i + 2}T08:00:00Z`)), { added: 0, changed: 1, unchanged: 0 }, `step ${i}`);
      assert.deepEqual(await resources.findResource(maths.idRessource), after);
      const last = (await auditRows()).at(-1);
      assert.equal(last?.action, 'resource.change');
      assert.deepEqual([JSON.parse(last?.before_state ?? 'null'), JSON.parse(last?.after_state ?? 'null')], [before, after]);
      before = after;
    }
  });

  it('reads a row written before the médiacentre fields existed', async () => {
    await resources.saveResources([maths], audit('2025-09-01T08:00:00Z'));
    // The details of earlier versions: these four keys, nothing else.
    const oldDetails = { nomEditeur: maths.editeur.nom, nomTypePresentation: maths.typePresentation.nom, niveauEducatif: maths.niveauEducatif, domaineEnseignement: maths.domaineEnseignement };
    await store.db.updateTable('resource').set({ details: JSON.stringify(oldDetails) }).where('id', '=', maths.idRessource).execute();
    const { typePedagogique: _p, typologieDocument: _t, validateurTech: _v, affichable: _a, diffusable: _d, ...bare } = maths;
    assert.deepEqual(await resources.findResource(maths.idRessource), bare);
    assert.deepEqual(await resources.saveResources([bare], audit('2025-09-02T08:00:00Z')), { added: 0, changed: 0, unchanged: 1 });
    assert.deepEqual(await resources.saveResources([maths], audit('2025-09-03T08:00:00Z')), { added: 0, changed: 1, unchanged: 0 });
    assert.deepEqual(await resources.findResource(maths.idRessource), maths);
  });

  it('saves a large batch in one call (ids read in chunks)', async () => {
    const many = Array.from({ length: 1203 }, (_, i) => ({ ...presse, idRessource: `ark:/13030/p${String(i).padStart(5, '0')}` }));
    assert.deepEqual(await resources.saveResources(many, audit('2025-09-01T08:00:00Z')), { added: 1203, changed: 0, unchanged: 0 });
    assert.deepEqual(await resources.saveResources(many, audit('2025-09-02T08:00:00Z')), { added: 0, changed: 0, unchanged: 1203 });
    assert.equal((await resources.listResources()).length, 1203);
  });
});
