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

/**
 * An ENT project whose identity provider is an OpenID Provider. Operational data: in the
 * store, managed with `gar-broker partner oidc-ent`. The client secret is readable (it is sent to
 * the provider) and never logged.
 */
export interface OidcEntRegistration {
  readonly entId: string;
  /** The provider's issuer identifier; discovery is read at `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly tokenAuthMethod: 'client_secret_basic' | 'client_secret_post';
  /** Space-separated, always including `openid`. */
  readonly scope: string;
  /** The claim (ID token, or userinfo when used) holding the ENT user id: the feeds' person id. */
  readonly userIdClaim: string;
  readonly useUserinfo: boolean;
  /** JWS algorithms accepted on its ID tokens; undefined: `oidc.idTokenAlgorithms`. */
  readonly allowedAlgorithms?: readonly string[];
}

export interface OidcEntRegistry {
  find(entId: string): Promise<OidcEntRegistration | undefined>;
  list(): Promise<readonly OidcEntRegistration[]>;
  /** Audited; replaces an existing registration of the same ENT project. */
  save(registration: OidcEntRegistration, actor: string, at: Date): Promise<'added' | 'changed' | 'unchanged'>;
  /** Audited; false when the ENT project had no OIDC registration. */
  remove(entId: string, actor: string, at: Date): Promise<boolean>;
}
