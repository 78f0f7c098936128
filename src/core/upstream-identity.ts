/**
 * The neutral value idp-bridge hands to the broker once an ENT has authenticated a user (SAML
 * today, OIDC later): who, according to which ENT project. Nothing else of the ENT's answer
 * crosses over; everything else about the person comes from the broker's own directory.
 */
export interface UpstreamIdentity {
  readonly entId: string;
  /** The ENT's id of the user: the person id of the directory feeds (GARPersonIdentifiant). */
  readonly entUserId: string;
  /** The ENT identity provider that said so. */
  readonly issuer: string;
  readonly authnInstant: Date;
}
