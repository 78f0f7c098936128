/**
 * What the login flow needs of the ENTs that are OpenID Providers (issue 7). The composition root
 * implements it with idp-bridge's OIDC relying party; the broker sees only the neutral
 * UpstreamIdentity that SAML also yields, so every later step is shared.
 */
import type { UpstreamIdentity } from '../core/upstream-identity.js';
import type { EntLoginMode } from '../idp-bridge/index.js';

export interface OidcEntAuthentication {
  readonly entId: string;
  /** The `state` of the authorization request: the login transaction's request id. */
  readonly requestId: string;
  readonly redirectUrl: string;
  /** PKCE verifier and nonce, opaque here, kept in the login transaction until the callback. */
  readonly secret: string;
}

export interface VerifiedOidcCallback {
  readonly identity: UpstreamIdentity;
  /** Remembered in the replay cache until `usableUntil`: the same ID token is accepted once. */
  readonly replayKey: string;
  readonly usableUntil: Date;
}

export interface OidcEntLogins {
  /** The ENT projects that log in through OIDC (for the discovery page). */
  ents(): Promise<readonly string[]>;
  /**
   * Undefined when the ENT project has no OIDC registration (it is then a SAML one, or unknown).
   * `force`: prompt=login; `passive`: prompt=none, and `verify` then throws ERR_OIDC_ENT_NO_SESSION
   * when the provider has no session.
   */
  request(entId: string, now: Date, mode: EntLoginMode): Promise<OidcEntAuthentication | undefined>;
  /**
   * A Back-Channel Logout 1.0 logout token, verified (signature by the ENT's keys, iss, aud, iat,
   * events, sid and/or sub, no nonce); throws the ERR_OIDC_ENT_LOGOUT_TOKEN_* codes.
   */
  verifyLogoutToken(logoutToken: string, now: Date): Promise<{
    readonly entIds: readonly string[]; readonly issuer: string; readonly sid?: string; readonly entUserId?: string;
    readonly jti: string; readonly usableUntil: Date;
  }>;
  /** A Front-Channel Logout 1.0 request's `iss` and `sid`, checked against the registered providers. */
  readFrontChannel(query: { readonly iss?: string; readonly sid?: string }): Promise<{
    readonly entIds: readonly string[]; readonly issuer: string; readonly sid?: string;
  }>;
  /** Throws the ERR_OIDC_ENT_* codes; the callback URL is the broker's redirect URI with the query received. */
  verify(entId: string, callbackUrl: URL, secret: string, now: Date): Promise<VerifiedOidcCallback>;
}
