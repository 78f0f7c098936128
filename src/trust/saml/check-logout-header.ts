/**
 * The checks every verified logout message passes, whichever its kind (saml-profiles §4.4.4):
 * who signed it says who sent it, it was addressed to the endpoint that received it, and it was
 * issued moments ago.
 */
import { fail } from '../../core/fail.js';
import type { IdpMetadata, SpMetadata } from '../metadata/saml-metadata.js';
import type { LogoutHeader } from './logout-message-fields.js';
import type { LogoutMessageExpectations } from './saml-logout-protocol.js';
import { samlUris } from './xml-text.js';

/** How old a logout message may be (beyond the skew): a browser carries it within seconds. */
export const maxLogoutMessageAgeSeconds = 300;

export function checkLogoutHeader(
  header: LogoutHeader,
  partner: IdpMetadata | SpMetadata,
  expect: Omit<LogoutMessageExpectations, 'findPartner'>,
): void {
  // saml-profiles §4.4.4.1 / §4.4.4.2: Issuer MUST be present, with Format omitted or entity. The
  // signed Issuer must be the partner whose keys verified it (the unsigned one only chose them).
  const format = header.issuerFormat ?? samlUris.entityFormat;
  const issuerProblem =
    header.issuer !== partner.entityId
      ? 'signed Issuer differs from the verifying partner'
      : format !== samlUris.entityFormat
        ? `Issuer Format ${format}`
        : undefined;
  if (issuerProblem !== undefined) {
    throw fail('ERR_SAML_LOGOUT_ISSUER', 'Émetteur du message de déconnexion incohérent.', issuerProblem);
  }
  // saml-bindings §3.4.5.2 / §3.5.5.2: a signed message MUST carry Destination, and it must be
  // the endpoint that received it (else a message meant for another service could be replayed here).
  if (header.destination !== expect.destination) {
    const detail =
      header.destination === undefined
        ? 'Destination missing'
        : `Destination ${header.destination} ≠ ${expect.destination}`;
    throw fail('ERR_SAML_LOGOUT_DESTINATION', 'Le message de déconnexion est adressé à un autre service.', detail);
  }
  const ageMs = expect.now.getTime() - header.issueInstant.getTime();
  if (ageMs < -expect.skewSeconds * 1000 || ageMs > (maxLogoutMessageAgeSeconds + expect.skewSeconds) * 1000) {
    throw fail(
      'ERR_SAML_LOGOUT_ISSUE_INSTANT',
      'Le message de déconnexion a expiré ou n’est pas encore valide.',
      `age ${Math.round(ageMs / 1000)} s`,
    );
  }
}

/** saml-core §3.7.1: after NotOnOrAfter the recipient discards the request (with the allowed skew). */
export function checkLogoutNotOnOrAfter(notOnOrAfter: Date | undefined, now: Date, skewSeconds: number): void {
  if (notOnOrAfter !== undefined && now.getTime() >= notOnOrAfter.getTime() + skewSeconds * 1000) {
    throw fail(
      'ERR_SAML_LOGOUT_EXPIRED',
      'La demande de déconnexion a expiré.',
      `NotOnOrAfter ${notOnOrAfter.toISOString()}`,
    );
  }
}
