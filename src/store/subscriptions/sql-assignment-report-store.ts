/**
 * AssignmentReportStore on Kysely. Reports are kept as the zipped bytes the distributor
 * downloads (base64 in a text column, the same on both dialects), so that `taille` in the index
 * is exactly what arrives. A download marks the report PRIS_EN_COMPTE, as GAR's index shows.
 */
import type { Kysely } from 'kysely';
import type { AssignmentReportStore, ReportListing, ReportResource, ReportStatus } from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { listAssignments } from './list-assignments.js';

type Db = Kysely<DatabaseSchema>;

export function createAssignmentReportStore(store: Store): AssignmentReportStore {
  const { db } = store;
  return {
    listReportingDistributors: async () =>
      (await db.selectFrom('subscription').select('distributor_id').distinct().orderBy('distributor_id').execute()).map(
        (r) => r.distributor_id,
      ),
    collectReportInput: async (distributorId, generatedAt) => ({
      distributorId,
      generatedAt,
      resources: await collectResources(db, distributorId),
    }),
    saveReport: async (distributorId, report) => {
      await db
        .insertInto('assignment_report')
        .values({
          distributor_id: distributorId,
          name: report.name,
          created_at: report.createdAt.toISOString(),
          status: report.status,
          size: report.size,
          content: report.content.toString('base64'),
        })
        .execute();
    },
    listReports: (distributorId, status) => listReports(db, distributorId, status),
    lastReportAt: async () => {
      const row = await db
        .selectFrom('assignment_report')
        .select((eb) => eb.fn.max('created_at').as('at'))
        .executeTakeFirst();
      return row?.at ? new Date(row.at) : undefined;
    },
    takeReport: (distributorId, name) =>
      db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('assignment_report')
          .set({ status: 'PRIS_EN_COMPTE' })
          .where('distributor_id', '=', distributorId)
          .where('name', '=', name)
          .returning('content')
          .executeTakeFirst();
        return row && Buffer.from(row.content, 'base64');
      }),
  };
}

async function listReports(db: Db, distributorId: string, status?: ReportStatus): Promise<readonly ReportListing[]> {
  let query = db
    .selectFrom('assignment_report')
    .select(['name', 'created_at', 'size', 'status'])
    .where('distributor_id', '=', distributorId);
  if (status !== undefined) query = query.where('status', '=', status);
  const rows = await query.execute();
  return rows.map((r) => ({
    name: r.name,
    createdAt: new Date(r.created_at),
    size: r.size,
    status: r.status as ReportStatus,
  }));
}

/** Per resource, subscription and establishment: the live assignments with their licences and waiting people. */
async function collectResources(db: Db, distributorId: string): Promise<readonly ReportResource[]> {
  const subscriptions = await db
    .selectFrom('subscription as s')
    .innerJoin('resource as r', 'r.id', 's.resource_id')
    .select(['s.id', 's.uai', 's.valid_until', 's.resource_id', 'r.name'])
    .where('s.distributor_id', '=', distributorId)
    .execute();
  const byResource = new Map<
    string,
    { titreRessource: string; subscriptions: ReportResource['subscriptions'][number][] }
  >();
  for (const s of subscriptions) {
    const views = await listAssignments(db, { subscription: { distributorId, subscriptionId: s.id } });
    const assignments = views.map((v) => ({
      kind: v.target.kind,
      audience: v.audience,
      licences: v.granted,
      waiting: v.waiting,
      createdAt: v.createdAt,
      ...('code' in v.target ? { code: v.target.code } : {}),
    }));
    const entry = byResource.get(s.resource_id) ?? { titreRessource: s.name, subscriptions: [] };
    entry.subscriptions.push({
      idAbonnement: s.id,
      finValidite: s.valid_until,
      establishments: [{ uai: s.uai, assignments }],
    });
    byResource.set(s.resource_id, entry);
  }
  return [...byResource].map(([idRessource, entry]) => ({ idRessource, ...entry }));
}
