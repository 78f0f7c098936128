/**
 * Registers a publisher's OIDC client for one technical distributor. The broker's own
 * rules first (the checks below), then oidc-provider's client schema (`validate`, the same one
 * the provider applies when it reads the client), then the store. A refused client leaves nothing.
 *
 * | rule                                                    | why                                          |
 * |---------------------------------------------------------|----------------------------------------------|
 * | client id `[A-Za-z0-9._:-]{3,128}`                      | shows in logs, URLs and the audit            |
 * | distributor `SIREN_16digits`                            | gar-reference §5, as SAML SPs                |
 * | redirect URIs absolute https, no fragment nor           | a code travels there                         |
 * |   credentials (RFC 6749 §3.1.2); http only to           |                                              |
 * |   localhost/127.0.0.1 (tests, demos)                    |                                              |
 * | `client_secret_basic`/`_post` with a secret ≥ 32 chars, | confidential clients; a private key never    |
 * |   or `private_key_jwt` with public JWKs only            |   belongs here                               |
 * | response type `code`, grant `authorization_code` only   | no implicit, no refresh token                |
 * | `backchannel_logout_uri` (optional) as a redirect URI   | a logout token travels there                 |
 * | `backchannel_logout_session_required` true unless told  | it names the ID token's `sid` (BCL 1.0 §2.2) |
 */
import { fail } from '../../core/fail.js';
import type { OidcClientRecord, OidcClientStore } from '../ports.js';

export interface OidcClientRegistration {
  readonly clientId: string;
  readonly distributorId: string;
  readonly redirectUris: readonly string[];
  readonly auth:
    | { readonly method: 'client_secret_basic' | 'client_secret_post'; readonly secret: string }
    | { readonly method: 'private_key_jwt'; readonly jwks: unknown };
  /** Where the broker POSTs a logout token when the broker session of an authorization ends. */
  readonly backchannelLogout?: {
    readonly uri: string;
    /** The logout token (and the ID token) carry `sid`; default true, so the publisher ends that session only. */
    readonly sessionRequired?: boolean;
  };
}

export interface RegisterOidcClientDeps {
  readonly store: OidcClientStore;
  /** oidc-provider's client schema; throws when it refuses the metadata. */
  readonly validate: (metadata: Readonly<Record<string, unknown>>) => Promise<void>;
  readonly actor: string;
  readonly now: Date;
}

const clientIdPattern = /^[A-Za-z0-9._:-]{3,128}$/;
const distributorPattern = /^\d{9}_\d{16}$/;
const localHosts = new Set(['localhost', '127.0.0.1', '[::1]']);
/** RFC 7518 §6.2.2, §6.3.2, §6.4, RFC 8037: the members only a private key has. */
const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const minSecretLength = 32;

export async function registerOidcClient(
  registration: OidcClientRegistration,
  deps: RegisterOidcClientDeps,
): Promise<{ readonly record: OidcClientRecord; readonly outcome: 'added' | 'changed' | 'unchanged' }> {
  if (!clientIdPattern.test(registration.clientId))
    throw refused('identifiant de client invalide (3 à 128 caractères parmi A-Z a-z 0-9 . _ : -)');
  if (!distributorPattern.test(registration.distributorId))
    throw refused('distributeur technique invalide (SIREN_16chiffres attendu)');
  if (registration.redirectUris.length === 0)
    throw refused('au moins une adresse de retour (redirect_uri) est requise');
  for (const uri of registration.redirectUris) checkWebUri(uri, 'adresse de retour');
  const metadata = {
    ...authMetadata(registration.auth),
    redirect_uris: [...registration.redirectUris],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    ...backchannelLogoutMetadata(registration.backchannelLogout),
  };
  try {
    await deps.validate({ ...metadata, client_id: registration.clientId });
  } catch (error) {
    throw refused(
      'métadonnées refusées par le schéma des clients OIDC',
      error instanceof Error ? error.message : String(error),
    );
  }
  const record: OidcClientRecord = {
    clientId: registration.clientId,
    distributorId: registration.distributorId,
    metadata,
  };
  return { record, outcome: await deps.store.save(record, deps.actor, deps.now) };
}

/** A redirect URI or the back-channel logout URI: https, no fragment nor credentials; http only to localhost. */
function checkWebUri(value: string, what: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refused(`${what} illisible : ${value}`);
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && localHosts.has(url.hostname));
  if (!secure || url.hash !== '' || value.includes('#') || url.username !== '' || url.password !== '') {
    throw refused(`${what} refusée (https, sans fragment ni identifiants ; http seulement vers localhost) : ${value}`);
  }
}

function backchannelLogoutMetadata(logout: OidcClientRegistration['backchannelLogout']): Record<string, unknown> {
  if (logout === undefined) return {};
  checkWebUri(logout.uri, 'adresse de déconnexion (backchannel_logout_uri)');
  return { backchannel_logout_uri: logout.uri, backchannel_logout_session_required: logout.sessionRequired ?? true };
}

function authMetadata(auth: OidcClientRegistration['auth']): Record<string, unknown> {
  if (auth.method === 'private_key_jwt') {
    return { token_endpoint_auth_method: 'private_key_jwt', jwks: publicJwks(auth.jwks) };
  }
  if (auth.method !== 'client_secret_basic' && auth.method !== 'client_secret_post')
    throw refused('méthode d’authentification non prise en charge');
  if (auth.secret.length < minSecretLength) throw refused(`secret trop court (${minSecretLength} caractères au moins)`);
  return { token_endpoint_auth_method: auth.method, client_secret: auth.secret };
}

function publicJwks(jwks: unknown): { keys: Record<string, unknown>[] } {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0)
    throw refused('un jeu de clés publiques (JWKS, { "keys": [...] }) est requis pour private_key_jwt');
  return {
    keys: keys.map((key: unknown) => {
      if (typeof key !== 'object' || key === null) throw refused('clé JWK illisible');
      const found = privateMembers.filter((m) => m in key);
      if (found.length > 0)
        throw refused(
          'le JWKS contient une clé privée : ne donnez que les clés publiques',
          `private members ${found.join(',')}`,
        );
      return key as Record<string, unknown>;
    }),
  };
}

function refused(message: string, detail?: string): Error {
  return fail('ERR_OIDC_CLIENT_INPUT', message, detail);
}
