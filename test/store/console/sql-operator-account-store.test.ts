/** Operator accounts on both dialects: the OperatorAccountStore contract. */
import { createOperatorAccountStore } from '../../../src/store/index.js';
import { operatorAccountStoreContract } from '../../console/contracts/operator-account-store.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { storeAuditTrail } from '../../support/store-audit-trail.js';

describeEachDialect('SQL operator account store', (dialect) => {
  operatorAccountStoreContract(async () => {
    const store = await freshStore(dialect);
    return {
      accounts: createOperatorAccountStore(store),
      auditTrail: storeAuditTrail(store),
      close: () => store.close(),
    };
  });
});
