/** The CAS service registry on both dialects: the CasServiceStore contract. */
import { createCasServiceStore } from '../../../src/store/index.js';
import { casServiceStoreContract } from '../../federation/contracts/cas-service-store.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { storeAuditTrail } from '../../support/store-audit-trail.js';

describeEachDialect('SQL CAS service store', (dialect) => {
  casServiceStoreContract(async () => {
    const store = await freshStore(dialect);
    return { services: createCasServiceStore(store), auditTrail: storeAuditTrail(store), close: () => store.close() };
  });
});
