/**
 * The AuthnRequest the broker (as SP) sends an ENT, in the HTTP-Redirect binding, signed by the
 * query string (saml-bindings §3.4.4.1; no enveloped signature: the binding forbids relying on one).
 * The encoding and the signature are redirect-binding.ts's; this file writes the XML and the URL.
 */
import { escapeXml } from '../../core/escape-xml.js';
import { fail } from '../../core/fail.js';
import { signRedirectQuery } from './redirect-binding.js';
import { redirectLocation } from './redirect-location.js';
import type { AuthnRequestToIdp, RedirectSigningKey } from './saml-protocol.js';
import { samlInstant, samlUris } from './xml-text.js';

/** saml-bindings §3.4.3: a RelayState MUST NOT exceed 80 bytes. */
const maxRelayStateBytes = 80;

/** xs:ID is an NCName; the broker's own IDs are `_` + hex, so anything else is a bug upstream. */
const ncName = /^[A-Za-z_][\w.-]*$/;

/** Values in the form exclusive c14n writes; one XML cannot carry is refused (ERR_XML_UNREPRESENTABLE). */
const inAttribute = { form: 'c14n-attribute' } as const;

/** The AuthnRequest XML (saml-core §3.4.1): POST ACS, our Issuer, a transient-friendly NameIDPolicy. */
export function authnRequestXml(request: AuthnRequestToIdp): string {
  const attributes = [
    `xmlns:samlp="${samlUris.protocol}"`,
    `xmlns:saml="${samlUris.assertion}"`,
    `AssertionConsumerServiceURL="${escapeXml(request.acsUrl, inAttribute)}"`,
    `Destination="${escapeXml(request.destination, inAttribute)}"`,
    ...(request.forceAuthn === true ? ['ForceAuthn="true"'] : []),
    `ID="${escapeXml(request.id, inAttribute)}"`,
    ...(request.isPassive === true ? ['IsPassive="true"'] : []),
    `IssueInstant="${samlInstant(request.issueInstant)}"`,
    `ProtocolBinding="${samlUris.postBinding}"`,
    'Version="2.0"',
  ];
  return (
    `<samlp:AuthnRequest ${attributes.join(' ')}>`
    + `<saml:Issuer>${escapeXml(request.issuer, { form: 'c14n-text' })}</saml:Issuer>`
    + '<samlp:NameIDPolicy AllowCreate="true"></samlp:NameIDPolicy>'
    + '</samlp:AuthnRequest>'
  );
}

/**
 * The URL to redirect the browser to: the ENT's SSO location (its own query kept, joined with
 * `&`) plus the signed query. Throws ERR_SAML_AUTHN_REQUEST_BUILD on inputs the broker should
 * never produce.
 */
export function buildRedirectAuthnRequest(
  request: AuthnRequestToIdp,
  relayState: string | undefined,
  key: RedirectSigningKey,
): string {
  checkInputs(request, relayState, key);
  const query = signRedirectQuery(authnRequestXml(request), relayState, key);
  return redirectLocation(request.destination, query);
}

function checkInputs(request: AuthnRequestToIdp, relayState: string | undefined, key: RedirectSigningKey): void {
  const problem = !ncName.test(request.id)
    ? `ID ${JSON.stringify(request.id)} is not an NCName`
    : !URL.canParse(request.destination)
      ? 'destination is not an absolute URL'
      : Number.isNaN(request.issueInstant.getTime())
        ? 'invalid IssueInstant'
        : relayState !== undefined && Buffer.byteLength(relayState, 'utf8') > maxRelayStateBytes
          ? `RelayState over ${maxRelayStateBytes} bytes`
          : key.privateKey.asymmetricKeyType !== 'rsa'
            ? `signing key is ${key.privateKey.asymmetricKeyType ?? 'not asymmetric'}, not RSA`
            : undefined;
  if (problem !== undefined) {
    throw fail(
      'ERR_SAML_AUTHN_REQUEST_BUILD',
      "La demande d'authentification à l'ENT n'a pas pu être préparée.",
      problem,
    );
  }
}
