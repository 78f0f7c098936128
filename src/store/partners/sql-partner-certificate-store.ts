import type { Selectable } from 'kysely';
import { fail } from '../../core/fail.js';
import type { PartnerCertificateRecord, PartnerCertificateStore, PartnerKind } from '../../trust/index.js';
import type { PartnerCertificateTable } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';

/** trust's partner certificate registry on table `partner_certificate`, same SQL on both dialects. */
export function createPartnerCertificateStore(store: Store): PartnerCertificateStore {
  return {
    async addCertificate(record: PartnerCertificateRecord, partnerName: string, actor: string): Promise<void> {
      await store.db.transaction().execute(async (trx) => {
        // Subscriptions reference distributor rows: a distributor exists as soon as it may call.
        if (record.partnerKind === 'distributor') {
          await trx
            .insertInto('distributor')
            .values({ id: record.partnerId, name: partnerName, created_at: record.createdAt })
            .onConflict((oc) => oc.column('id').doNothing())
            .execute();
        }
        const inserted = await trx
          .insertInto('partner_certificate')
          .values(toRow(record))
          .onConflict((oc) => oc.column('fingerprint').doNothing())
          .executeTakeFirst();
        if (inserted.numInsertedOrUpdatedRows === 0n) {
          throw fail(
            'ERR_PARTNER_CERT_DUPLICATE',
            'Ce certificat est déjà enregistré.',
            `fingerprint ${record.fingerprint}`,
          );
        }
        // Who may call the partner services is a security decision: it is audited like a change of data.
        await recordAuditEvent(
          trx,
          { actor, at: new Date(record.createdAt) },
          {
            action: 'partner.certificate_add',
            target: `partner:${record.partnerKind}/${record.partnerId}`,
            before: null,
            after: { ...record, partnerName },
          },
        );
      });
    },

    async findCertificate(fingerprint: string): Promise<PartnerCertificateRecord | undefined> {
      const row = await store.db
        .selectFrom('partner_certificate')
        .selectAll()
        .where('fingerprint', '=', fingerprint)
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async listCertificates(partner?: {
      readonly kind: PartnerKind;
      readonly id: string;
    }): Promise<readonly PartnerCertificateRecord[]> {
      let query = store.db.selectFrom('partner_certificate').selectAll();
      if (partner !== undefined)
        query = query.where('partner_kind', '=', partner.kind).where('partner_id', '=', partner.id);
      const rows = await query
        .orderBy('partner_kind')
        .orderBy('partner_id')
        .orderBy('not_after')
        .orderBy('fingerprint')
        .execute();
      return rows.map(fromRow);
    },

    async revokeCertificate(fingerprint: string, at: Date, actor: string): Promise<boolean> {
      return store.db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('partner_certificate')
          .set({ revoked_at: at.toISOString() })
          .where('fingerprint', '=', fingerprint)
          .where('revoked_at', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (row === undefined) return false;
        const after = fromRow(row);
        await recordAuditEvent(
          trx,
          { actor, at },
          {
            action: 'partner.certificate_revoke',
            target: `partner:${after.partnerKind}/${after.partnerId}`,
            before: { ...after, revokedAt: null },
            after,
          },
        );
        return true;
      });
    },
  };
}

function toRow(record: PartnerCertificateRecord): Selectable<PartnerCertificateTable> {
  return {
    fingerprint: record.fingerprint,
    partner_kind: record.partnerKind,
    partner_id: record.partnerId,
    origin: record.origin,
    subject: record.subject,
    serial: record.serial,
    not_before: record.notBefore,
    not_after: record.notAfter,
    created_at: record.createdAt,
    revoked_at: record.revokedAt,
  };
}

function fromRow(row: Selectable<PartnerCertificateTable>): PartnerCertificateRecord {
  return {
    fingerprint: row.fingerprint,
    partnerKind: row.partner_kind as PartnerKind,
    partnerId: row.partner_id,
    origin: row.origin as PartnerCertificateRecord['origin'],
    subject: row.subject,
    serial: row.serial,
    notBefore: row.not_before,
    notAfter: row.not_after,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
