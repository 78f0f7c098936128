/**
 * ResourceStore on Kysely (SQLite and PostgreSQL alike). A batch is one transaction: its
 * publishers and distributors are upserted (a new name replaces the old, the creation date
 * stays), then each resource is inserted, updated or left alone, and every resource added or
 * changed writes its audit event beside it. A failure anywhere leaves the store as it was.
 */
import type { Kysely } from 'kysely';
import type {
  AuditContext,
  NamedParty,
  ResourceDescription,
  ResourceStore,
  VocabularyTerm,
} from '../../subscriptions/index.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { DatabaseSchema, ResourceTable } from '../database-schema.js';
import type { Store } from '../open-store.js';

type Db = Kysely<DatabaseSchema>;
type SaveCounts = { added: number; changed: number; unchanged: number };

/**
 * The médiacentre's optional fields, kept in `details` only when given: an absent field stays
 * absent, and its default (e.g. `affichable` true) is decided by the reader, not frozen into rows.
 */
const optionalDetails = ['typePedagogique', 'typologieDocument', 'validateurTech', 'affichable', 'diffusable'] as const;
type OptionalDetails = Pick<ResourceDescription, (typeof optionalDetails)[number]>;

/**
 * What the `details` JSON column holds: the labels, vocabularies and flags no query filters on.
 * Rows written before the optional fields existed lack them, and read back without them.
 */
interface ResourceDetails extends OptionalDetails {
  readonly nomEditeur: string;
  readonly nomTypePresentation: string;
  readonly niveauEducatif: readonly VocabularyTerm[];
  readonly domaineEnseignement: readonly VocabularyTerm[];
}

/** Ids per read: far below the bound-parameter limits of both SQLite and PostgreSQL. */
const readChunk = 500;

export function createResourceStore(store: Store): ResourceStore {
  const { db } = store;
  return {
    saveResources: (resources, audit) => db.transaction().execute((trx) => saveResources(trx, resources, audit)),
    findResource: async (id) => (await readResources(db, [id]))[0],
    listResources: () => readResources(db),
    resourcesOfServiceProvider: (entityId) => readResources(db, undefined, entityId),
  };
}

async function saveResources(
  trx: Db,
  resources: readonly ResourceDescription[],
  audit: AuditContext,
): Promise<SaveCounts> {
  // Read before the parties are upserted: a renamed distributor makes its resources "changed".
  const before = await existingResources(
    trx,
    resources.map((r) => r.idRessource),
  );
  const at = audit.at.toISOString();
  await upsertParties(
    trx,
    'publisher',
    resources.map((r) => r.editeur),
    at,
  );
  await upsertParties(
    trx,
    'distributor',
    resources.flatMap((r) => [r.distributeurCom, r.distributeurTech]),
    at,
  );
  const counts: SaveCounts = { added: 0, changed: 0, unchanged: 0 };
  for (const resource of resources) {
    const previous = before.get(resource.idRessource);
    if (previous !== undefined && canonicalJson(previous) === canonicalJson(resource)) {
      counts.unchanged += 1;
      continue;
    }
    const row = rowOf(resource, at);
    if (previous === undefined)
      await trx
        .insertInto('resource')
        .values({ ...row, created_at: at })
        .execute();
    else await trx.updateTable('resource').set(row).where('id', '=', resource.idRessource).execute();
    await recordAuditEvent(trx, audit, {
      action: previous === undefined ? 'resource.add' : 'resource.change',
      target: `resource:${resource.idRessource}`,
      before: previous ?? null,
      after: resource,
    });
    counts[previous === undefined ? 'added' : 'changed'] += 1;
  }
  return counts;
}

async function existingResources(trx: Db, ids: readonly string[]): Promise<Map<string, ResourceDescription>> {
  const found = new Map<string, ResourceDescription>();
  for (let start = 0; start < ids.length; start += readChunk) {
    for (const resource of await readResources(trx, ids.slice(start, start + readChunk)))
      found.set(resource.idRessource, resource);
  }
  return found;
}

