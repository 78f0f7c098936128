/**
 * The ResourceStore port (src/subscriptions/ports.ts): resources come back exactly as saved, a
 * save counts what it added, changed and left unchanged, audits the first two, and a batch that
 * fails part-way changes nothing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseResourceDocument,
  type AuditContext,
  type ResourceDescription,
  type ResourceStore,
} from '../../../src/subscriptions/index.js';
import { auditedState, eachSubject, type AuditTrail, type ContractSubject } from '../../support/contract-subject.js';

export interface ResourceStoreSubject extends ContractSubject {
  readonly resources: ResourceStore;
  readonly auditTrail: AuditTrail;
}

const fixture = join(import.meta.dirname, '../../fixtures/resources/valid.catalogue.json');
const catalogue = parseResourceDocument(readFileSync(fixture, 'utf8'), 'many');
const [maths, histoire, dictionnaire, presse] = catalogue as [
  ResourceDescription,
  ResourceDescription,
  ResourceDescription,
  ResourceDescription,
];
const byId = (a: ResourceDescription, b: ResourceDescription): number => (a.idRessource < b.idRessource ? -1 : 1);
const audit = (at: string, correlationId = 'c0ffee'): AuditContext => ({
  actor: 'cli:operator',
  at: new Date(at),
  correlationId,
});
/** A description the store cannot keep (its name is required): the batch holding it fails. */
const broken = { ...histoire, nomRessource: null } as unknown as ResourceDescription;

