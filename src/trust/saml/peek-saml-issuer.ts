/**
 * The Issuer an untrusted SAML message *claims*, read only to choose whose keys verify it. The
 * value is never trusted: the message is verified afterwards against that partner's metadata,
 * and its Issuer checked again from the signed bytes. Bounded and DOCTYPE-free like every parse.
 */
import { fail } from '../../core/fail.js';
import { parseSignedXml } from '../xmldsig/verify-enveloped-signature.js';

const assertionNs = 'urn:oasis:names:tc:SAML:2.0:assertion';

/** Strict base64 (RFC 4648 alphabet, optional padding, blanks ignored) into UTF-8 text. */
export function decodeSamlBase64(value: string, maxBytes: number): string {
  const compact = value.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length > Math.ceil(maxBytes / 3) * 4 + 4) {
    throw fail('ERR_SAML_MESSAGE_ENCODING', 'Message SAML absent ou trop grand.', `base64 length ${compact.length}`);
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw fail('ERR_SAML_MESSAGE_ENCODING', 'Message SAML mal encodé (base64 attendu).', 'not base64');
  }
  return Buffer.from(compact, 'base64').toString('utf8');
}

/** A posted SAML message, decoded and parsed once, for the peek and then the verification. */
export interface ReceivedSamlMessage {
  readonly xml: string;
  /** parseSignedXml(xml): line ends normalised, bounded, DOCTYPE-free; never changed by readers. */
  readonly document: Document;
}

/** Strict base64 into text, parsed once (see ReceivedSamlMessage). */
export function receiveSamlMessage(base64: string, maxBytes: number): ReceivedSamlMessage {
  const xml = decodeSamlBase64(base64, maxBytes);
  return { xml, document: parseSignedXml(xml, maxBytes) };
}

/**
 * The text of the root's own `saml:Issuer`, else of the first Assertion's; undefined when there
 * is none (an EncryptedAssertion in an unsigned-issuer response, say).
 */
export function peekSamlIssuer(message: ReceivedSamlMessage | string, maxBytes: number): string | undefined {
  const root = (typeof message === 'string' ? parseSignedXml(message, maxBytes) : message.document).documentElement;
  const own = directIssuer(root);
  if (own !== undefined) return own;
  const assertion = Array.from(root.childNodes).find(
    (n): n is Element => n.nodeType === 1 && (n as Element).localName === 'Assertion',
  );
  return assertion === undefined ? undefined : directIssuer(assertion);
}

function directIssuer(element: Element): string | undefined {
  const issuer = Array.from(element.childNodes).find(
    (n): n is Element =>
      n.nodeType === 1 && (n as Element).localName === 'Issuer' && (n as Element).namespaceURI === assertionNs,
  );
  const text = issuer?.textContent?.trim();
  return text === undefined || text === '' ? undefined : text;
}
