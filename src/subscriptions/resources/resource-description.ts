/**
 * A resource as the operator registers it (`gar-broker resource add|import`, JSON). Field names
 * follow GAR's médiacentre vocabulary (gar-reference §4, §6) so that the listing the ENTs read
 * later is a projection, not a translation.
 */

/** A term of a national vocabulary (ScoLOMFR): its URI and its label. */
export interface VocabularyTerm {
  readonly uri: string;
  readonly nom: string;
}

export interface NamedParty {
  /** Publishers: free id; distributors: `SIREN_16digits` (≤26 characters). */
  readonly id: string;
  readonly nom: string;
}

export interface ResourceDescription {
  /** The resource id (an ARK for `ark`), ≤1024 characters. */
  readonly idRessource: string;
  /** `ark` in GAR; ≤50 characters. */
  readonly typeIdRessource: string;
  readonly nomRessource: string;
  readonly editeur: NamedParty;
  /** Sells the licences (the `idDistributeurCom` of subscriptions). */
  readonly distributeurCom: NamedParty;
  /** Runs the service the user lands on. */
  readonly distributeurTech: NamedParty;
  /** The technical distributor's service provider that opens it: SAML entityID, OIDC client id or CAS service. */
  readonly fournisseurService: string;
  /** Where the médiacentre sends the user (https). */
  readonly urlAccesRessource: string;
  readonly urlVignette?: string;
  readonly typePresentation: { readonly code: string; readonly nom: string };
  readonly niveauEducatif: readonly VocabularyTerm[];
  readonly domaineEnseignement: readonly VocabularyTerm[];
  /** ScoLOMFR educational types (médiacentre `typePedagogique`); absent = none. */
  readonly typePedagogique?: readonly VocabularyTerm[];
  /** ScoLOMFR document types (médiacentre `typologieDocument`); absent = none. */
  readonly typologieDocument?: readonly VocabularyTerm[];
  /** Who validated the technical integration (`SIREN_16digits`); absent = the technical distributor. */
  readonly validateurTech?: string;
  /** May ENTs show it in a médiacentre (`ressourcesDiffusables.affichable`); absent = true. */
  readonly affichable?: boolean;
  /** Is it offered to ENT projects at all (`ressourcesDiffusables.diffusable`); absent = true. */
  readonly diffusable?: boolean;
}
