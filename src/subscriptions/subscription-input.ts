/**
 * A subscription (abonnement) as a distributor sends it to create or update one (gar-reference
 * §5), once read and checked: the neutral value the rest of the broker sees, never the XML.
 * Field names are GAR's element names, so the wire grammar and this type read side by side.
 * Free texts are trimmed of XML white space and never empty: an empty optional element reads
 * as absent.
 */

/** Audiences (gar-reference §5 `publicCible`), in GAR's spelling. */
export const audiences = ['ELEVE', 'ENSEIGNANT', 'DOCUMENTALISTE', 'AUTRE PERSONNEL'] as const;
export type Audience = (typeof audiences)[number];

/** May the RA take a licence back and give it again (gar-reference §5 `categorieAffectation`). */
export const assignmentCategories = ['transferable', 'non transferable'] as const;
export type AssignmentCategory = (typeof assignmentCategories)[number];

/** INDIV: licences assigned to people; ETABL: the whole establishment (`typeAffectation`). */
export const assignmentTypes = ['INDIV', 'ETABL'] as const;
export type AssignmentType = (typeof assignmentTypes)[number];

/** A number of licences, or no limit. */
export type LicenceCount = number | 'ILLIMITE';

/**
 * A local date-time `YYYY-MM-DDThh:mm:ss`, optionally with a fraction of seconds, no time zone
 * (assumed: French legal time, as GAR's own answers carry +01:00/+02:00).
 */
export type LocalDateTime = string;

/**
 * The end of validity as the distributor gave it: a date-time, or a school year `2025-2026`
 * which ends on 15 August of its second year. `finValidite` is always the effective end.
 */
export type SubscriptionEnd =
  | { readonly kind: 'date'; readonly finValidite: LocalDateTime }
  | { readonly kind: 'schoolYear'; readonly anneeFinValidite: string; readonly finValidite: LocalDateTime };

/** One count for all audiences, or one per audience (gar-reference §5: never both). */
export type LicenceCounts =
  | { readonly kind: 'global'; readonly nbLicenceGlobale: LicenceCount }
  | {
      readonly kind: 'perAudience';
      readonly nbLicenceEnseignant: LicenceCount;
      readonly nbLicenceEleve: LicenceCount;
      readonly nbLicenceProfDoc: LicenceCount;
      readonly nbLicenceAutrePersonnel: LicenceCount;
    };

export interface SubscriptionInput {
  /** Distributor-chosen id, also the URL key: ≤45 characters, no white space. */
  readonly idAbonnement: string;
  readonly commentaireAbonnement?: string;
  /** Commercial distributor: SIREN (9 digits) `_` 16 digits. */
  readonly idDistributeurCom: string;
  /** Resource id (an ARK) and its type (`ark`). */
  readonly idRessource: string;
  readonly typeIdRessource: string;
  readonly libelleRessource: string;
  readonly debutValidite: LocalDateTime;
  readonly fin: SubscriptionEnd;
  /** Establishment UAI: set at creation, never changed, so absent from an update. */
  readonly uaiEtab?: string;
  readonly categorieAffectation: AssignmentCategory;
  readonly typeAffectation: AssignmentType;
  readonly licences: LicenceCounts;
  /** 1..n audiences, no duplicate, in the order sent. */
  readonly publicCible: readonly Audience[];
  readonly codeProjetRessource?: string;
}

/** What a create request (PUT) gives: the establishment is always named. */
export type SubscriptionCreation = SubscriptionInput & { readonly uaiEtab: string };

/** What an update request (POST) gives: never the establishment. */
export type SubscriptionUpdate = Omit<SubscriptionInput, 'uaiEtab'>;
