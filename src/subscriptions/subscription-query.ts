/**
 * A distributor's list request (gar-reference §5, `GET|POST {base}/abonnements`), once read:
 * filters from the `<filtres>` body, an optional sort, and the `debut`/`fin` window.
 */

/** The filter names GAR accepts (gar-reference §5). */
export const filterNames = [
  'idDistributeurCom',
  'uaiEtab',
  'idAbonnement',
  'typeAffectation',
  'categorieAffectation',
  'publicCible',
  'codeProjetRessource',
] as const;
export type FilterName = (typeof filterNames)[number];

/**
 * Fields a list may be sorted by. GAR documents `triPar` without its values (clients send
 * `idAbonnement`); assumed: any single-valued element of `<abonnement>` that is not a count.
 */
export const sortFields = [
  'idAbonnement',
  'idDistributeurCom',
  'idRessource',
  'libelleRessource',
  'debutValidite',
  'finValidite',
  'uaiEtab',
  'categorieAffectation',
  'typeAffectation',
  'codeProjetRessource',
] as const;
export type SortField = (typeof sortFields)[number];

export type SortOrder = 'ASC' | 'DESC';

export interface SubscriptionFilter {
  readonly name: FilterName;
  readonly value: string;
}

export interface SubscriptionQuery {
  /** In the order sent; how several filters combine is the store's rule. */
  readonly filters: readonly SubscriptionFilter[];
  readonly sort?: { readonly by: SortField; readonly order: SortOrder };
}

/**
 * The `debut`/`fin` query numbers, checked (0 ≤ debut ≤ fin, fin − debut ≤ 1000). GAR does not
 * document whether `fin` is inclusive; the service that pages decides and says so.
 */
export interface Paging {
  readonly debut: number;
  readonly fin: number;
}
