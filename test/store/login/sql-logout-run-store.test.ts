/** Front-channel logout runs on both dialects: found while live, finished once. */
import { createLogoutRunStore } from '../../../src/store/index.js';
import { logoutRunStoreContract } from '../../broker/contracts/logout-run-store.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';

describeEachDialect('SQL logout run store', (dialect) => {
  logoutRunStoreContract(async () => {
    const store = await freshStore(dialect);
    return { runs: createLogoutRunStore(store), close: () => store.close() };
  });
});
