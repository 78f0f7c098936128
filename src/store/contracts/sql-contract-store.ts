/**
 * ContractStore on Kysely (SQLite and PostgreSQL alike). Every change is one transaction whose
 * FIRST statement is a no-op update of the resource row: it takes PostgreSQL's row lock and
 * SQLite's write lock before the versions are read, so two operators approving two versions at
 * once are serialised and never leave two approved versions (gar-reference §3: one contract in
 * effect). The transition itself is the attribute filter's pure one; only the rows it changed
 * are written, with one audit event beside them.
 */
import type { Kysely } from 'kysely';
import {
  approveContract,
  effectiveContract,
  rejectContract,
  type ContractAudit,
  type ContractDocument,
  type ContractStatus,
  type ContractStore,
  type ContractVersion,
} from '../../attribute-filter/index.js';
import { fail } from '../../core/fail.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ContractTable, DatabaseSchema } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { retryTransient } from '../retry-transient.js';

type Db = Kysely<DatabaseSchema>;
type Transition = (versions: readonly ContractVersion[]) => readonly ContractVersion[];

export function createContractStore(store: Store): ContractStore {
  const { db } = store;
  return {
    submitContract: (document, audit) =>
      inResourceLock(store, document.idRessource, (trx) => submit(trx, document, audit)),
    approveContract: (id, version, audit) =>
      inResourceLock(store, id, (trx) =>
        decide(trx, id, version, audit, 'contract.approve', (versions) =>
          approveContract(versions, version, audit.actor, audit.at),
        ),
      ),
    rejectContract: (id, version, reason, audit) =>
      inResourceLock(store, id, (trx) =>
        decide(trx, id, version, audit, 'contract.reject', (versions) =>
          rejectContract(versions, version, reason, audit.actor, audit.at),
        ),
      ),
    listContracts: async (id) => {
      const versions = await readVersions(db, id);
      // Rows imply the resource (foreign key); only an empty answer needs the catalogue asked.
      if (versions.length === 0 && !(await resourceExists(db, id))) throw unknownResource(id);
      return versions;
    },
    effectiveContract: async (id) => effectiveContract(await readVersions(db, id), id),
  };
}

/** Runs `work` in a transaction that first locks the resource row; retried whole while the database is busy. */
function inResourceLock<T>(store: Store, idRessource: string, work: (trx: Db) => Promise<T>): Promise<T> {
  return retryTransient(() =>
    store.db.transaction().execute(async (trx) => {
      // A write that changes nothing: its only purpose is the lock.
      const locked = await trx
        .updateTable('resource')
        .set((eb) => ({ updated_at: eb.ref('updated_at') }))
        .where('id', '=', idRessource)
        .executeTakeFirst();
      if (Number(locked.numUpdatedRows) === 0) throw unknownResource(idRessource);
      return work(trx);
    }),
  );
}

async function submit(trx: Db, document: ContractDocument, audit: ContractAudit): Promise<ContractVersion> {
  const existing = await readVersions(trx, document.idRessource);
  const n = document.version;
  if (existing.some((v) => v.document.version === n)) {
    throw fail(
      'ERR_CONTRACT_VERSION_EXISTS',
      `La version ${n} de ce contrat existe déjà : une version ne se modifie pas, soumettez un nouveau numéro.`,
    );
  }
  const last = Math.max(0, ...existing.map((v) => v.document.version));
  if (n < last)
    throw fail('ERR_CONTRACT_VERSION_ORDER', `La version ${n} est inférieure à la dernière version soumise (${last}).`);
  const submitted: ContractVersion = { document, status: 'submitted', submittedAt: audit.at.toISOString() };
  await trx
    .insertInto('contract')
    .values({
      ...decisionColumns(submitted),
      resource_id: document.idRessource,
      version: n,
      document: JSON.stringify(document),
      submitted_at: submitted.submittedAt,
    })
    .execute();
  await recordAuditEvent(trx, audit, {
    action: 'contract.submit',
    target: targetOf(document.idRessource, n),
    before: null,
    after: { [n]: 'submitted' },
  });
  return submitted;
}

async function decide(
  trx: Db,
  idRessource: string,
  version: number,
  audit: ContractAudit,
  action: string,
  transition: Transition,
): Promise<readonly ContractVersion[]> {
  const before = await readVersions(trx, idRessource);
  const after = transition(before);
  const was: Record<number, ContractStatus> = {};
  const now: Record<number, ContractStatus> = {};
  for (const [i, v] of after.entries()) {
    // The pure transitions return the very same object for a version they left alone.
    if (v === before[i]) continue;
    await trx
      .updateTable('contract')
      .set(decisionColumns(v))
      .where('resource_id', '=', idRessource)
      .where('version', '=', v.document.version)
      .execute();
    was[v.document.version] = before[i]?.status ?? v.status;
    now[v.document.version] = v.status;
  }
  await recordAuditEvent(trx, audit, { action, target: targetOf(idRessource, version), before: was, after: now });
  return after;
}

function decisionColumns(v: ContractVersion): Pick<ContractTable, 'status' | 'decided_at' | 'decided_by' | 'reason'> {
  return {
    status: v.status,
    decided_at: v.decidedAt ?? null,
    decided_by: v.decidedBy ?? null,
    reason: v.reason ?? null,
  };
}

function targetOf(idRessource: string, version: number): string {
  return `contract:${idRessource}/v${version}`;
}

async function resourceExists(db: Db, idRessource: string): Promise<boolean> {
  return (await db.selectFrom('resource').select('id').where('id', '=', idRessource).executeTakeFirst()) !== undefined;
}

function unknownResource(idRessource: string): Error {
  return fail('ERR_CONTRACT_RESOURCE_UNKNOWN', `Ressource inconnue du catalogue : ${idRessource}.`);
}

/** Every stored version of the resource, oldest first, rebuilt as it was submitted and decided. */
async function readVersions(db: Db, idRessource: string): Promise<ContractVersion[]> {
  const rows = await db
    .selectFrom('contract')
    .selectAll()
    .where('resource_id', '=', idRessource)
    .orderBy('version')
    .execute();
  return rows.map(
    (row): ContractVersion => ({
      // Written by `submit` from a checked document: the store reads back its own rows.
      document: JSON.parse(row.document) as ContractDocument,
      status: row.status as ContractStatus,
      submittedAt: row.submitted_at,
      ...(row.decided_at === null ? {} : { decidedAt: row.decided_at }),
      ...(row.decided_by === null ? {} : { decidedBy: row.decided_by }),
      ...(row.reason === null ? {} : { reason: row.reason }),
    }),
  );
}
