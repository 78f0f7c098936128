import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import { fail } from '../../core/fail.js';
import type {
  SamlPartnerRecord,
  SamlPartnerSaveOutcome,
  SamlPartnerSource,
  SamlPartnerStore,
} from '../../federation/index.js';
import type { SamlPartnerTable } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { isUniqueViolation } from '../unique-violation.js';

type Row = Selectable<SamlPartnerTable>;

/** federation's SAML partner registry on table `saml_partner`, same SQL on both dialects. */
export function createSamlPartnerStore(store: Store): SamlPartnerStore {
  return {
    async save(record: SamlPartnerRecord, actor: string): Promise<SamlPartnerSaveOutcome> {
      try {
        return await saveInTransaction(store, record, actor);
      } catch (error) {
        // Two concurrent saves for one ENT project: the unique index decided, the loser is told why.
        if (isUniqueViolation(error) && record.role === 'idp') throw entTaken(record, 'unique index');
        throw error;
      }
    },

    async find(entityId: string): Promise<SamlPartnerRecord | undefined> {
      const row = await store.db
        .selectFrom('saml_partner')
        .selectAll()
        .where('entity_id', '=', entityId)
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async list(role?: 'idp' | 'sp'): Promise<readonly SamlPartnerRecord[]> {
      let query = store.db.selectFrom('saml_partner').selectAll();
      if (role !== undefined) query = query.where('role', '=', role);
      return (await query.orderBy('role').orderBy('entity_id').execute()).map(fromRow);
    },

    async findIdpOfEnt(entId: string): Promise<SamlPartnerRecord | undefined> {
      const row = await store.db
        .selectFrom('saml_partner')
        .selectAll()
        .where('role', '=', 'idp')
        .where('ent_id', '=', entId)
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async deferRefresh(entityId: string, refreshAfter: string): Promise<void> {
      await store.db
        .updateTable('saml_partner')
        .set({ refresh_after: refreshAfter })
        .where('entity_id', '=', entityId)
        .execute();
    },

    async remove(entityId: string, actor: string, at: Date): Promise<boolean> {
      return store.db.transaction().execute(async (trx) => {
        const row = await trx
          .deleteFrom('saml_partner')
          .where('entity_id', '=', entityId)
          .returningAll()
          .executeTakeFirst();
        if (row === undefined) return false;
        await recordAuditEvent(
          trx,
          { actor, at },
          { action: 'saml_partner.remove', target: targetOf(entityId), before: auditState(row), after: null },
        );
        return true;
      });
    },
  };
}

async function saveInTransaction(
  store: Store,
  record: SamlPartnerRecord,
  actor: string,
): Promise<SamlPartnerSaveOutcome> {
  const row = toRow(record);
  return store.db.transaction().execute(async (trx) => {
    if (record.role === 'idp' && record.entId !== undefined) {
      const holder = await trx
        .selectFrom('saml_partner')
        .select('entity_id')
        .where('role', '=', 'idp')
        .where('ent_id', '=', record.entId)
        .where('entity_id', '<>', record.entityId)
        .executeTakeFirst();
      if (holder !== undefined) throw entTaken(record, `held by ${holder.entity_id}`);
    }
    const before = await trx
      .selectFrom('saml_partner')
      .selectAll()
      .where('entity_id', '=', record.entityId)
      .executeTakeFirst();
    if (before !== undefined && sameContent(before, row)) {
      // A refresh that found the same document only moves the next refresh: no change, no audit.
      if (before.refresh_after !== row.refresh_after)
        await trx
          .updateTable('saml_partner')
          .set({ refresh_after: row.refresh_after })
          .where('entity_id', '=', record.entityId)
          .execute();
      return 'unchanged';
    }
    if (before === undefined) await trx.insertInto('saml_partner').values(row).execute();
    else await trx.updateTable('saml_partner').set(row).where('entity_id', '=', record.entityId).execute();
    // Which partners the broker trusts is a security decision: audited with the change itself.
    await recordAuditEvent(
      trx,
      { actor, at: new Date(record.loadedAt) },
      {
        action: before === undefined ? 'saml_partner.add' : 'saml_partner.change',
        target: targetOf(record.entityId),
        before: before === undefined ? null : auditState(before),
        after: auditState(row),
      },
    );
    return before === undefined ? 'added' : 'changed';
  });
}

function entTaken(record: SamlPartnerRecord, detail: string): Error {
  return fail(
    'ERR_SAML_PARTNER_ENT_TAKEN',
    `Un autre fournisseur d’identité est déjà enregistré pour le projet ENT ${record.entId ?? ''}.`,
    `${record.entityId}: ${detail}`,
  );
}

/** Reloading the same document from the same place changes nothing: no write, no audit row. */
function sameContent(a: Row, b: Row): boolean {
  const keys = [
    'role',
    'ent_id',
    'distributor_id',
    'source',
    'metadata_xml',
    'signer_certificate',
    'valid_until',
  ] as const;
  return keys.every((key) => a[key] === b[key]);
}

const targetOf = (entityId: string): string => `saml_partner:${entityId}`;

/** The audit keeps a digest of the XML, not the document: it says whether it changed, not what it holds. */
function auditState(row: Row): Record<string, string | null> {
  return {
    entityId: row.entity_id,
    role: row.role,
    entId: row.ent_id,
    distributorId: row.distributor_id,
    validUntil: row.valid_until,
    metadataSha256: createHash('sha256').update(row.metadata_xml, 'utf8').digest('hex'),
  };
}

function toRow(record: SamlPartnerRecord): Row {
  return {
    entity_id: record.entityId,
    role: record.role,
    ent_id: record.entId ?? null,
    distributor_id: record.distributorId ?? null,
    source: JSON.stringify(record.source),
    metadata_xml: record.metadataXml,
    signer_certificate: record.signerCertificatePem ?? null,
    valid_until: record.validUntil ?? null,
    loaded_at: record.loadedAt,
    refresh_after: record.refreshAfter ?? null,
  };
}

function fromRow(row: Row): SamlPartnerRecord {
  return {
    entityId: row.entity_id,
    role: row.role as SamlPartnerRecord['role'],
    ...(row.ent_id === null ? {} : { entId: row.ent_id }),
    ...(row.distributor_id === null ? {} : { distributorId: row.distributor_id }),
    source: JSON.parse(row.source) as SamlPartnerSource,
    metadataXml: row.metadata_xml,
    ...(row.signer_certificate === null ? {} : { signerCertificatePem: row.signer_certificate }),
    ...(row.valid_until === null ? {} : { validUntil: row.valid_until }),
    loadedAt: row.loaded_at,
    ...(row.refresh_after === null ? {} : { refreshAfter: row.refresh_after }),
  };
}
