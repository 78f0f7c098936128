/**
 * What the composition root gives the OpenID Provider: nothing here is read from a global, so two
 * broker instances (a cluster, or two tests) build two providers over the same store.
 */
import type { JWK } from 'oidc-provider';
import type { Logger } from '../../core/logger.js';
import type { OidcClientStore, OidcPayloadStore } from '../ports.js';
import type { OidcParticipantRecorder } from './oidc-session-participant.js';

export interface OidcProviderSettings {
  /** `<publicUrl>/oidc`. */
  readonly issuer: string;
  /** Private JWKs (RS256, each with its `kid`), the key to sign with first; the JWKS publishes them all. */
  readonly signingKeys: readonly JWK[];
  /** Keys of oidc-provider's signed cookies, the same on every node of a cluster (derived from a shared secret). */
  readonly cookieKeys: readonly string[];
  readonly ttlSeconds: {
    readonly code: number;
    readonly accessToken: number;
    readonly idToken: number;
    /** An interaction waits at most this long (the ENT round-trip included). */
    readonly interaction: number;
    /** oidc-provider's own session (the broker session is the one that matters). */
    readonly session: number;
  };
  /** Trust X-Forwarded-* (http.trustProxy): the issuer's scheme and host come from the proxy. */
  readonly proxy: boolean;
  /** The GAR attribute codes `scope.gar` may carry. */
  readonly releaseCodes: readonly string[];
  readonly pages: OidcPages;
}

/** The French pages oidc-provider shows itself; they never show an error's description. */
export interface OidcPages {
  error(input: { readonly status: number; readonly correlationId: string }): string;
  /** `form` is oidc-provider's hidden logout form (`id="op.logoutForm"`). */
  logout(form: string): string;
  loggedOut(): string;
}

export interface OidcProviderDeps {
  readonly payloads: OidcPayloadStore;
  readonly clients: OidcClientStore;
  readonly now: () => Date;
  readonly logger: Logger;
  /**
   * Where each client with a `backchannel_logout_uri` is recorded as a participant of the broker
   * session that decided its authorization (recordOidcParticipants); without it none is.
   */
  readonly participants?: OidcParticipantRecorder;
}
