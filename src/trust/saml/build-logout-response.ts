/**
 * The LogoutResponse the broker answers a partner's LogoutRequest with (saml-core §3.7.2,
 * saml-profiles §4.4.4.2). Unsigned: logoutMessageTo signs it for the binding.
 */
import { element } from './canonical-xml.js';
import { logoutBuildError, logoutMessageXml } from './logout-message-xml.js';
import type { LogoutOutcome, LogoutResponseToPartner } from './saml-logout-protocol.js';
import { samlUris } from './xml-text.js';

const status = 'urn:oasis:names:tc:SAML:2.0:status:';

/**
 * saml-core §3.7.3.2: the top-level code says whether the responder's own session ended; when
 * some participant could not be logged out it stays Success and PartialLogout is added beneath.
 */
const statusCodes: Readonly<Record<LogoutOutcome, readonly string[]>> = {
  success: [samlUris.success],
  partial: [samlUris.success, `${status}PartialLogout`],
  'requester-error': [`${status}Requester`],
};

export function buildLogoutResponse(input: LogoutResponseToPartner): string {
  if (input.inResponseTo === '') throw logoutBuildError('empty InResponseTo');
  const [top = samlUris.success, sub] = statusCodes[input.status];
  const nested = sub === undefined ? '' : element('samlp:StatusCode', {}, { Value: sub });
  const content = element('samlp:Status', {}, {}, element('samlp:StatusCode', {}, { Value: top }, nested));
  const attributes = { InResponseTo: input.inResponseTo };
  return logoutMessageXml('samlp:LogoutResponse', input, attributes, content, [input.inResponseTo]);
}
