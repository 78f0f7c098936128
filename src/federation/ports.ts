/**
 * The storage the federation registry needs: the SAML metadata of ENT identity
 * providers and of publishers' service providers. Only metadata that `readSamlMetadata` (trust)
 * accepted is saved; the raw XML is kept and re-read through trust by whoever uses it, so inner
 * code never trusts a parsed copy kept here.
 */

/** Where a partner's metadata came from; `url` metadata is fetched again on a schedule. */
export type SamlPartnerSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'cli' };

export interface SamlPartnerRecord {
  readonly entityId: string;
  readonly role: 'idp' | 'sp';
  /** For an ENT IdP: the ENT project it authenticates (one IdP per ENT project). */
  readonly entId?: string;
  /** For a publisher SP: the technical distributor (gar-reference §5, idDistributeurCom). */
  readonly distributorId?: string;
  readonly source: SamlPartnerSource;
  readonly metadataXml: string;
  /** When set, the metadata must carry a valid signature by this certificate's key. */
  readonly signerCertificatePem?: string;
  /** ISO date-time: the earliest `validUntil` of the metadata, when it has one. */
  readonly validUntil?: string;
  readonly loadedAt: string;
  /** ISO date-time: when metadata fetched from a URL is to be fetched again. */
  readonly refreshAfter?: string;
}

export type SamlPartnerSaveOutcome = 'added' | 'changed' | 'unchanged';

export interface SamlPartnerStore {
  /** Audited at `record.loadedAt`; throws ERR_SAML_PARTNER_ENT_TAKEN when another IdP serves the ENT project. */
  save(record: SamlPartnerRecord, actor: string): Promise<SamlPartnerSaveOutcome>;
  find(entityId: string): Promise<SamlPartnerRecord | undefined>;
  list(role?: 'idp' | 'sp'): Promise<readonly SamlPartnerRecord[]>;
  findIdpOfEnt(entId: string): Promise<SamlPartnerRecord | undefined>;
  /** Moves the next fetch of URL metadata (after a failed refresh); not audited, nothing else changes. */
  deferRefresh(entityId: string, refreshAfter: string): Promise<void>;
  /** False when no partner has this entity id. */
  remove(entityId: string, actor: string, at: Date): Promise<boolean>;
}

/**
 * A publisher's OIDC client, registered for one technical distributor. `metadata` is
 * the client metadata oidc-provider reads (`redirect_uris`, `token_endpoint_auth_method`:
 * `client_secret_basic` | `client_secret_post` | `private_key_jwt`, `client_secret` or `jwks`…),
 * validated when registered.
 */
export interface OidcClientRecord {
  readonly clientId: string;
  readonly distributorId: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface OidcClientStore {
  find(clientId: string): Promise<OidcClientRecord | undefined>;
  list(): Promise<readonly OidcClientRecord[]>;
  /** Audited. */
  save(record: OidcClientRecord, actor: string, at: Date): Promise<'added' | 'changed' | 'unchanged'>;
  /** Audited; false when unknown. */
  remove(clientId: string, actor: string, at: Date): Promise<boolean>;
}

/**
 * oidc-provider's adapter contract on table `oidc_payload` (one instance per model name). The
 * payload's `grantId`, `uid` and `userCode` are indexed; `find*` skip expired rows and return the
 * payload with `consumed` (epoch seconds) once consumed, as oidc-provider expects.
 */
export interface OidcPayloadStore {
  upsert(
    model: string,
    id: string,
    payload: Readonly<Record<string, unknown>>,
    expiresAt: Date | undefined,
  ): Promise<void>;
  find(model: string, id: string, now: Date): Promise<Record<string, unknown> | undefined>;
  findByUid(model: string, uid: string, now: Date): Promise<Record<string, unknown> | undefined>;
  findByUserCode(model: string, userCode: string, now: Date): Promise<Record<string, unknown> | undefined>;
  /** True for the one call that consumed it: of two concurrent token requests with one code, one wins. */
  consume(model: string, id: string, at: Date): Promise<boolean>;
  destroy(model: string, id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
  purgeExpired(now: Date): Promise<number>;
}

/** A CAS service: the exact service URL a resource's site sends, and that resource. */
export interface CasServiceRecord {
  readonly serviceUrl: string;
  readonly idRessource: string;
  /** Where the back-channel logout goes; undefined: the service URL. */
  readonly logoutUrl?: string;
}

export interface CasServiceStore {
  /** Exact match only (no prefix, no pattern): CAS protocol's service check, gar-reference §4. */
  find(serviceUrl: string): Promise<CasServiceRecord | undefined>;
  list(): Promise<readonly CasServiceRecord[]>;
  save(record: CasServiceRecord, actor: string, at: Date): Promise<'added' | 'changed' | 'unchanged'>;
  remove(serviceUrl: string, actor: string, at: Date): Promise<boolean>;
}
