/**
 * What a LogoutRequest and a LogoutResponse go through before a field is read: decoded within
 * bounds, schema-valid, of the kind expected, from a registered partner, signed by one of its
 * metadata keys whatever the binding (saml-profiles §4.4.4.1 / §4.4.4.2: the sender MUST
 * authenticate itself and protect integrity, by signing or by the binding; the browser bindings
 * offer no such mechanism), and sent by that partner to this endpoint moments ago. The Issuer is
 * read unverified only to choose whose keys to use; the DOM handed back is parsed from the signed
 * bytes alone.
 */
import type { KeyObject } from 'node:crypto';
import { isBrokerError } from '../../core/broker-error.js';
import { fail } from '../../core/fail.js';
import type { IdpMetadata, SpMetadata } from '../metadata/saml-metadata.js';
import { envelopedSignatures } from '../xmldsig/enveloped-signatures.js';
import { parseXmlSafely } from '../xmldsig/parse-xml-safely.js';
import { protectLineSeparators } from './canonical-xml.js';
import { checkLogoutHeader } from './check-logout-header.js';
import {
  assertLogoutRoot,
  readLogoutHeader,
  unexpectedLogoutMessage,
  type LogoutHeader,
  type LogoutMessageKind,
} from './logout-message-fields.js';
import { decodeSamlBase64 } from './peek-saml-issuer.js';
import { maxRelayStateBytes } from './read-sp-authn-request.js';
import { defaultMaxRedirectMessageBytes, parseRedirectQuery, verifyRedirectSignature } from './redirect-binding.js';
import type { IncomingSamlMessage, LogoutMessageExpectations } from './saml-logout-protocol.js';
import { createSamlSchemaValidator, type SamlSchemaValidator } from './saml-schema-validator.js';
import { directIssuer } from './sp-request-fields.js';
import { definedFields } from '../../core/defined-fields.js';

/** The AuthnRequest reader's bound: a logout message is smaller still. */
const maxBytes = defaultMaxRedirectMessageBytes;

let validator: SamlSchemaValidator | undefined;
const schema = (): SamlSchemaValidator => (validator ??= createSamlSchemaValidator({ maxBytes }));

export interface VerifiedLogoutMessage {
  /** The root parsed from the signed bytes: the only DOM to read fields from. */
  readonly root: Element;
  readonly header: LogoutHeader;
  readonly partner: IdpMetadata | SpMetadata;
  readonly relayState?: string;
}

interface DecodedLogoutMessage {
  readonly xml: string;
  readonly relayState?: string;
  /** Verifies the binding's signature with the partner's keys; returns the signed XML. */
  readonly verify: (keys: readonly KeyObject[], document: Document) => string;
}

export async function verifyLogoutMessage(
  input: IncomingSamlMessage,
  kind: LogoutMessageKind,
  expect: LogoutMessageExpectations,
): Promise<VerifiedLogoutMessage> {
  const decoded = decode(input, kind);
  const relayBytes = decoded.relayState === undefined ? 0 : Buffer.byteLength(decoded.relayState, 'utf8');
  if (relayBytes > maxRelayStateBytes) {
    throw fail('ERR_SAML_REQUEST_RELAYSTATE', 'Paramètre RelayState trop long.', `${relayBytes} bytes`);
  }
  schema().validate(decoded.xml);
  const document = envelopedSignatures.parse(decoded.xml, maxBytes);
  assertLogoutRoot(document.documentElement, kind);
  const claimedIssuer = directIssuer(document.documentElement);
  const partner = claimedIssuer === undefined ? undefined : await expect.findPartner(claimedIssuer);
  if (partner === undefined) {
    const message = "L'émetteur de ce message de déconnexion n'est pas un partenaire enregistré.";
    throw fail('ERR_SAML_LOGOUT_UNKNOWN_ISSUER', message, `issuer ${claimedIssuer ?? '(none)'}`);
  }
  const keys = partner.signingCertificates.map((certificate) => certificate.publicKey);
  const signedXml = asLogoutSignatureError(() => decoded.verify(keys, document));
  // The canonical bytes carry U+0085 / U+2028 literal, which xmldom reads as line feeds: as
  // references they read back as signed. Each grows at most threefold: within the default bound.
  const root = parseXmlSafely(protectLineSeparators(signedXml)).documentElement;
  assertLogoutRoot(root, kind);
  const header = readLogoutHeader(root);
  checkLogoutHeader(header, partner, expect);
  return { root, header, partner, ...definedFields({ relayState: decoded.relayState }) };
}

function decode(input: IncomingSamlMessage, kind: LogoutMessageKind): DecodedLogoutMessage {
  if (input.binding === 'HTTP-Redirect') {
    const query = parseRedirectQuery(input.rawQuery, maxBytes);
    // saml-bindings §3.4.4.1: a request travels as SAMLRequest, a response as SAMLResponse.
    if (query.parameter !== (kind === 'LogoutRequest' ? 'SAMLRequest' : 'SAMLResponse')) {
      throw unexpectedLogoutMessage(`${query.parameter} where a ${kind} was expected`);
    }
    // §3.4.4.1: the query signature covers the deflated message, so the inflated XML is the signed text.
    const verify = (keys: readonly KeyObject[]): string => {
      if (query.signature === undefined) throw unsigned('HTTP-Redirect query without Signature');
      verifyRedirectSignature(query, keys);
      return query.xml;
    };
    return { xml: query.xml, ...definedFields({ relayState: query.relayState }), verify };
  }
  // saml-bindings §3.5.4: base64 of the XML itself (never deflated in this binding).
  const xml = decodeSamlBase64(input.samlMessage, maxBytes);
  // Exactly one enveloped signature, a direct child of the root and referencing the root's ID:
  // a signature elsewhere (a wrapped copy of a signed message) does not vouch for the root.
  const verify = (keys: readonly KeyObject[], document: Document): string =>
    envelopedSignatures.verifyIn(document, { element: 'root', trustedKeys: keys }).signedXml;
  return { xml, ...definedFields({ relayState: input.relayState }), verify };
}

const unsigned = (detail: string): Error =>
  fail('ERR_SAML_LOGOUT_UNSIGNED', 'Le message de déconnexion doit être signé.', detail);

/**
 * A missing signature and one that no key of the partner's metadata verifies get the logout
 * codes whatever the binding; structural faults (wrapping, duplicate IDs, SHA-1) keep their
 * precise ERR_XMLDSIG_ / ERR_SAML_REDIRECT_ codes.
 */
function asLogoutSignatureError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!isBrokerError(error)) throw error;
    if (error.code === 'ERR_XMLDSIG_MISSING') throw unsigned(`HTTP-POST: ${error.detail ?? ''}`);
    if (error.code === 'ERR_SAML_REDIRECT_SIGNATURE_INVALID' || error.code === 'ERR_XMLDSIG_INVALID') {
      throw fail(
        'ERR_SAML_LOGOUT_SIGNATURE_INVALID',
        'La signature du message de déconnexion est invalide.',
        `${error.code}: ${error.detail ?? ''}`,
      );
    }
    throw error;
  }
}
