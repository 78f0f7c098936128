/**
 * The checks a verified publisher AuthnRequest must pass before anything is sent anywhere:
 * its Destination, its age, and where the answer may go, resolved in the SP's metadata only.
 */
import { fail } from '../../core/fail.js';
import type { AssertionConsumerEndpoint, SpMetadata } from '../metadata/saml-metadata.js';
import type { AuthnRequestFields } from './sp-request-fields.js';
import { samlUris } from './xml-text.js';

/** How old a request may be (beyond the skew): a browser carries it within seconds. */
export const maxRequestAgeSeconds = 600;

/** saml-bindings §3.4.5.2 / §3.5.5.2: a Destination present must be the endpoint that received it. */
export function checkDestination(fields: AuthnRequestFields, ssoUrl: string): void {
  if (fields.destination !== undefined && fields.destination !== ssoUrl) {
    throw fail(
      'ERR_SAML_REQUEST_DESTINATION',
      "La demande d'authentification est adressée à un autre service.",
      `Destination ${fields.destination} ≠ ${ssoUrl}`,
    );
  }
}

/** Not from the future beyond the skew, not older than 10 minutes plus the skew (limits replays). */
export function checkIssueInstant(fields: AuthnRequestFields, now: Date, skewSeconds: number): void {
  const ageMs = now.getTime() - fields.issueInstant.getTime();
  if (ageMs < -skewSeconds * 1000 || ageMs > (maxRequestAgeSeconds + skewSeconds) * 1000) {
    throw fail(
      'ERR_SAML_REQUEST_EXPIRED',
      "La demande d'authentification a expiré ; veuillez recommencer depuis le site de la ressource.",
      `age ${Math.round(ageMs / 1000)} s`,
    );
  }
}

/**
 * saml-core §3.4.1: the ACS is named by URL or by index, or else is the metadata default. The
 * URL is compared exactly with the metadata's HTTP-POST endpoints (saml-profiles §4.1.4.1): an
 * answer never goes to an address the SP did not register.
 */
export function resolveAcs(fields: AuthnRequestFields, sp: SpMetadata): AssertionConsumerEndpoint {
  if (fields.protocolBinding !== undefined && fields.protocolBinding !== samlUris.postBinding) {
    throw acsUnknown(`ProtocolBinding ${fields.protocolBinding}`);
  }
  if (fields.acsUrl !== undefined && fields.acsIndex !== undefined) {
    throw fail(
      'ERR_SAML_REQUEST_INVALID',
      "Demande d'authentification ambiguë.",
      'both AssertionConsumerServiceURL and AssertionConsumerServiceIndex',
    );
  }
  const posts = sp.assertionConsumers.filter((acs) => acs.binding === 'HTTP-POST');
  if (fields.acsUrl !== undefined) {
    return (
      posts.find((acs) => acs.location === fields.acsUrl)
      ?? throwing(acsUnknown(`AssertionConsumerServiceURL ${fields.acsUrl}`))
    );
  }
  if (fields.acsIndex !== undefined) {
    return (
      posts.find((acs) => acs.index === fields.acsIndex)
      ?? throwing(acsUnknown(`AssertionConsumerServiceIndex ${fields.acsIndex}`))
    );
  }
  const byIndex = [...posts].sort((a, b) => a.index - b.index);
  return byIndex.find((acs) => acs.isDefault) ?? byIndex[0] ?? throwing(acsUnknown('no HTTP-POST ACS in metadata'));
}

const acsUnknown = (detail: string) =>
  fail('ERR_SAML_REQUEST_ACS_UNKNOWN', "L'adresse de retour demandée par la ressource n'est pas déclarée.", detail);

function throwing(error: Error): never {
  throw error;
}
