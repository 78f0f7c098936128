/**
 * The broker's ACS, trust side: an ENT's base64 SAMLResponse (HTTP-POST binding) becomes a
 * VerifiedIdpAssertion, or a coded refusal. The steps, in order; each names what it stops:
 *
 * 1. strict base64, its length bounded before decoding; one
 *    DOCTYPE-free parse, reused below                      (saml-bindings §3.5.4)     ERR_SAML_MESSAGE_ENCODING
 * 2. schema validation, DOCTYPE refused before parsing     (saml-sec-consider §6.3.1) ERR_SAML_XML_* / _SCHEMA_INVALID
 * 3. one Response, at most one assertion anywhere          (signature wrapping)       ERR_SAML_RESPONSE_ROOT /
 *                                                                                     _ASSERTION_COUNT
 * 4. Status Success                                        (saml-core §3.2.2.2)       ERR_SAML_RESPONSE_STATUS
 * 5. signatures as required, keys from metadata
 *    only; decrypt                                         (saml-core §5, §2.3.4)     ERR_SAML_RESPONSE_UNSIGNED /
 *                                                                                     ERR_XMLDSIG_* / _DECRYPTION
 * 6. from here, only signed bytes are read                 (architecture habit 3)     ERR_SAML_RESPONSE_VALUE
 * 7. issuer, destination, bearer confirmation, conditions  (saml-profiles §4.1.4.3)   ERR_SAML_RESPONSE_*
 * 8. unsolicited (no InResponseTo): refused, unless the
 *    caller accepts it; then recent only                   (saml-profiles §4.1.5)     ERR_SAML_RESPONSE_UNSOLICITED /
 *                                                                                     _STALE
 *
 * Not here: the replay cache (assertionId until notOnOrAfter) and the login transaction
 * (inResponseTo): the caller checks them with the store.
 */
import { checkAssertionConditions } from './check-assertion-conditions.js';
import { checkResponseStatus } from './check-response-status.js';
import { locateResponse } from './locate-response-parts.js';
import { parseSignedXml } from '../xmldsig/verify-enveloped-signature.js';
import { decodeSamlBase64, type ReceivedSamlMessage } from './peek-saml-issuer.js';
import { readAssertionFields, readResponseFields } from './read-assertion-fields.js';
import type {
  AcceptingIdpResponseExpectations,
  IdpResponseExpectations,
  VerifiedAnyIdpAssertion,
  VerifiedIdpAssertion,
} from './saml-protocol.js';
import {
  createSamlSchemaValidator,
  defaultSamlSchemaMaxBytes,
  type SamlSchemaValidator,
} from './saml-schema-validator.js';
import { verifyResponseSignatures } from './verify-response-signatures.js';
import { definedFields } from '../../core/defined-fields.js';

/** 256 KiB of XML: an ENT's Response with a certificate and a few attributes is under 16 KiB. */
export const maxIdpResponseBytes = defaultSamlSchemaMaxBytes;

let schema: SamlSchemaValidator | undefined;

/**
 * `samlResponse` is the posted base64 value, or that value already received (receiveSamlMessage,
 * with maxIdpResponseBytes) when the caller peeked at its issuer first.
 * Throws a coded BrokerError (status 400) at the first step that fails; see the file comment.
 * Unsolicited Responses accepted (the console's ACS), the answer may lack `inResponseTo`. */
export function readIdpResponse(
  samlResponse: string | ReceivedSamlMessage,
  expect: IdpResponseExpectations,
): VerifiedIdpAssertion;
export function readIdpResponse(
  samlResponse: string | ReceivedSamlMessage,
  expect: AcceptingIdpResponseExpectations,
): VerifiedAnyIdpAssertion;
export function readIdpResponse(
  samlResponse: string | ReceivedSamlMessage,
  expect: IdpResponseExpectations | AcceptingIdpResponseExpectations,
): VerifiedAnyIdpAssertion {
  const xml = typeof samlResponse === 'string' ? decodeSamlBase64(samlResponse, maxIdpResponseBytes) : samlResponse.xml;
  schema ??= createSamlSchemaValidator({ maxBytes: maxIdpResponseBytes });
  schema.validate(xml);
  const document = typeof samlResponse === 'string' ? parseSignedXml(xml, maxIdpResponseBytes) : samlResponse.document;
  const received = locateResponse(document);
  checkResponseStatus(received);
  const verified = verifyResponseSignatures(document, received, expect, schema);
  const response = readResponseFields(verified.response);
  const assertion = readAssertionFields(verified.assertion);
  const validity = checkAssertionConditions(response, verified.responseSigned, assertion, expect);
  return {
    responseId: response.id,
    ...definedFields({ inResponseTo: validity.inResponseTo }),
    issuer: expect.idp.entityId,
    assertionId: assertion.id,
    issueInstant: assertion.issueInstant,
    notOnOrAfter: validity.notOnOrAfter,
    nameId: validity.nameId,
    ...definedFields({ sessionIndex: assertion.sessionIndex, authnInstant: assertion.authnInstant }),
    attributes: assertion.attributes,
  };
}
