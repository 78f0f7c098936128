/**
 * The resource registry on both dialects (the ResourceStore contract), and what only its tables
 * show: the columns other queries join on, the parties' creation dates, rows of earlier versions.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createResourceStore, type Store } from '../../../src/store/index.js';
import {
  parseResourceDocument,
  type AuditContext,
  type ResourceDescription,
} from '../../../src/subscriptions/index.js';
import { resourceStoreContract } from '../../subscriptions/contracts/resource-store.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { storeAuditTrail } from '../../support/store-audit-trail.js';

const fixture = join(import.meta.dirname, '../../fixtures/resources/valid.catalogue.json');
const catalogue = parseResourceDocument(readFileSync(fixture, 'utf8'), 'many');
const [maths, histoire, dictionnaire, presse] = catalogue as [
  ResourceDescription,
  ResourceDescription,
  ResourceDescription,
  ResourceDescription,
];
const audit = (at: string): AuditContext => ({ actor: 'cli:operator', at: new Date(at), correlationId: 'c0ffee' });

describeEachDialect('SQL resource store', (dialect) => {
  resourceStoreContract(async () => {
    const store = await freshStore(dialect);
    return { resources: createResourceStore(store), auditTrail: storeAuditTrail(store), close: () => store.close() };
  });

  describe('its tables', () => {
    let store: Store;
    beforeEach(async () => {
      store = await freshStore(dialect);
    });
    afterEach(async () => {
      await store.close();
    });

    const counts = async () =>
      Promise.all(
        (['resource', 'publisher', 'distributor', 'audit_event'] as const).map(async (table) =>
          Number(
            (
              await store.db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        ),
      );

    it('keeps the service provider and presentation code in their own columns', async () => {
      await createResourceStore(store).saveResources(catalogue, audit('2025-09-01T08:00:00Z'));
      const row = await store.db
        .selectFrom('resource')
        .select(['service_provider_id', 'presentation_code'])
        .where('id', '=', presse.idRessource)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { service_provider_id: 'kiosque-scolaire-actu-junior', presentation_code: 'DOC' });
    });

    it('keeps the creation dates and updates the names of publishers and distributors', async () => {
      const resources = createResourceStore(store);
      await resources.saveResources([maths, histoire], audit('2025-09-01T08:00:00Z'));
      const tech = { ...maths.distributeurTech, nom: 'Lumière Numérique SAS' };
      const publisher = { ...maths.editeur, nom: 'Éditions Lumière (groupe)' };
      await resources.saveResources(
        [{ ...maths, distributeurTech: tech, editeur: publisher }],
        audit('2025-10-01T08:00:00Z'),
      );
      const row = await store.db
        .selectFrom('distributor')
        .selectAll()
        .where('id', '=', tech.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { id: tech.id, name: tech.nom, created_at: '2025-09-01T08:00:00.000Z' });
      const publisherRow = await store.db
        .selectFrom('publisher')
        .selectAll()
        .where('id', '=', publisher.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(publisherRow, { id: publisher.id, name: publisher.nom, created_at: '2025-09-01T08:00:00.000Z' });
      const created = await store.db
        .selectFrom('resource')
        .select(['created_at', 'updated_at'])
        .where('id', '=', maths.idRessource)
        .executeTakeFirstOrThrow();
      assert.deepEqual(created, { created_at: '2025-09-01T08:00:00.000Z', updated_at: '2025-10-01T08:00:00.000Z' });
    });

    it('a batch that fails part-way writes no resource, party or audit row', async () => {
      const resources = createResourceStore(store);
      const broken = { ...histoire, nomRessource: null } as unknown as ResourceDescription; // NOT NULL refuses it
      await assert.rejects(resources.saveResources([maths, broken], audit('2025-09-01T08:00:00Z')));
      assert.deepEqual(await counts(), [0, 0, 0, 0]);
      await resources.saveResources([dictionnaire], audit('2025-09-01T08:00:00Z'));
      const renamed = {
        ...dictionnaire,
        distributeurCom: { ...dictionnaire.distributeurCom, nom: 'Kiosque' },
        nomRessource: 'D',
      };
      await assert.rejects(resources.saveResources([renamed, presse, broken], audit('2025-09-02T08:00:00Z')));
      assert.deepEqual(await counts(), [1, 1, 2, 1]);
    });

    it('reads a row written before the médiacentre fields existed', async () => {
      const resources = createResourceStore(store);
      await resources.saveResources([maths], audit('2025-09-01T08:00:00Z'));
      // The details of earlier versions: these four keys, nothing else.
      const oldDetails = {
        nomEditeur: maths.editeur.nom,
        nomTypePresentation: maths.typePresentation.nom,
        niveauEducatif: maths.niveauEducatif,
        domaineEnseignement: maths.domaineEnseignement,
      };
      await store.db
        .updateTable('resource')
        .set({ details: JSON.stringify(oldDetails) })
        .where('id', '=', maths.idRessource)
        .execute();
      const {
        typePedagogique: _p,
        typologieDocument: _t,
        validateurTech: _v,
        affichable: _a,
        diffusable: _d,
        ...bare
      } = maths;
      assert.deepEqual(await resources.findResource(maths.idRessource), bare);
      assert.deepEqual(await resources.saveResources([bare], audit('2025-09-02T08:00:00Z')), {
        added: 0,
        changed: 0,
        unchanged: 1,
      });
      assert.deepEqual(await resources.saveResources([maths], audit('2025-09-03T08:00:00Z')), {
        added: 0,
        changed: 1,
        unchanged: 0,
      });
      assert.deepEqual(await resources.findResource(maths.idRessource), maths);
    });
  });
});
