/**
 * The AuthnRequest the broker (as SP) sends an ENT, in the HTTP-Redirect binding, signed by the
 * query string (saml-bindings §3.4.4.1; no enveloped signature: the binding forbids relying on one).
 */
import type { AuthnRequestToIdp, RedirectSigningKey } from './saml-protocol.js';
import { signRedirectQuery } from './redirect-binding.js';
import { escapeAttribute, escapeText, samlInstant, samlUris } from './xml-text.js';

/** The AuthnRequest XML (saml-core §3.4.1): POST ACS, our Issuer, a transient-friendly NameIDPolicy. */
export function authnRequestXml(request: AuthnRequestToIdp): string {
  const attributes = [
    `xmlns:samlp="${samlUris.protocol}"`,
    `xmlns:saml="${samlUris.assertion}"`,
    `AssertionConsumerServiceURL="${escapeAttribute(request.acsUrl)}"`,
    `Destination="${escapeAttribute(request.destination)}"`,
    ...(request.forceAuthn === true ? ['ForceAuthn="true"'] : []),
    `ID="${escapeAttribute(request.id)}"`,
    `IssueInstant="${samlInstant(request.issueInstant)}"`,
    `ProtocolBinding="${samlUris.postBinding}"`,
    'Version="2.0"',
  ];
  return `<samlp:AuthnRequest ${attributes.join(' ')}>`
    + `<saml:Issuer>${escapeText(request.issuer)}</saml:Issuer>`
    + '<samlp:NameIDPolicy AllowCreate="true"></samlp:NameIDPolicy>'
    + '</samlp:AuthnRequest>';
}

/** The URL to redirect the browser to: the ENT's SSO location plus the signed query. */
export function buildRedirectAuthnRequest(request: AuthnRequestToIdp, relayState: string | undefined, key: RedirectSigningKey): string {
  const query = signRedirectQuery(authnRequestXml(request), relayState, key);
  return `${request.destination}${request.destination.includes('?') ? '&' : '?'}${query}`;
}
