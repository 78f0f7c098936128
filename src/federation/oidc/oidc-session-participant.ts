/**
 * A client that received tokens in a broker session, as the broker's `SessionParticipant` of kind
 * `oidc` (broker/ports.ts) records it: declared here in the same shape, since federation never
 * imports broker. The broker's participant store satisfies OidcParticipantRecorder as it is.
 */
export interface OidcSessionParticipant {
  readonly kind: 'oidc';
  /** SHA-256 of the broker session cookie that decided the authorization. */
  readonly sessionHash: string;
  /** The client id. */
  readonly partnerId: string;
  /** `sub`: the IDO. */
  readonly subject: string;
  /** The `sid` of the client's ID token (oidc-provider's, per client and provider session). */
  readonly sid: string;
  readonly at: Date;
}

/** What recording needs of the broker's participant store. */
export interface OidcParticipantRecorder {
  /** Idempotent: the same client and `sid` in one session is one participant. */
  record(participant: OidcSessionParticipant, keepUntil: Date): Promise<void>;
}