/** One row per id (the last name given wins; a checked document gives each id one name). */
async function upsertParties(
  trx: Db,
  table: 'publisher' | 'distributor',
  parties: readonly NamedParty[],
  at: string,
): Promise<void> {
  const names = new Map(parties.map((p) => [p.id, p.nom]));
  for (const [id, name] of names) {
    await trx
      .insertInto(table)
      .values({ id, name, created_at: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ name }))
      .execute();
  }
}

function rowOf(resource: ResourceDescription, at: string): Omit<ResourceTable, 'created_at'> {
  const details: ResourceDetails = {
    nomEditeur: resource.editeur.nom,
    nomTypePresentation: resource.typePresentation.nom,
    niveauEducatif: resource.niveauEducatif,
    domaineEnseignement: resource.domaineEnseignement,
    ...presentOptionals(resource),
  };
  return {
    id: resource.idRessource,
    id_type: resource.typeIdRessource,
    name: resource.nomRessource,
    publisher_id: resource.editeur.id,
    commercial_distributor_id: resource.distributeurCom.id,
    technical_distributor_id: resource.distributeurTech.id,
    service_provider_id: resource.fournisseurService,
    access_url: resource.urlAccesRessource,
    thumbnail_url: resource.urlVignette ?? null,
    presentation_code: resource.typePresentation.code,
    details: JSON.stringify(details),
    updated_at: at,
  };
}

/** The resources with these ids (all when omitted; or those of one SP), ordered by id, rebuilt as they were saved. */
async function readResources(
  db: Db,
  ids?: readonly string[],
  serviceProvider?: string,
): Promise<ResourceDescription[]> {
  if (ids?.length === 0) return [];
  let query = db
    .selectFrom('resource')
    .innerJoin('distributor as com', 'com.id', 'resource.commercial_distributor_id')
    .innerJoin('distributor as tech', 'tech.id', 'resource.technical_distributor_id')
    .select([
      'resource.id',
      'resource.id_type',
      'resource.name',
      'resource.publisher_id',
      'resource.service_provider_id',
      'resource.access_url',
      'resource.thumbnail_url',
      'resource.presentation_code',
      'resource.details',
      'com.id as com_id',
      'com.name as com_name',
      'tech.id as tech_id',
      'tech.name as tech_name',
    ]);
  if (ids !== undefined) query = query.where('resource.id', 'in', ids);
  if (serviceProvider !== undefined) query = query.where('resource.service_provider_id', '=', serviceProvider);
  const rows = await query.execute();
  // Sorted here rather than in SQL: PostgreSQL's collation would order ids differently from SQLite.
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(descriptionOf);
}

interface ResourceRow
  extends Pick<
    ResourceTable,
    | 'id'
    | 'id_type'
    | 'name'
    | 'publisher_id'
    | 'service_provider_id'
    | 'access_url'
    | 'thumbnail_url'
    | 'presentation_code'
    | 'details'
  > {
  readonly com_id: string;
  readonly com_name: string;
  readonly tech_id: string;
  readonly tech_name: string;
}

/** The saved description, field for field: `save` then `find` gives back an equal value. */
function descriptionOf(row: ResourceRow): ResourceDescription {
  const details = JSON.parse(row.details) as ResourceDetails;
  return {
    idRessource: row.id,
    typeIdRessource: row.id_type,
    nomRessource: row.name,
    editeur: { id: row.publisher_id, nom: details.nomEditeur },
    distributeurCom: { id: row.com_id, nom: row.com_name },
    distributeurTech: { id: row.tech_id, nom: row.tech_name },
    // Both columns are written by every save; empty only for rows written by hand.
    fournisseurService: row.service_provider_id ?? '',
    urlAccesRessource: row.access_url,
    ...(row.thumbnail_url === null ? {} : { urlVignette: row.thumbnail_url }),
    typePresentation: { code: row.presentation_code ?? '', nom: details.nomTypePresentation },
    niveauEducatif: details.niveauEducatif,
    domaineEnseignement: details.domaineEnseignement,
    ...presentOptionals(details),
  };
}

/** The optional médiacentre fields that `from` holds, and only those. */
function presentOptionals(from: OptionalDetails): OptionalDetails {
  return Object.fromEntries(optionalDetails.filter((key) => from[key] !== undefined).map((key) => [key, from[key]]));
}

/** JSON with object keys sorted at every level: equal descriptions give equal text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
