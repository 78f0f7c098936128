/**
 * The back-channel logout message (CAS protocol 3.0 §2.3.3 and appendix C): a SAML 2
 * `samlp:LogoutRequest` whose `samlp:SessionIndex` is the service ticket the service validated,
 * which is how a CAS client finds the local session to end.
 *
 * `saml:NameID` carries `@NOT_USED@`, the value of the specification's example: clients key on
 * SessionIndex alone, so the user's pseudonym need not travel again on a request that is neither
 * signed nor encrypted. Built as text with every value escaped (no XML library outside trust).
 */
import { randomBytes } from 'node:crypto';
import { escapeXml } from '../core/escape-xml.js';

export function casLogoutRequest(ticket: string, now: Date): string {
  // An ID is an NCName: it may not start with a digit, hence the underscore.
  const id = `_${randomBytes(20).toString('hex')}`;
  const instant = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
    + 'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"'
    + ` ID="${id}" Version="2.0" IssueInstant="${instant}">`
    + '<saml:NameID>@NOT_USED@</saml:NameID>'
    + `<samlp:SessionIndex>${escapeXml(ticket, { unrepresentable: 'replace' })}</samlp:SessionIndex>`
    + '</samlp:LogoutRequest>'
  );
}
