/** The OIDC ENT registry on both dialects: the OidcEntRegistry contract. */
import { createOidcEntRegistry } from '../../../src/store/index.js';
import { oidcEntRegistryContract } from '../../idp-bridge/contracts/oidc-ent-registry.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { storeAuditTrail } from '../../support/store-audit-trail.js';

describeEachDialect('SQL OIDC ENT registry', (dialect) => {
  oidcEntRegistryContract(async () => {
    const store = await freshStore(dialect);
    return { registry: createOidcEntRegistry(store), auditTrail: storeAuditTrail(store), close: () => store.close() };
  });
});
