/**
 * An ENT's answer to a passive AuthnRequest when it has no session: a Response whose status is
 * Responder/NoPassive (saml-core §3.4.1.1, §3.2.2.2), carrying no assertion. Only its issuer and
 * InResponseTo are read, for the broker to find its own passive check. The signature is not
 * required (IdPs often leave error responses unsigned): believing it can only make the broker end
 * its session of this browser and ask the ENT for a normal login, which is the safe direction,
 * and only for a check this same browser started (the login transaction's browser binding).
 */
import { fail } from '../../core/fail.js';
import { checkResponseStatus } from './check-response-status.js';
import { locateResponse } from './locate-response-parts.js';
import type { ReceivedSamlMessage } from './peek-saml-issuer.js';
import { childElements } from '../metadata/child-elements.js';
import { samlUris } from './xml-text.js';
import { isBrokerError } from '../../core/broker-error.js';

export interface NoPassiveAnswer {
  readonly issuer: string;
  readonly inResponseTo: string;
}

/** The NoPassive answer this message is, or undefined when it is anything else. */
export function readNoPassiveResponse(message: ReceivedSamlMessage): NoPassiveAnswer | undefined {
  const root = locateResponse(message.document);
  try {
    checkResponseStatus(root);
    return undefined;
  } catch (error) {
    if (!isBrokerError(error) || error.code !== 'ERR_SAML_RESPONSE_NO_PASSIVE') return undefined;
  }
  const issuer = childElements(root, samlUris.assertion, 'Issuer')[0]?.textContent?.trim();
  const inResponseTo = root.getAttribute('InResponseTo');
  if (issuer === undefined || issuer === '' || inResponseTo === null || inResponseTo === '') {
    throw fail(
      'ERR_SAML_RESPONSE_NO_PASSIVE',
      "L'ENT n'a pas de session ouverte.",
      'NoPassive without Issuer or InResponseTo',
    );
  }
  return { issuer, inResponseTo };
}
