/**
 * The LogoutRequest the broker sends a session participant (saml-core §3.7.1, saml-profiles
 * §4.4.4.1): to an ENT when a user logs out at a publisher or at the broker, to a publisher when
 * the ENT's logout reaches the broker. Unsigned: logoutMessageTo signs it for the binding.
 */
import { escapeXml, isXmlText } from '../../core/escape-xml.js';
import { element } from './canonical-xml.js';
import { logoutBuildError, logoutMessageXml } from './logout-message-xml.js';
import type { LogoutRequestToPartner } from './saml-logout-protocol.js';
import { samlInstant } from './xml-text.js';

export function buildLogoutRequest(input: LogoutRequestToPartner): string {
  if (input.nameId === '') throw logoutBuildError('empty NameID');
  const values = [input.nameId, input.nameIdFormat ?? '', input.spNameQualifier ?? '', input.sessionIndex ?? ''];
  // The content is written before logoutMessageXml checks `values`, so a value XML cannot carry is refused here.
  if (!values.every(isXmlText)) throw logoutBuildError('a value holds a character XML refuses');
  const seconds = input.notOnOrAfterSeconds;
  // A front-channel request is delivered in seconds; a lifetime beyond a day is a unit mistake.
  if (seconds !== undefined && !(seconds > 0 && seconds <= 86_400)) {
    throw logoutBuildError(`notOnOrAfterSeconds ${seconds}`);
  }
  // saml-profiles §4.4.4.1: the NameID must be the one of the assertion the session came from,
  // Format and SPNameQualifier included, or the participant will not find the session.
  const qualifiers = { Format: input.nameIdFormat, SPNameQualifier: input.spNameQualifier };
  const nameId = element('saml:NameID', {}, qualifiers, escapeXml(input.nameId, { form: 'c14n-text' }));
  const sessionIndex =
    input.sessionIndex === undefined
      ? ''
      : element('samlp:SessionIndex', {}, {}, escapeXml(input.sessionIndex, { form: 'c14n-text' }));
  // An invalid `now` is left for logoutMessageXml to refuse with the other header faults.
  const notOnOrAfter =
    seconds === undefined || Number.isNaN(input.now.getTime())
      ? undefined
      : samlInstant(new Date(input.now.getTime() + seconds * 1000));
  return logoutMessageXml('samlp:LogoutRequest', input, { NotOnOrAfter: notOnOrAfter }, nameId + sessionIndex, values);
}
