/** The directory import's staging and snapshot on both dialects: the DirectoryImportStore contract. */
import {
  createDirectoryImportStore,
  createOperatorConsoleSource,
  createPersonAttributeSource,
} from '../../../src/store/index.js';
import { directoryImportStoreContract } from '../../directory/contracts/directory-import-store.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';

describeEachDialect('SQL directory import store', (dialect) => {
  directoryImportStoreContract(async () => {
    const store = await freshStore(dialect);
    return {
      // A batch size below the deliveries' sizes: rows are inserted in several statements.
      imports: createDirectoryImportStore(store, { batchSize: 3 }),
      people: createPersonAttributeSource(store),
      operator: createOperatorConsoleSource(store),
      close: () => store.close(),
    };
  });
});
