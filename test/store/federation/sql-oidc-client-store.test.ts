/** Publishers' OIDC clients on both dialects: the OidcClientStore contract. */
import { createOidcClientStore } from '../../../src/store/index.js';
import { oidcClientStoreContract } from '../../federation/contracts/oidc-client-store.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { storeAuditTrail } from '../../support/store-audit-trail.js';

describeEachDialect('SQL OIDC client store', (dialect) => {
  oidcClientStoreContract(async () => {
    const store = await freshStore(dialect);
    return { clients: createOidcClientStore(store), auditTrail: storeAuditTrail(store), close: () => store.close() };
  });
});
