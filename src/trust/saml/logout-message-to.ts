/**
 * Sends a logout message the broker built to a partner's SingleLogoutService (saml-profiles
 * §4.4.3): by HTTP-Redirect with the query signed (saml-bindings §3.4.4.1; any XML signature
 * would be dropped by the binding), else by HTTP-POST with an enveloped signature of the root
 * right after its Issuer (saml-bindings §3.5.4, saml-core §5.4.1). Signing is always done: the
 * partner must refuse an unsigned logout message (saml-profiles §4.4.4.1, §4.4.4.2).
 */
import type { KeyObject } from 'node:crypto';
import type { SamlLogoutEndpoint } from '../metadata/saml-metadata.js';
import { parseXmlSafely } from '../xmldsig/parse-xml-safely.js';
import { signEnveloped } from '../xmldsig/sign-enveloped.js';
import { protectLineSeparators } from './canonical-xml.js';
import { logoutEndpointFor } from './logout-endpoint-for.js';
import { logoutBuildError } from './logout-message-xml.js';
import { maxRelayStateBytes } from './read-sp-authn-request.js';
import { signRedirectQuery } from './redirect-binding.js';
import { redirectLocation } from './redirect-location.js';
import type { LogoutDelivery, OutgoingLogoutMessage } from './saml-logout-protocol.js';
import { definedFields } from '../../core/defined-fields.js';

export interface LogoutSigningKey {
  readonly privateKey: KeyObject;
  /** Written into the POST signature's KeyInfo, for the partner's tooling only. */
  readonly certificatePem: string;
}

/** Undefined when the partner declares no usable SingleLogoutService. Throws ERR_SAML_LOGOUT_BUILD. */
export function logoutMessageTo(
  endpoints: readonly SamlLogoutEndpoint[],
  message: OutgoingLogoutMessage,
  key: LogoutSigningKey,
): LogoutDelivery | undefined {
  const endpoint = logoutEndpointFor(endpoints, message.kind);
  if (endpoint === undefined) return undefined;
  checkMessage(message, endpoint.url, key);
  const parameter = message.kind === 'request' ? 'SAMLRequest' : 'SAMLResponse';
  if (endpoint.binding === 'HTTP-Redirect') {
    const query = signRedirectQuery(message.xml, message.relayState, { privateKey: key.privateKey }, parameter);
    return { kind: 'redirect', location: redirectLocation(endpoint.url, query) };
  }
  // xml-crypto writes its DOM back with U+0085 / U+2028 literal, which xmldom-based readers turn
  // into line feeds: as references they reach every parser as the characters that were hashed.
  const signed = protectLineSeparators(
    signEnveloped(message.xml, {
      element: 'root',
      privateKey: key.privateKey,
      certificate: key.certificatePem,
    }),
  );
  const fields = {
    [parameter]: Buffer.from(signed, 'utf8').toString('base64'),
    ...definedFields({ RelayState: message.relayState }),
  };
  return { kind: 'post', action: endpoint.url, fields };
}

/**
 * The message must be of its kind and carry as Destination the endpoint it goes to: the partner
 * refuses any other (saml-bindings §3.4.5.2, §3.5.5.2), so a mismatch is a bug to report here.
 */
function checkMessage(message: OutgoingLogoutMessage, url: string, key: LogoutSigningKey): void {
  const root = parseXmlSafely(message.xml).documentElement;
  const expected = message.kind === 'request' ? 'LogoutRequest' : 'LogoutResponse';
  const relayBytes = message.relayState === undefined ? 0 : Buffer.byteLength(message.relayState, 'utf8');
  const keyType = key.privateKey.asymmetricKeyType ?? 'secret';
  const problem =
    root.localName !== expected
      ? `a ${root.localName} sent as a ${message.kind}`
      : root.getAttribute('Destination') !== url
        ? 'Destination is not the chosen SingleLogoutService'
        : // saml-bindings §3.4.3 / §3.5.3: RelayState MUST NOT exceed 80 bytes.
          relayBytes > maxRelayStateBytes
          ? `RelayState over ${maxRelayStateBytes} bytes`
          : // The Redirect SigAlg and the enveloped SignatureMethod the broker writes are rsa-sha256.
            keyType !== 'rsa'
            ? `signing key type ${keyType}, not rsa`
            : undefined;
  if (problem !== undefined) throw logoutBuildError(problem);
}
