/**
 * How the OIDC and CAS registrations show on the operator's pages: ENT projects logging
 * in through an OpenID Provider, publishers' OIDC clients, CAS services. Read-only (they are
 * registered with the CLI). Each row copies named fields only, so a secret the record carries (the
 * ENT's client secret, a client's `client_secret` in its metadata) never reaches a template: the
 * row says whether one is stored, nothing more.
 */
import type { CataloguePartyRow } from '../operator-ports.js';
import type { CasServiceRecord, OidcClientRecord, SamlPartnerRecord } from '../../federation/index.js';
import type { OidcEntRegistration } from '../../idp-bridge/index.js';
import type { ResourceDescription } from '../../subscriptions/index.js';
import { entPath } from './operator-paths.js';
import { metadataRow, type MetadataRow } from './partner-rows.js';
import type { Translate } from './operator-render.js';
import { definedFields } from '../../core/defined-fields.js';

export interface OidcEntRow {
  readonly entId: string;
  readonly href: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly authMethod: string;
  readonly scope: string;
  readonly userIdClaim: string;
  readonly userinfo: boolean;
  /** Undefined: the configuration's `oidc.idTokenAlgorithms`. */
  readonly algorithms?: string;
  readonly secretStored: boolean;
}

export function oidcEntRow(r: OidcEntRegistration): OidcEntRow {
  return {
    entId: r.entId,
    href: entPath(r.entId),
    issuer: r.issuer,
    clientId: r.clientId,
    authMethod: r.tokenAuthMethod,
    scope: r.scope,
    userIdClaim: r.userIdClaim,
    userinfo: r.useUserinfo,
    secretStored: r.clientSecret !== undefined && r.clientSecret !== '',
    ...(r.allowedAlgorithms === undefined || r.allowedAlgorithms.length === 0
      ? {}
      : { algorithms: r.allowedAlgorithms.join(', ') }),
  };
}

export interface OidcClientRow {
  readonly clientId: string;
  readonly distributorId: string;
  readonly distributorName?: string;
  readonly authMethod: string;
  readonly redirectUris: readonly string[];
  /** Public keys registered for `private_key_jwt`; undefined for the secret methods. */
  readonly publicKeys?: number;
}

export function oidcClientRow(r: OidcClientRecord, distributors: readonly CataloguePartyRow[]): OidcClientRow {
  const method = r.metadata['token_endpoint_auth_method'];
  const uris = r.metadata['redirect_uris'];
  const keys = (r.metadata['jwks'] as { keys?: unknown } | undefined)?.keys;
  const name = distributors.find((d) => d.id === r.distributorId)?.name;
  return {
    clientId: r.clientId,
    distributorId: r.distributorId,
    authMethod: typeof method === 'string' ? method : '—',
    redirectUris: Array.isArray(uris) ? uris.filter((u): u is string => typeof u === 'string') : [],
    ...definedFields({ distributorName: name }),
    ...(Array.isArray(keys) ? { publicKeys: keys.length } : {}),
  };
}

export interface CasServiceRow {
  readonly serviceUrl: string;
  readonly idRessource: string;
  readonly resourceName?: string;
  /** Undefined: the back-channel logout goes to the service URL. */
  readonly logoutUrl?: string;
}

export function casServiceRow(
  r: CasServiceRecord,
  resources: readonly Pick<ResourceDescription, 'idRessource' | 'nomRessource'>[],
): CasServiceRow {
  const name = resources.find((res) => res.idRessource === r.idRessource)?.nomRessource;
  return {
    serviceUrl: r.serviceUrl,
    idRessource: r.idRessource,
    ...definedFields({ resourceName: name, logoutUrl: r.logoutUrl }),
  };
}

/**
 * How an ENT project's users log in: an OIDC registration wins over SAML metadata (the broker asks
 * its OIDC logins first, src/broker/browser-session.ts beginEntLogin), so both may be listed.
 */
export interface EntLogin {
  readonly protocol: 'oidc' | 'saml' | 'none';
  readonly oidc?: OidcEntRow;
  readonly idp?: MetadataRow;
}

export function entLogin(
  oidc: OidcEntRegistration | undefined,
  idp: SamlPartnerRecord | undefined,
  now: Date,
  t: Translate,
): EntLogin {
  const saml = idp === undefined ? {} : { idp: metadataRow(idp, now, t) };
  if (oidc !== undefined) return { protocol: 'oidc', oidc: oidcEntRow(oidc), ...saml };
  return { protocol: idp === undefined ? 'none' : 'saml', ...saml };
}
