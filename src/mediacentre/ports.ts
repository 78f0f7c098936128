/**
 * What the médiacentre web service needs from storage (src/store implements it). Licences are
 * always read live: a new assignment shows in the next answer.
 */
import type { EntitlementFacts } from '../subscriptions/index.js';

export interface MediacentreEstablishment {
  readonly uai: string;
  /** The ENT project whose feed holds the establishment. */
  readonly entId: string;
}

/** A subscription of the establishment, as the entitlement rule reads it for one person. */
export type OfferedSubscription = EntitlementFacts['subscriptions'][number];

export interface PersonOffer {
  /**
   * `unknown`: the ENT project has no live person with this id; otherwise the live profiles in the
   * establishment (maybe none).
   */
  readonly person: 'unknown' | { readonly profiles: readonly string[] };
  /**
   * Every subscription of the establishment, by resource id, each with whether this person holds one of
   * its licences.
   */
  readonly subscriptionsByResource: ReadonlyMap<string, readonly OfferedSubscription[]>;
}

export interface MediacentreStore {
  /** A live establishment (not departed), or undefined. */
  findEstablishment(uai: string): Promise<MediacentreEstablishment | undefined>;
  loadOffer(person: { readonly entId: string; readonly personId: string }, uai: string): Promise<PersonOffer>;
}
