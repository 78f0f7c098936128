/** The partners' certificates on both dialects: the PartnerCertificateStore contract. */
import { createOperatorConsoleSource, createPartnerCertificateStore } from '../../../src/store/index.js';
import { partnerCertificateStoreContract } from '../../trust/contracts/partner-certificate-store.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { storeAuditTrail } from '../../support/store-audit-trail.js';

describeEachDialect('SQL partner certificate store', (dialect) => {
  partnerCertificateStoreContract(async () => {
    const store = await freshStore(dialect);
    const operator = createOperatorConsoleSource(store);
    return {
      registry: createPartnerCertificateStore(store),
      distributors: async () => (await operator.listParties()).distributors.map(({ id, name }) => ({ id, name })),
      auditTrail: storeAuditTrail(store),
      close: () => store.close(),
    };
  });
});
