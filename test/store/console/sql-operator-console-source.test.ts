/** The operator's reads on both dialects: the OperatorConsoleSource contract over catalogue-fixtures.ts. */
import {
  createContractStore,
  createDirectoryImportStore,
  createOperatorConsoleSource,
  createSubscriptionStore,
} from '../../../src/store/index.js';
import { operatorConsoleSourceContract } from '../../console/contracts/operator-console-source.contract.js';
import { holdLicences, seedCatalogue } from '../../support/catalogue-fixtures.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';

describeEachDialect('SQL operator console source', (dialect) => {
  operatorConsoleSourceContract(async () => {
    const store = await freshStore(dialect);
    await seedCatalogue(store);
    return {
      operator: createOperatorConsoleSource(store),
      contracts: createContractStore(store),
      subscriptions: createSubscriptionStore(store),
      imports: createDirectoryImportStore(store, { batchSize: 100 }),
      seed: {
        holdLicences: (id, audiences) => holdLicences(store, id, audiences),
        departEstablishment: async (uai) => {
          await store.db
            .updateTable('establishment')
            .set({ departed_at: '2026-01-15T00:00:00.000Z' })
            .where('uai', '=', uai)
            .execute();
        },
      },
      close: () => store.close(),
    };
  });
});
