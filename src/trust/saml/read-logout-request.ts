/**
 * A partner's LogoutRequest at one of the broker's SingleLogoutService endpoints (an ENT's, at
 * the broker's SP side; a publisher's, at its IdP side), HTTP-Redirect or HTTP-POST, into a
 * VerifiedLogoutRequest: verified by verify-logout-message.ts, not expired (saml-core §3.7.1
 * NotOnOrAfter), naming the principal by a clear NameID. Every field comes from the signed bytes.
 */
import { checkLogoutNotOnOrAfter } from './check-logout-header.js';
import { readLogoutRequestFields } from './logout-message-fields.js';
import type { IncomingSamlMessage, LogoutMessageExpectations, VerifiedLogoutRequest } from './saml-logout-protocol.js';
import { verifyLogoutMessage } from './verify-logout-message.js';
import { definedFields } from '../../core/defined-fields.js';

export async function readLogoutRequest(
  input: IncomingSamlMessage,
  expect: LogoutMessageExpectations,
): Promise<VerifiedLogoutRequest> {
  const { root, header, partner, relayState } = await verifyLogoutMessage(input, 'LogoutRequest', expect);
  const fields = readLogoutRequestFields(root);
  checkLogoutNotOnOrAfter(fields.notOnOrAfter, expect.now, expect.skewSeconds);
  return {
    id: header.id,
    issuer: header.issuer,
    issueInstant: header.issueInstant,
    binding: input.binding,
    ...definedFields({ notOnOrAfter: fields.notOnOrAfter }),
    nameId: fields.nameId,
    sessionIndexes: fields.sessionIndexes,
    ...definedFields({ relayState }),
    partner,
  };
}
