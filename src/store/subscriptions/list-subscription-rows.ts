/**
 * The list operation of the subscription web service (gar-reference §5): the distributor's own
 * subscriptions, filtered, sorted, paged. Filters of the same name are alternatives (OR); filters
 * of different names must all hold (AND). Without a sort the order is by id, so that pages are
 * stable; a sort always ends with the id as tie-breaker for the same reason.
 */
import { sql, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import {
  audiences,
  type FilterName,
  type Paging,
  type SortField,
  type SubscriptionFilter,
  type SubscriptionQuery,
} from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';

type SubscriptionColumn = keyof DatabaseSchema['subscription'];
type Eb = ExpressionBuilder<DatabaseSchema, 'subscription'>;

const filterColumns: Readonly<Record<Exclude<FilterName, 'publicCible'>, SubscriptionColumn>> = {
  idDistributeurCom: 'commercial_distributor_id',
  uaiEtab: 'uai',
  idAbonnement: 'id',
  typeAffectation: 'assignment_type',
  categorieAffectation: 'category',
  codeProjetRessource: 'project_code',
};

const sortColumns: Readonly<Record<SortField, SubscriptionColumn>> = {
  idAbonnement: 'id',
  idDistributeurCom: 'commercial_distributor_id',
  idRessource: 'resource_id',
  libelleRessource: 'resource_label',
  debutValidite: 'valid_from',
  finValidite: 'valid_until',
  uaiEtab: 'uai',
  categorieAffectation: 'category',
  typeAffectation: 'assignment_type',
  codeProjetRessource: 'project_code',
};

export function listSubscriptionRows(
  db: Kysely<DatabaseSchema>,
  distributorId: string,
  query: SubscriptionQuery,
  paging: Paging,
) {
  let select = db
    .selectFrom('subscription')
    .selectAll()
    .where((eb) => matchesQuery(eb, distributorId, query));
  if (query.sort) select = select.orderBy(sortColumns[query.sort.by], query.sort.order === 'DESC' ? 'desc' : 'asc');
  return select
    .orderBy('id')
    .offset(paging.debut)
    .limit(paging.fin - paging.debut)
    .execute();
}

/** How many subscriptions the same query lists on all its pages together. */
export async function countSubscriptionRows(
  db: Kysely<DatabaseSchema>,
  distributorId: string,
  query: SubscriptionQuery,
): Promise<number> {
  const row = await db
    .selectFrom('subscription')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where((eb) => matchesQuery(eb, distributorId, query))
    .executeTakeFirstOrThrow();
  // PostgreSQL's count is a bigint, which pg hands over as a string.
  return Number(row.n);
}

/** The distributor's own, and every filter name holding (AND), any of its values (OR). */
function matchesQuery(eb: Eb, distributorId: string, query: SubscriptionQuery) {
  return eb.and([
    eb('distributor_id', '=', distributorId),
    ...[...groupFilters(query.filters)].map(([name, values]) =>
      eb.or(values.map((value) => filterMatches(eb, name, value))),
    ),
  ]);
}

function groupFilters(filters: readonly SubscriptionFilter[]): Map<FilterName, string[]> {
  const groups = new Map<FilterName, string[]>();
  for (const filter of filters) groups.set(filter.name, [...(groups.get(filter.name) ?? []), filter.value]);
  return groups;
}

function filterMatches(eb: Eb, name: FilterName, value: string) {
  if (name === 'publicCible') {
    // Audiences are stored as a JSON array of GAR's fixed words: a known word, quoted, matches
    // exactly one element; any other value matches nothing (and never reaches LIKE).
    if (!(audiences as readonly string[]).includes(value)) return sql<SqlBool>`1 = 0`;
    return eb('audiences', 'like', `%${JSON.stringify(value)}%`);
  }
  return eb(filterColumns[name], '=', value);
}
