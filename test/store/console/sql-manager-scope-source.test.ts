/** Licence managers' scope on both dialects: the ManagerScopeSource contract over the feed's manager tables. */
import { createManagerScopeSource } from '../../../src/store/index.js';
import { managerScopeSourceContract } from '../../console/contracts/manager-scope-source.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { entId, seedDirectory } from '../../support/licensing-fixtures.js';

const at = '2025-09-01T00:00:00.000Z';

describeEachDialect('SQL manager scope source', (dialect) => {
  managerScopeSourceContract(async () => {
    const store = await freshStore(dialect);
    const { db } = store;
    await seedDirectory(db, { pupilsPerClass: 1 });
    return {
      scopes: createManagerScopeSource(store),
      seed: {
        addManager: async (m) => {
          await db
            .insertInto('manager')
            .values({
              ent_id: entId,
              degree: m.degree,
              person_id: m.personId,
              last_name: m.lastName,
              first_name: m.firstName,
              civility: null,
              mails: '[]',
              establishments: JSON.stringify(m.uais),
              record_hash: 'h',
              departed_at: null,
              updated_at: at,
            })
            .execute();
          for (const uai of m.uais) {
            await db
              .insertInto('manager_establishment')
              .values({ ent_id: entId, degree: m.degree, person_id: m.personId, uai })
              .execute();
          }
        },
        departManager: async (personId, degree) => {
          await db
            .updateTable('manager')
            .set({ departed_at: at })
            .where('person_id', '=', personId)
            .where('degree', '=', degree)
            .execute();
        },
        departEstablishment: async (uai) => {
          await db.updateTable('establishment').set({ departed_at: at }).where('uai', '=', uai).execute();
        },
      },
      close: () => store.close(),
    };
  });
});
