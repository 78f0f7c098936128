/**
 * What idp-bridge needs to know of the ENTs' identity providers. The composition root implements
 * it over the federation registry (metadata re-read through trust, cached, validUntil honoured).
 */
import type { IdpMetadata } from '../trust/index.js';

export interface EntIdp {
  readonly entId: string;
  readonly metadata: IdpMetadata;
}

export interface EntIdentityProviders {
  /** The usable IdP of an ENT project at `now`, or undefined. */
  ofEnt(entId: string, now: Date): Promise<EntIdp | undefined>;
  /** The usable IdP of this entityID at `now`, or undefined. */
  byEntityId(entityId: string, now: Date): Promise<EntIdp | undefined>;
}
