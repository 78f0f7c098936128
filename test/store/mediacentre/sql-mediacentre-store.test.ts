/** The médiacentre's reads on both dialects: the MediacentreStore contract over licensing-fixtures.ts. */
import { createLicensingStore, createMediacentreStore } from '../../../src/store/index.js';
import { mediacentreStoreContract } from '../../mediacentre/contracts/mediacentre-store.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { addSubscription, departPerson, seedDirectory } from '../../support/licensing-fixtures.js';

describeEachDialect('SQL médiacentre store', (dialect) => {
  mediacentreStoreContract(async () => {
    const store = await freshStore(dialect);
    const { db } = store;
    await seedDirectory(db, { pupilsPerClass: 3 });
    return {
      mediacentre: createMediacentreStore(store),
      licensing: createLicensingStore(store),
      seed: {
        addSubscription: (spec) => addSubscription(db, spec),
        departPerson: (personId) => departPerson(db, personId),
        departEstablishment: async (uai) => {
          await db
            .updateTable('establishment')
            .set({ departed_at: '2025-09-01T00:00:00.000Z' })
            .where('uai', '=', uai)
            .execute();
        },
      },
      close: () => store.close(),
    };
  });
});
