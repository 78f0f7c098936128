/** oidc-provider's payloads on both dialects: the OidcPayloadStore contract. */
import { createOidcPayloadStore } from '../../../src/store/index.js';
import { oidcPayloadStoreContract } from '../../federation/contracts/oidc-payload-store.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';

describeEachDialect('SQL OIDC payload store', (dialect) => {
  oidcPayloadStoreContract(async () => {
    const store = await freshStore(dialect);
    return { payloads: createOidcPayloadStore(store), close: () => store.close() };
  });
});
