/**
 * The catalogue's parties (publishers, distributors) and where each resource's contract stands
 * (gar-reference §3, §4), for the operator's pages.
 */
import type { Kysely } from 'kysely';
import type { CataloguePartyRow, ContractState } from '../../console/index.js';
import type { DatabaseSchema } from '../database-schema.js';

type Db = Kysely<DatabaseSchema>;

export async function listParties(
  db: Db,
): Promise<{ readonly publishers: readonly CataloguePartyRow[]; readonly distributors: readonly CataloguePartyRow[] }> {
  const [publishers, distributors] = await Promise.all([
    db.selectFrom('publisher').select(['id', 'name', 'created_at']).orderBy('id').execute(),
    db.selectFrom('distributor').select(['id', 'name', 'created_at']).orderBy('id').execute(),
  ]);
  const toParty = (r: { id: string; name: string; created_at: string }): CataloguePartyRow => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
  });
  return { publishers: publishers.map(toParty), distributors: distributors.map(toParty) };
}

/** Versions are few per resource: read once, folded here. Waiting ones first, then by resource id. */
export async function listContractStates(db: Db): Promise<readonly ContractState[]> {
  const rows = await db
    .selectFrom('contract as c')
    .innerJoin('resource as r', 'r.id', 'c.resource_id')
    .select(['c.resource_id', 'c.version', 'c.status', 'c.submitted_at', 'r.name'])
    .orderBy('c.resource_id')
    .orderBy('c.version')
    .execute();
  const states = new Map<
    string,
    {
      resourceName: string;
      versions: number;
      approvedVersion?: number;
      pendingVersions: number[];
      lastSubmittedAt: string;
    }
  >();
  for (const row of rows) {
    const state = states.get(row.resource_id) ?? {
      resourceName: row.name,
      versions: 0,
      pendingVersions: [],
      lastSubmittedAt: row.submitted_at,
    };
    state.versions += 1;
    if (row.status === 'approved') state.approvedVersion = row.version;
    if (row.status === 'submitted') state.pendingVersions.push(row.version);
    if (row.submitted_at > state.lastSubmittedAt) state.lastSubmittedAt = row.submitted_at;
    states.set(row.resource_id, state);
  }
  const list = [...states].map(([resourceId, s]): ContractState => ({ resourceId, ...s }));
  return list.sort(
    (a, b) =>
      Number(b.pendingVersions.length > 0) - Number(a.pendingVersions.length > 0)
      || (a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0),
  );
}
