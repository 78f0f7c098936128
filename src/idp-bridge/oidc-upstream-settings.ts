/** The broker's side of an OIDC ENT login, from configuration (`oidc.*`, `login.clockSkewSeconds`). */
export interface OidcUpstreamSettings {
  /** The broker's callback, <publicUrl>/ent/oidc/callback: a getter, known once the server listens. */
  readonly redirectUri: string;
  /** `oidc.idTokenAlgorithms`: the ID token algorithms of a registration that does not narrow them. */
  readonly defaultAlgorithms: readonly string[];
  readonly discoveryCacheMinutes: number;
  readonly httpTimeoutSeconds: number;
  /** Tests and local demos only: providers reached over plain http. */
  readonly allowInsecureHttp: boolean;
  readonly skewSeconds: number;
}
