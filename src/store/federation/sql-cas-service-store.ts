import type { Selectable } from 'kysely';
import type { CasServiceRecord, CasServiceStore } from '../../federation/index.js';
import type { CasServiceTable } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';

type Row = Selectable<CasServiceTable>;

/** federation's CAS service registry on table `cas_service`, same SQL on both dialects; every change audited. */
export function createCasServiceStore(store: Store): CasServiceStore {
  return {
    async find(serviceUrl: string): Promise<CasServiceRecord | undefined> {
      // Equality on the primary key: the exact URL, never a prefix or a LIKE pattern.
      const row = await store.db
        .selectFrom('cas_service')
        .selectAll()
        .where('service_url', '=', serviceUrl)
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async list(): Promise<readonly CasServiceRecord[]> {
      return (
        await store.db.selectFrom('cas_service').selectAll().orderBy('id_ressource').orderBy('service_url').execute()
      ).map(fromRow);
    },

    async save(record: CasServiceRecord, actor: string, at: Date): Promise<'added' | 'changed' | 'unchanged'> {
      return store.db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('cas_service')
          .selectAll()
          .where('service_url', '=', record.serviceUrl)
          .executeTakeFirst();
        const after = { id_ressource: record.idRessource, logout_url: record.logoutUrl ?? null };
        if (
          before !== undefined
          && before.id_ressource === after.id_ressource
          && before.logout_url === after.logout_url
        )
          return 'unchanged';
        if (before === undefined)
          await trx
            .insertInto('cas_service')
            .values({ service_url: record.serviceUrl, ...after, created_at: at.toISOString() })
            .execute();
        else await trx.updateTable('cas_service').set(after).where('service_url', '=', record.serviceUrl).execute();
        // Where tickets may be sent is a security decision: audited with the change itself.
        await recordAuditEvent(
          trx,
          { actor, at },
          {
            action: before === undefined ? 'cas_service.add' : 'cas_service.change',
            target: targetOf(record.serviceUrl),
            before: before === undefined ? null : auditState(before),
            after: auditState({ service_url: record.serviceUrl, ...after, created_at: '' }),
          },
        );
        return before === undefined ? 'added' : 'changed';
      });
    },

    async remove(serviceUrl: string, actor: string, at: Date): Promise<boolean> {
      return store.db.transaction().execute(async (trx) => {
        const row = await trx
          .deleteFrom('cas_service')
          .where('service_url', '=', serviceUrl)
          .returningAll()
          .executeTakeFirst();
        if (row === undefined) return false;
        await recordAuditEvent(
          trx,
          { actor, at },
          { action: 'cas_service.remove', target: targetOf(serviceUrl), before: auditState(row), after: null },
        );
        return true;
      });
    },
  };
}

const targetOf = (serviceUrl: string): string => `cas_service:${serviceUrl}`;

function auditState(row: Row): Record<string, string | null> {
  return { serviceUrl: row.service_url, idRessource: row.id_ressource, logoutUrl: row.logout_url };
}

function fromRow(row: Row): CasServiceRecord {
  return {
    serviceUrl: row.service_url,
    idRessource: row.id_ressource,
    ...(row.logout_url === null ? {} : { logoutUrl: row.logout_url }),
  };
}
