/**
 * The neutral value idp-bridge hands to the broker once an ENT has authenticated a user (SAML
 * or OIDC): who, according to which ENT project. Nothing else of the ENT's answer
 * crosses over; everything else about the person comes from the broker's own directory.
 */
export interface UpstreamIdentity {
  readonly entId: string;
  /** The ENT's id of the user: the person id of the directory feeds (GARPersonIdentifiant). */
  readonly entUserId: string;
  /** The ENT identity provider that said so. */
  readonly issuer: string;
  readonly authnInstant: Date;
  /**
   * The ENT session this authentication belongs to, as the ENT names it: a logout from the ENT
   * names the same values, and ends exactly the broker sessions opened from it.
   */
  readonly entSession?: EntSessionRef;
}

/** How an ENT names one of its sessions: SAML (NameID and SessionIndex) or OIDC (`sid`). */
export interface EntSessionRef {
  /** SAML: the AuthnStatement's SessionIndex. */
  readonly sessionIndex?: string;
  /** SAML: the assertion's NameID, sent back in the broker's LogoutRequest to the ENT. */
  readonly nameId?: string;
  readonly nameIdFormat?: string;
  /** OIDC: the ID token's `sid` claim (OpenID Connect Back-Channel / Front-Channel Logout 1.0). */
  readonly sid?: string;
}
