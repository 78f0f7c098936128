/**
 * A partner's LogoutResponse to a LogoutRequest the broker sent (saml-core §3.7.2), HTTP-Redirect
 * or HTTP-POST, into a VerifiedLogoutResponse: verified by verify-logout-message.ts and naming
 * the request it answers. Its status is returned, not judged: a partner that could not log the
 * user out is the caller's to report, and the message is still authentic.
 */
import { fail } from '../../core/fail.js';
import { readLogoutResponseFields } from './logout-message-fields.js';
import type { IncomingSamlMessage, LogoutMessageExpectations, VerifiedLogoutResponse } from './saml-logout-protocol.js';
import { verifyLogoutMessage } from './verify-logout-message.js';
import { definedFields } from '../../core/defined-fields.js';

export async function readLogoutResponse(
  input: IncomingSamlMessage,
  expect: LogoutMessageExpectations,
): Promise<VerifiedLogoutResponse> {
  const { root, header, partner, relayState } = await verifyLogoutMessage(input, 'LogoutResponse', expect);
  const fields = readLogoutResponseFields(root);
  // saml-core §3.2.2 leaves InResponseTo optional, but a LogoutResponse answers a request of
  // ours (saml-profiles §4.4.4.2): without it, nothing ties it to a logout the broker started.
  if (fields.inResponseTo === undefined) {
    throw fail(
      'ERR_SAML_LOGOUT_IN_RESPONSE_TO',
      'La réponse de déconnexion ne se rapporte à aucune demande.',
      'InResponseTo missing',
    );
  }
  return {
    id: header.id,
    issuer: header.issuer,
    inResponseTo: fields.inResponseTo,
    binding: input.binding,
    status: fields.status,
    ...definedFields({ subStatus: fields.subStatus, relayState }),
    partner,
  };
}
