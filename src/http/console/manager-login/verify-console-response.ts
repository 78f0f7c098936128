/**
 * The ENT's Response at the console's ACS, verified by trust against the metadata of the IdP it
 * claims to come from (the claim only chooses whose keys verify; an unknown issuer is refused
 * before any other work), with the console's entityID as the only Audience and its ACS as the
 * only Destination and Recipient. Unsolicited Responses are accepted here and only here: GAR's
 * ENTs log licence managers in by IdP-initiated SSO (saml-profiles §4.1.5).
 */
import { fail } from '../../../core/fail.js';
import type { EntIdentityProviders, UpstreamSettings } from '../../../idp-bridge/index.js';
import { maxIdpResponseBytes, peekSamlIssuer, readIdpResponse, receiveSamlMessage } from '../../../trust/index.js';

export interface VerifiedConsoleResponse {
  /** The ENT project of the IdP that signed: the only one the person is looked up in. */
  readonly entId: string;
  readonly personId: string;
  readonly issuer: string;
  /** Absent for an IdP-initiated (unsolicited) Response. */
  readonly inResponseTo?: string;
  readonly assertionId: string;
  /** Until when the assertion could be accepted: its replay-cache entry lives this long. */
  readonly usableUntil: Date;
}

export async function verifyConsoleResponse(idps: EntIdentityProviders, sp: UpstreamSettings, samlResponse: string, now: Date): Promise<VerifiedConsoleResponse> {
  const message = receiveSamlMessage(samlResponse, maxIdpResponseBytes);
  const issuer = peekSamlIssuer(message, maxIdpResponseBytes);
  const idp = issuer === undefined ? undefined : await idps.byEntityId(issuer, now);
  if (idp === undefined) throw fail('ERR_LOGIN_IDP_UNKNOWN', "Réponse d'un fournisseur d'identité inconnu.", `issuer ${issuer ?? '(none)'}`);
  const assertion = readIdpResponse(message, {
    idp: idp.metadata, spEntityId: sp.spEntityId, acsUrl: sp.acsUrl, now, skewSeconds: sp.skewSeconds,
    requiredSignature: sp.requiredSignature, decryptionKeys: sp.decryptionKeys(now), unsolicited: 'accept',
  });
  // The user id as in the brokered login: the configured attribute's first non-blank value, else the NameID.
  const fromAttribute = assertion.attributes[sp.userIdAttribute]?.find((v) => v.trim() !== '');
  return {
    entId: idp.entId,
    personId: (fromAttribute ?? assertion.nameId.value).trim(),
    issuer: assertion.issuer,
    ...(assertion.inResponseTo === undefined ? {} : { inResponseTo: assertion.inResponseTo }),
    assertionId: assertion.assertionId,
    usableUntil: new Date(assertion.notOnOrAfter.getTime() + sp.skewSeconds * 1000),
  };
}
