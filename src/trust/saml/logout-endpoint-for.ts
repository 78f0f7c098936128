/**
 * Where a logout message to a partner goes, chosen in its metadata only (saml-profiles §4.4.5):
 * its SingleLogoutService with the HTTP-Redirect binding first (no page to render, and the
 * query signature needs no XML signer on the partner's side), else the HTTP-POST one; a response
 * goes to the endpoint's ResponseLocation when it has one (saml-metadata §2.2.2).
 */
import type { SamlBinding, SamlLogoutEndpoint } from '../metadata/saml-metadata.js';

export interface ChosenLogoutEndpoint {
  readonly binding: SamlBinding;
  /** The message's Destination, and where the browser takes it. */
  readonly url: string;
}

/** Undefined when the partner declares no SingleLogoutService the broker can use. */
export function logoutEndpointFor(
  endpoints: readonly SamlLogoutEndpoint[],
  kind: 'request' | 'response',
): ChosenLogoutEndpoint | undefined {
  const endpoint =
    endpoints.find((e) => e.binding === 'HTTP-Redirect') ?? endpoints.find((e) => e.binding === 'HTTP-POST');
  if (endpoint === undefined) return undefined;
  const url = kind === 'response' ? (endpoint.responseLocation ?? endpoint.location) : endpoint.location;
  return { binding: endpoint.binding, url };
}