export function resourceStoreContract(subject: () => Promise<ResourceStoreSubject>): void {
  const current = eachSubject(subject);

  it('gives back exactly what was saved (find and list, ordered by id)', async () => {
    const { resources } = current();
    assert.deepEqual(await resources.saveResources(catalogue, audit('2025-09-01T08:00:00Z')), {
      added: 4,
      changed: 0,
      unchanged: 0,
    });
    for (const resource of catalogue) assert.deepEqual(await resources.findResource(resource.idRessource), resource);
    assert.deepEqual(await resources.listResources(), [...catalogue].sort(byId));
    assert.equal(await resources.findResource('ark:/86527/unknown'), undefined);
  });

  it('finds the resources a service provider opens, by id', async () => {
    const { resources } = current();
    await resources.saveResources(catalogue, audit('2025-09-01T08:00:00Z'));
    assert.deepEqual(
      await resources.resourcesOfServiceProvider(maths.fournisseurService),
      [maths, histoire].sort(byId),
    );
    assert.deepEqual(await resources.resourcesOfServiceProvider(presse.fournisseurService), [presse]);
    assert.deepEqual(await resources.resourcesOfServiceProvider('https://unknown.example/sp'), []);
  });

  it('counts added, changed and unchanged resources, and audits only the first two', async () => {
    const { resources, auditTrail } = current();
    await resources.saveResources([maths, histoire, dictionnaire], audit('2025-09-01T08:00:00Z'));
    assert.deepEqual(await resources.saveResources([maths, histoire, dictionnaire], audit('2025-09-02T08:00:00Z')), {
      added: 0,
      changed: 0,
      unchanged: 3,
    });
    assert.equal((await auditTrail()).length, 3);
    const renamed = { ...histoire, nomRessource: 'Histoire-Géographie 5e (2025)' };
    const { urlVignette: _dropped, ...withoutThumbnail } = maths;
    const summary = await resources.saveResources(
      [withoutThumbnail, renamed, dictionnaire, presse],
      audit('2025-09-03T08:00:00Z', 'beef'),
    );
    assert.deepEqual(summary, { added: 1, changed: 2, unchanged: 1 });
    assert.deepEqual(await resources.findResource(maths.idRessource), withoutThumbnail);
    assert.deepEqual(await resources.findResource(histoire.idRessource), renamed);
    const last = (await auditTrail()).slice(3).map((r) => ({
      at: r.at,
      actor: r.actor,
      action: r.action,
      target: r.target,
      correlation: r.correlationId,
      before: auditedState(r.before),
      after: auditedState(r.after),
    }));
    const common = { at: '2025-09-03T08:00:00.000Z', actor: 'cli:operator', correlation: 'beef' };
    assert.deepEqual(last, [
      {
        ...common,
        action: 'resource.change',
        target: `resource:${maths.idRessource}`,
        before: maths,
        after: withoutThumbnail,
      },
      {
        ...common,
        action: 'resource.change',
        target: `resource:${histoire.idRessource}`,
        before: histoire,
        after: renamed,
      },
      { ...common, action: 'resource.add', target: `resource:${presse.idRessource}`, before: null, after: presse },
    ]);
  });

  it('renames publishers and distributors: a resource not in the batch shows the new name too', async () => {
    const { resources } = current();
    await resources.saveResources([maths, histoire], audit('2025-09-01T08:00:00Z'));
    const tech = { ...maths.distributeurTech, nom: 'Lumière Numérique SAS' };
    const publisher = { ...maths.editeur, nom: 'Éditions Lumière (groupe)' };
    const changed = { ...maths, distributeurTech: tech, editeur: publisher };
    assert.deepEqual(await resources.saveResources([changed], audit('2025-10-01T08:00:00Z')), {
      added: 0,
      changed: 1,
      unchanged: 0,
    });
    assert.deepEqual(await resources.findResource(maths.idRessource), changed);
    // A distributor is one party.
    assert.deepEqual((await resources.findResource(histoire.idRessource))?.distributeurTech, tech);
  });

  it('a batch that fails part-way changes nothing: no resource, no audit event', async () => {
    const { resources, auditTrail } = current();
    await assert.rejects(resources.saveResources([maths, broken], audit('2025-09-01T08:00:00Z')));
    assert.deepEqual(await resources.listResources(), []);
    assert.deepEqual(await auditTrail(), []);

    await resources.saveResources([dictionnaire], audit('2025-09-01T08:00:00Z'));
    const renamed = {
      ...dictionnaire,
      distributeurCom: { ...dictionnaire.distributeurCom, nom: 'Kiosque' },
      nomRessource: 'Dictionnaire',
    };
    await assert.rejects(resources.saveResources([renamed, presse, broken], audit('2025-09-02T08:00:00Z')));
    assert.deepEqual(await resources.listResources(), [dictionnaire]);
    assert.equal((await auditTrail()).length, 1);
  });

  it('gives back each médiacentre field as saved, absent ones staying absent', async () => {
    const { resources } = current();
    const {
      typePedagogique: _p,
      typologieDocument: _t,
      validateurTech: _v,
      affichable: _a,
      diffusable: _d,
      ...bare
    } = maths;
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
    assert.deepEqual(await resources.saveResources(variants, audit('2025-09-02T08:00:00Z')), {
      added: 0,
      changed: 0,
      unchanged: variants.length,
    });
  });

  it('a change of a médiacentre field is a change, audited with both states', async () => {
    const { resources, auditTrail } = current();
    await resources.saveResources([maths], audit('2025-09-01T08:00:00Z'));
    const { validateurTech: _dropped, ...withoutValidator } = maths;
    const lecture = { uri: 'http://data.education.fr/voc/scolomfr/concept/lecture', nom: 'cours / présentation' };
    const steps: readonly ResourceDescription[] = [
      { ...maths, affichable: false },
      { ...maths, diffusable: false },
      { ...maths, validateurTech: '813450662_0000000000000008' },
      { ...maths, typePedagogique: [...(maths.typePedagogique ?? []), lecture] },
      { ...maths, typologieDocument: [] },
      withoutValidator,
    ];
    let before = maths;
    for (const [i, after] of steps.entries()) {
      assert.deepEqual(
        await resources.saveResources([after], audit(`2025-09-0${i + 2}T08:00:00Z`)),
        { added: 0, changed: 1, unchanged: 0 },
        `step ${i}`,
      );
      assert.deepEqual(await resources.findResource(maths.idRessource), after);
      const last = (await auditTrail()).at(-1);
      assert.equal(last?.action, 'resource.change');
      assert.deepEqual([auditedState(last?.before ?? null), auditedState(last?.after ?? null)], [before, after]);
      before = after;
    }
  });

  it('saves a large batch in one call', async () => {
    const { resources } = current();
    const many = Array.from({ length: 1203 }, (_, i) => ({
      ...presse,
      idRessource: `ark:/13030/p${String(i).padStart(5, '0')}`,
    }));
    assert.deepEqual(await resources.saveResources(many, audit('2025-09-01T08:00:00Z')), {
      added: 1203,
      changed: 0,
      unchanged: 0,
    });
    assert.deepEqual(await resources.saveResources(many, audit('2025-09-02T08:00:00Z')), {
      added: 0,
      changed: 0,
      unchanged: 1203,
    });
    assert.equal((await resources.listResources()).length, 1203);
  });
}
