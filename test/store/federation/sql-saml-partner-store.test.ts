/** The SAML partner registry on both dialects (the SamlPartnerStore contract), and the index behind one IdP per ENT. */
import assert from 'node:assert/strict';
import { createSamlPartnerStore } from '../../../src/store/index.js';
import { samlPartnerStoreContract } from '../../federation/contracts/saml-partner-store.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { metadataFixture } from '../../support/saml-metadata-fixtures.js';
import { storeAuditTrail } from '../../support/store-audit-trail.js';

describeEachDialect('SQL SAML partner store', (dialect) => {
  samlPartnerStoreContract(async () => {
    const store = await freshStore(dialect);
    return { registry: createSamlPartnerStore(store), auditTrail: storeAuditTrail(store), close: () => store.close() };
  });

  it('the unique index refuses a second IdP row for an ENT project (the race the check cannot see)', async () => {
    const store = await freshStore(dialect);
    try {
      await createSamlPartnerStore(store).save(
        {
          entityId: 'https://ent.example.fr/idp',
          role: 'idp',
          entId: 'ENT-A',
          source: { kind: 'cli' },
          metadataXml: metadataFixture('idp.valid.xml'),
          loadedAt: '2026-03-01T10:00:00.000Z',
        },
        'test',
      );
      const row = {
        entity_id: 'https://x.example/idp',
        role: 'idp',
        ent_id: 'ENT-A',
        distributor_id: null,
        source: '{"kind":"cli"}',
        metadata_xml: 'x',
        signer_certificate: null,
        valid_until: null,
        loaded_at: 'x',
        refresh_after: null,
      };
      await assert.rejects(store.db.insertInto('saml_partner').values(row).execute());
      await store.db
        .insertInto('saml_partner')
        .values({ ...row, role: 'sp', ent_id: 'ENT-A' })
        .execute();
    } finally {
      await store.close();
    }
  });
});
