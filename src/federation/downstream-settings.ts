import type { KeyObject } from 'node:crypto';

/** The broker's side toward publishers, from configuration and the keyring. */
export interface DownstreamSettings {
  readonly idpEntityId: string;
  readonly ssoUrl: string;
  readonly requireSignedRequests: boolean;
  readonly skewSeconds: number;
  readonly assertionLifetimeSeconds: number;
  /** The signing key and its certificate in use at `now`. */
  readonly signing: (now: Date) => { readonly privateKey: KeyObject; readonly certificatePem: string };
}
