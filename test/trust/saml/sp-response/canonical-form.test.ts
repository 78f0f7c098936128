/**
 * The claim sign-canonical.ts rests on: buildSpResponse writes the Response and the Assertion
 * already in exclusive-c14n form, so the digest of the string built (its Signature left out) is
 * the digest of what any verifier canonicalises. Checked against xml-crypto's own
 * ExclusiveCanonicalization of the parsed document, for random values full of what c14n escapes
 * or keeps (`& < > " '`, CR, LF, tab, `]]>`, non-BMP characters), the Assertion alone and inside
 * the Response, plain and encrypted. (U+0085 and U+2028 are the one exception: written as
 * references, see protectLineSeparators, whose canonical form is the character hashed.)
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ExclusiveCanonicalization } from 'xml-crypto';
import {
  buildSpResponse,
  envelopedSignatures,
  parseXmlSafely,
  type AssertionToSp,
} from '../../../../src/trust/index.js';
import { assertion, brokerKey, signingKeys } from './sp-response-fixtures.js';

const c14n = new ExclusiveCanonicalization();
const dsNamespace = 'http://www.w3.org/2000/09/xmldsig#';
const samlAssertion = { localName: 'Assertion', namespace: 'urn:oasis:names:tc:SAML:2.0:assertion' } as const;

/** XML 1.0 §2.2 Char only: anything else cannot be written at all (buildSpResponse refuses it). */
const xmlChars = (s: string): string => s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
const piece = fc.oneof(
  fc.constantFrom(
    '&',
    '<',
    '>',
    '"',
    "'",
    '\r',
    '\n',
    '\r\n',
    '\t',
    ']]>',
    ' ',
    '&amp;',
    '&#xD;',
    'é',
    '’',
    '😀',
    '\u0085',
    '\u2028',
    '\uFFFD',
    '##',
  ),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const value = fc.array(piece, { maxLength: 6 }).map((parts) => xmlChars(parts.join('')));

const anyAssertion: fc.Arbitrary<AssertionToSp> = fc
  .record({
    nameId: value,
    sessionIndex: value,
    spEntityId: value,
    idpEntityId: value,
    acsUrl: value,
    inResponseTo: fc.option(value, { nil: undefined }),
    attributes: fc.array(fc.record({ name: value, values: fc.array(value, { maxLength: 3 }) }), {
      minLength: 0,
      maxLength: 4,
    }),
  })
  .map((random) => assertion(random));

/** The exclusive canonical form of `element`, its own ds:Signature left out (the enveloped-signature transform). */
function canonicalWithoutSignature(element: Element): string {
  const signature = Array.from(element.childNodes).find(
    (n) => n.nodeType === 1 && (n as Element).localName === 'Signature' && (n as Element).namespaceURI === dsNamespace,
  );
  if (signature !== undefined) element.removeChild(signature);
  return c14n.process(element, {});
}

/** What was hashed: the message with the two line-separator references of protectLineSeparators read back. */
const literal = (xml: string): string => xml.replace(/&#x85;/g, '\u0085').replace(/&#x2028;/g, '\u2028');

/** The first ds:Signature of a string the broker built is the signature of that string's root element. */
const withoutOwnSignature = (xml: string): string => xml.replace(/<ds:Signature [\s\S]*?<\/ds:Signature>/, '');
const assertionIn = (xml: string): string => /<saml:Assertion [\s\S]*<\/saml:Assertion>/.exec(xml)?.[0] ?? '';

describe('trust/saml buildSpResponse: written in exclusive-c14n form (property, against xml-crypto)', () => {
  it(
    'the Response, and the Assertion inside it and alone, are their own canonical form; ' + 'the signatures verify',
    function () {
      this.timeout(120_000);
      fc.assert(
        fc.property(anyAssertion, (a) => {
          const xml = buildSpResponse(a, signingKeys());
          const response = parseXmlSafely(xml).documentElement;
          assert.equal(c14n.process(response, {}), literal(xml), 'the whole Response, signatures included');
          const inside = assertionIn(literal(xml));
          const nested = response.getElementsByTagNameNS(samlAssertion.namespace, 'Assertion')[0] as Element;
          assert.equal(c14n.process(nested, {}), inside, 'the Assertion in its Response');
          assert.equal(
            c14n.process(parseXmlSafely(assertionIn(xml)).documentElement, {}),
            inside,
            'the Assertion alone',
          );
          // The digest inputs: what sign-canonical hashed is what a verifier canonicalises.
          assert.equal(canonicalWithoutSignature(response), withoutOwnSignature(literal(xml)));
          assert.equal(canonicalWithoutSignature(nested), withoutOwnSignature(inside));
          envelopedSignatures.verify(xml, { element: 'root', trustedKeys: [brokerKey.privateKey] });
          envelopedSignatures.verify(xml, { element: samlAssertion, trustedKeys: [brokerKey.privateKey] });
        }),
        { numRuns: 150 },
      );
    },
  );

  it('the Response around an EncryptedAssertion is its own canonical form; its signature verifies', function () {
    this.timeout(120_000);
    fc.assert(
      fc.property(
        anyAssertion,
        fc.constantFrom('aes-256-gcm', 'aes-128-gcm', 'aes-256-cbc' as const),
        (a, algorithm) => {
          const xml = buildSpResponse(a, signingKeys(algorithm));
          const response = parseXmlSafely(xml).documentElement;
          assert.equal(c14n.process(response, {}), literal(xml));
          assert.equal(canonicalWithoutSignature(response), withoutOwnSignature(literal(xml)));
          envelopedSignatures.verify(xml, { element: 'root', trustedKeys: [brokerKey.privateKey] });
        },
      ),
      { numRuns: 40 },
    );
  });
});
