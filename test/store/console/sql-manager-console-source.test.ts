/** The licence manager's reads on both dialects: the ManagerConsoleSource contract over licensing-fixtures.ts. */
import { createLicensingStore, createManagerConsoleSource } from '../../../src/store/index.js';
import { managerConsoleSourceContract } from '../../console/contracts/manager-console-source.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { addSubscription, departPerson, seedDirectory } from '../../support/licensing-fixtures.js';

describeEachDialect('SQL manager console source', (dialect) => {
  managerConsoleSourceContract(async () => {
    const store = await freshStore(dialect);
    const { db } = store;
    await seedDirectory(db, { pupilsPerClass: 6 });
    return {
      source: createManagerConsoleSource(store),
      licensing: createLicensingStore(store),
      seed: {
        addSubscription: (spec) => addSubscription(db, spec),
        departPerson: (personId) => departPerson(db, personId),
        rename: async (personId, lastName, firstName) => {
          await db
            .updateTable('person')
            .set({ last_name: lastName, first_name: firstName })
            .where('person_id', '=', personId)
            .execute();
        },
        serveAudiences: async (key, audiences) => {
          await db
            .updateTable('subscription')
            .set({ audiences: JSON.stringify(audiences) })
            .where('distributor_id', '=', key.distributorId)
            .where('id', '=', key.subscriptionId)
            .execute();
        },
      },
      close: () => store.close(),
    };
  });
});
