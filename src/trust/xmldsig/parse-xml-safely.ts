/**
 * DOM parse of one untrusted signed XML message (SAML Response, AuthnRequest, LogoutRequest).
 * xml-crypto needs a DOM, so this is the DOM twin of read-small-xml-document.ts, with the same
 * guards:
 * - the size is checked before parsing, so the tree cannot cost more than its bytes;
 * - any DOCTYPE or ENTITY declaration is refused on the raw text, before xmldom sees it: xmldom
 *   0.8 accepts internal subsets and expands the entities they declare (XXE, billion laughs);
 * - every xmldom warning or error is fatal: xmldom recovers from many faults (unclosed tags,
 *   stray `<`), and a recovered tree may differ from the one another parser (the signer's, or
 *   xml-crypto's re-parse) builds: a parser differential is a signature-wrapping vector.
 */
import { DOMParser } from '@xmldom/xmldom';
import { isBrokerError } from '../../core/broker-error.js';
import { fail } from '../../core/fail.js';

/** 256 KiB: a SAML Response with a few assertions and certificates is well under 32 KiB. */
export const defaultMaxSignedXmlBytes = 256 * 1024;

/**
 * Parses `xml` into a DOM Document. Throws ERR_XMLDSIG_TOO_LARGE, ERR_XMLDSIG_DOCTYPE or
 * ERR_XMLDSIG_XML_MALFORMED.
 */
export function parseXmlSafely(xml: string, maxBytes: number = defaultMaxSignedXmlBytes): Document {
  const size = Buffer.byteLength(xml, 'utf8');
  if (size > maxBytes) {
    throw fail(
      'ERR_XMLDSIG_TOO_LARGE',
      `message XML trop grand (${maxBytes} octets au plus)`,
      `bytes=${size} max=${maxBytes}`,
    );
  }
  // Refused anywhere in the text, even inside a comment or CDATA: no SAML message needs the
  // string, and a lexical check cannot be fooled by how a parser would read the prolog.
  if (/<!(DOCTYPE|ENTITY)/i.test(xml)) {
    throw fail('ERR_XMLDSIG_DOCTYPE', 'DOCTYPE interdit', 'DOCTYPE or ENTITY declaration refused');
  }
  const parser = new DOMParser({
    errorHandler: (level: string, message: unknown) => {
      throw fail('ERR_XMLDSIG_XML_MALFORMED', 'XML mal formé', `xmldom ${level}: ${String(message)}`);
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(xml, 'text/xml') as unknown as Document;
  } catch (error) {
    if (isBrokerError(error)) throw error;
    throw fail('ERR_XMLDSIG_XML_MALFORMED', 'XML mal formé', String(error));
  }
  if (doc.documentElement === null) {
    throw fail('ERR_XMLDSIG_XML_MALFORMED', 'XML mal formé', 'no root element');
  }
  return doc;
}
