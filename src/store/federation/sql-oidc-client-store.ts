import type { Selectable } from 'kysely';
import type { OidcClientRecord, OidcClientStore } from '../../federation/index.js';
import type { OidcClientTable } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';

type Row = Selectable<OidcClientTable>;

/**
 * Publishers' OIDC clients on table `oidc_client`. oidc-provider compares a client secret as
 * given, so the secret is kept readable here; it never reaches the audit trail (which records
 * only whether the client has one) nor the logs.
 */
export function createOidcClientStore(store: Store): OidcClientStore {
  const { db } = store;
  return {
    async find(clientId) {
      const row = await db.selectFrom('oidc_client').selectAll().where('client_id', '=', clientId).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async list() {
      return (await db.selectFrom('oidc_client').selectAll().orderBy('client_id').execute()).map(fromRow);
    },

    async save(record, actor, at) {
      return db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('oidc_client')
          .selectAll()
          .where('client_id', '=', record.clientId)
          .executeTakeFirst();
        const metadata = JSON.stringify(record.metadata);
        if (before !== undefined && before.distributor_id === record.distributorId && before.metadata === metadata)
          return 'unchanged';
        const stamp = at.toISOString();
        if (before === undefined) {
          await trx
            .insertInto('oidc_client')
            .values({
              client_id: record.clientId,
              distributor_id: record.distributorId,
              metadata,
              created_at: stamp,
              updated_at: stamp,
            })
            .execute();
        } else {
          await trx
            .updateTable('oidc_client')
            .set({ distributor_id: record.distributorId, metadata, updated_at: stamp })
            .where('client_id', '=', record.clientId)
            .execute();
        }
        // Which clients may obtain tokens is a security decision: audited with the change itself.
        await recordAuditEvent(
          trx,
          { actor, at },
          {
            action: before === undefined ? 'oidc_client.add' : 'oidc_client.change',
            target: targetOf(record.clientId),
            before: before === undefined ? null : auditState(fromRow(before)),
            after: auditState(record),
          },
        );
        return before === undefined ? 'added' : 'changed';
      });
    },

    async remove(clientId, actor, at) {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .deleteFrom('oidc_client')
          .where('client_id', '=', clientId)
          .returningAll()
          .executeTakeFirst();
        if (row === undefined) return false;
        await recordAuditEvent(
          trx,
          { actor, at },
          { action: 'oidc_client.remove', target: targetOf(clientId), before: auditState(fromRow(row)), after: null },
        );
        return true;
      });
    },
  };
}

const targetOf = (clientId: string): string => `oidc_client:${clientId}`;

/** The metadata without its secret: the audit says that a secret exists, never what it is. */
function auditState(record: OidcClientRecord): Record<string, unknown> {
  const { client_secret: secret, ...metadata } = record.metadata;
  return {
    clientId: record.clientId,
    distributorId: record.distributorId,
    metadata,
    hasClientSecret: secret !== undefined,
  };
}

function fromRow(row: Row): OidcClientRecord {
  return {
    clientId: row.client_id,
    distributorId: row.distributor_id,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
  };
}
