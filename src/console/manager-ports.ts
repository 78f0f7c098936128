/**
 * What the licence manager's pages read that the licensing store does not give (gar-reference §7):
 * an establishment's subscriptions with their counts, its populations, its people by name, and
 * who holds a licence of a subscription. Reads only: every change goes through `LicensingStore`,
 * which locks, audits and never exceeds counts. Everything is scoped to one UAI, so a page can
 * never show another establishment's data by naming its subscription.
 */
import type {
  Audience,
  AssignmentCategory,
  AssignmentType,
  AssignmentView,
  LicenceUsage,
  StoredCounts,
  SubscriptionKey,
} from '../subscriptions/index.js';

export interface ManagedSubscription {
  readonly key: SubscriptionKey;
  readonly uai: string;
  readonly resourceId: string;
  /** The catalogue's name of the resource, else the subscription's `libelleRessource`. */
  readonly resourceName: string;
  readonly distributorName: string;
  /** `YYYY-MM-DDThh:mm:ss`, French legal time (gar-reference §5). */
  readonly validFrom: string;
  readonly validUntil: string;
  readonly assignmentType: AssignmentType;
  readonly category: AssignmentCategory;
  readonly audiences: readonly Audience[];
  readonly counts: StoredCounts;
  readonly used: LicenceUsage;
  /** ISO instant the distributor created it. */
  readonly createdAt: string;
}

export type PopulationKind = 'class' | 'group' | 'level' | 'subject';

export interface Population {
  readonly kind: PopulationKind;
  readonly code: string;
  readonly label: string;
  /**
   * Per audience it can be assigned for, the people an assignment of it would cover now (the
   * licences it needs): pupils and teachers of a class or group, pupils of a level, teachers of a
   * subject, present in the establishment with a profile of that audience.
   */
  readonly sizes: Readonly<Partial<Record<Audience, number>>>;
}

export interface PersonRef {
  readonly entId: string;
  readonly personId: string;
}

export interface PersonSummary extends PersonRef {
  readonly lastName: string;
  readonly firstName: string;
  /** Their profiles in this establishment (`National_elv`…). */
  readonly profiles: readonly string[];
  /** Codes of the classes (DIVISION) they belong to there. */
  readonly classes: readonly string[];
}

export interface LicenceHolder extends PersonSummary {
  readonly audience: Audience;
  readonly grantedAt: string;
  /** Still present in the establishment (a holder who left keeps the licence until the next reconcile). */
  readonly present: boolean;
  /** The live assignment naming this person, when there is one. */
  readonly personAssignmentId?: number;
  /** Also covered by a class, group, level, subject or profile assignment: taking back would not hold. */
  readonly coveredByPopulation: boolean;
}

export interface ManagerConsoleSource {
  listSubscriptions(uai: string): Promise<readonly ManagedSubscription[]>;
  /** The subscription when it belongs to this establishment; undefined otherwise. */
  findSubscription(uai: string, key: SubscriptionKey): Promise<ManagedSubscription | undefined>;
  /**
   * Live assignments of the establishment (or of one of its subscriptions) in creation order, with
   * the counts LicensingStore.listAssignments gives, read in one pass for all subscriptions.
   */
  listAssignments(uai: string, key?: SubscriptionKey): Promise<readonly AssignmentView[]>;
  /** Live classes, groups, levels (MEF) and subjects of the establishment, with their sizes per audience. */
  listPopulations(uai: string): Promise<readonly Population[]>;
  /** People present in the establishment whose names contain every word of `query` (accents and case ignored). */
  searchPeople(uai: string, query: string, limit: number): Promise<readonly PersonSummary[]>;
  /** Those of `people` present in the establishment, with their names. */
  describePeople(uai: string, people: readonly PersonRef[]): Promise<readonly PersonSummary[]>;
  /**
   * Live licence holders of the subscription (of this establishment), by name, at most `limit`, and how
   * many in all.
   */
  listHolders(
    uai: string,
    key: SubscriptionKey,
    limit: number,
  ): Promise<{ readonly total: number; readonly holders: readonly LicenceHolder[] }>;
}
