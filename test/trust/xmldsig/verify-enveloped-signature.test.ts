/**
 * The signature-wrapping corpus: every message is made at test time from the unsigned template
 * (test/fixtures/saml/signatures/README.md lists the cases). A replacement implementation of
 * `envelopedSignatures` must pass this file unchanged.
 */
import assert from 'node:assert/strict';
import { XMLSerializer } from '@xmldom/xmldom';
import {
  envelopedSignatures,
  parseXmlSafely,
  verifyEnvelopedSignature,
  type VerifyEnvelopedOptions,
} from '../../../src/trust/index.js';
import {
  firstSignature,
  insertAfterIssuer,
  samlAssertion,
  signedResponse,
  testSigningKeys,
  withoutFirstSignature,
} from '../../support/saml-signing.js';
import { thrownCode } from '../../support/thrown-code.js';

const keys = testSigningKeys();
const trusted = { trustedKeys: [keys.idp.publicKey] };
const asAssertion: VerifyEnvelopedOptions = { ...trusted, element: samlAssertion };
const asRoot: VerifyEnvelopedOptions = { ...trusted, element: 'root' };

const assertionSigned = signedResponse({ sign: 'assertion' });
const responseSigned = signedResponse({ sign: 'response' });
const assertionPattern = /<saml:Assertion [\s\S]*<\/saml:Assertion>/;
const assertionOf = (xml: string): string => (assertionPattern.exec(xml) as RegExpExecArray)[0];
const evil = (xml: string): string => xml.replace('alice@good.example', 'mallory@evil.example');

/** XSW1/2: an evil response at the root, carrying the original signature; the signed original hidden. */
function wrappedResponse(where: 'signature-object' | 'extensions', evilId?: string): string {
  const signature = firstSignature(responseSigned);
  const original = withoutFirstSignature(responseSigned);
  const evilRoot = evilId === undefined ? evil(original) : evil(original).replace('ID="_response-1"', `ID="${evilId}"`);
  return where === 'signature-object'
    ? insertAfterIssuer(
        evilRoot,
        signature.replace('</ds:Signature>', `<ds:Object>${original}</ds:Object></ds:Signature>`),
      )
    : insertAfterIssuer(evilRoot, `${signature}<samlp:Extensions>${original}</samlp:Extensions>`);
}

const refused: ReadonlyArray<{ name: string; xml: () => string; options: VerifyEnvelopedOptions; code: string }> = [
  {
    name: 'signature-stripped',
    xml: () => withoutFirstSignature(assertionSigned),
    options: asAssertion,
    code: 'ERR_XMLDSIG_MISSING',
  },
  {
    name: 'xsw1-response-copy-in-signature-object (evil root, same ID)',
    xml: () => wrappedResponse('signature-object'),
    options: asRoot,
    code: 'ERR_XMLDSIG_DUPLICATE_ID',
  },
  {
    name: 'xsw1-response-copy-in-signature-object (evil root, new ID)',
    xml: () => wrappedResponse('signature-object', '_evil'),
    options: asRoot,
    code: 'ERR_XMLDSIG_REFERENCE',
  },
  {
    name: 'xsw2-response-copy-in-extensions',
    xml: () => wrappedResponse('extensions'),
    options: asRoot,
    code: 'ERR_XMLDSIG_DUPLICATE_ID',
  },
  {
    name: 'xsw3-evil-assertion-sibling-same-id',
    xml: () =>
      assertionSigned.replace(
        '<saml:Assertion ',
        `${evil(withoutFirstSignature(assertionOf(assertionSigned)))}<saml:Assertion `,
      ),
    options: asAssertion,
    code: 'ERR_XMLDSIG_DUPLICATE_ID',
  },
  {
    name: 'xsw-signed-assertion-moved-under-extensions',
    xml: () =>
      insertAfterIssuer(
        assertionSigned.replace(
          assertionPattern,
          evil(withoutFirstSignature(assertionOf(assertionSigned))).replace('_assertion-1', '_evil'),
        ),
        `<samlp:Extensions>${assertionOf(assertionSigned)}</samlp:Extensions>`,
      ),
    options: asAssertion,
    code: 'ERR_XMLDSIG_TARGET',
  },
  {
    name: 'signature-references-another-element (assertion signature moved to the response)',
    xml: () => insertAfterIssuer(withoutFirstSignature(assertionSigned), firstSignature(assertionSigned)),
    options: asRoot,
    code: 'ERR_XMLDSIG_REFERENCE',
  },
  {
    name: 'two-signatures',
    xml: () => assertionSigned.replace(firstSignature(assertionSigned), firstSignature(assertionSigned).repeat(2)),
    options: asAssertion,
    code: 'ERR_XMLDSIG_AMBIGUOUS',
  },
  {
    name: 'sha1-digest',
    xml: () =>
      assertionSigned.replace('http://www.w3.org/2001/04/xmlenc#sha256', 'http://www.w3.org/2000/09/xmldsig#sha1'),
    options: asAssertion,
    code: 'ERR_XMLDSIG_ALGORITHM',
  },
  {
    name: 'rsa-sha1',
    xml: () =>
      assertionSigned.replace(
        'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
        'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
      ),
    options: asAssertion,
    code: 'ERR_XMLDSIG_ALGORITHM',
  },
  {
    name: 'with-comments-c14n transform',
    xml: () =>
      assertionSigned.replace(
        'Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"',
        'Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#WithComments"',
      ),
    options: asAssertion,
    code: 'ERR_XMLDSIG_ALGORITHM',
  },
  {
    name: 'extra-xpath-transform',
    xml: () =>
      assertionSigned.replace(
        '</ds:Transforms>',
        '<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"/></ds:Transforms>',
      ),
    options: asAssertion,
    code: 'ERR_XMLDSIG_ALGORITHM',
  },
  {
    name: 'algorithm-not-allowed-by-caller',
    xml: () => assertionSigned,
    options: { ...asAssertion, allowedAlgorithms: ['ecdsa-sha256'] },
    code: 'ERR_XMLDSIG_ALGORITHM',
  },
  {
    name: 'untrusted-key',
    xml: () => signedResponse({ sign: 'assertion', key: keys.attacker }),
    options: asAssertion,
    code: 'ERR_XMLDSIG_INVALID',
  },
  {
    name: 'attacker-cert-in-keyinfo',
    xml: () => signedResponse({ sign: 'assertion', key: keys.attacker, withCertificate: true }),
    options: asAssertion,
    code: 'ERR_XMLDSIG_INVALID',
  },
  {
    name: 'content-altered-after-signing',
    xml: () => evil(assertionSigned),
    options: asAssertion,
    code: 'ERR_XMLDSIG_INVALID',
  },
  {
    name: 'no-trusted-key',
    xml: () => assertionSigned,
    options: { ...asAssertion, trustedKeys: [] },
    code: 'ERR_XMLDSIG_INVALID',
  },
  {
    name: 'target-absent',
    xml: () => assertionSigned,
    options: { ...asAssertion, element: { ...samlAssertion, localName: 'LogoutRequest' } },
    code: 'ERR_XMLDSIG_TARGET',
  },
  {
    name: 'doctype-xxe',
    xml: () => `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${assertionSigned}`,
    options: asAssertion,
    code: 'ERR_XMLDSIG_DOCTYPE',
  },
  {
    name: 'malformed (truncated)',
    xml: () => assertionSigned.slice(0, -30),
    options: asAssertion,
    code: 'ERR_XMLDSIG_XML_MALFORMED',
  },
  {
    name: 'too-large',
    xml: () => assertionSigned,
    options: { ...asAssertion, maxBytes: 1024 },
    code: 'ERR_XMLDSIG_TOO_LARGE',
  },
];

describe('trust/xmldsig verifyEnvelopedSignature: refused', () => {
  for (const { name, xml, options, code } of refused) {
    it(`${name} → ${code}`, () =>
      assert.equal(
        thrownCode(() => verifyEnvelopedSignature(xml(), options)),
        code,
      ));
  }

  it("attacker-cert-in-keyinfo really carries the attacker's certificate (the case tests what it says)", () => {
    const xml = signedResponse({ sign: 'assertion', key: keys.attacker, withCertificate: true });
    const base64 = keys.attacker.certificatePem.replace(/-----[^-]+-----|\s/g, '');
    assert.ok(xml.replace(/\s/g, '').includes(base64));
  });
});

const nameIdOf = (signedXml: string): string | null =>
  parseXmlSafely(signedXml).getElementsByTagNameNS(samlAssertion.namespace, 'NameID')[0]?.textContent ?? null;

describe('trust/xmldsig verifyEnvelopedSignature: accepted', () => {
  it('assertion-signed: returns the canonical assertion, without its signature', () => {
    const { signedXml, keyIndex } = verifyEnvelopedSignature(assertionSigned, asAssertion);
    assert.equal(keyIndex, 0);
    assert.match(signedXml, /^<saml:Assertion [^>]*ID="_assertion-1"/);
    assert.doesNotMatch(signedXml, /Signature/);
    assert.equal(nameIdOf(signedXml), 'alice@good.example');
  });

  it('response-signed: returns the canonical response', () => {
    const { signedXml } = verifyEnvelopedSignature(responseSigned, asRoot);
    assert.match(signedXml, /^<samlp:Response [^>]*ID="_response-1"/);
    assert.equal(nameIdOf(signedXml), 'alice@good.example');
  });

  it('both-signed: the response and its assertion each verify', () => {
    const both = signedResponse({ sign: 'both' });
    assert.match(verifyEnvelopedSignature(both, asRoot).signedXml, /^<samlp:Response /);
    assert.match(verifyEnvelopedSignature(both, asAssertion).signedXml, /^<saml:Assertion /);
  });

  for (const [name, key, algorithm] of [
    ['ecdsa-sha256', keys.ec, 'ecdsa-sha256'],
    ['rsa-sha512', keys.idp, 'rsa-sha512'],
  ] as const) {
    it(`${name}: verifies with the matching trusted key`, () => {
      const xml = signedResponse({ sign: 'assertion', key, algorithm });
      assert.equal(
        verifyEnvelopedSignature(xml, { element: samlAssertion, trustedKeys: [keys.idp.publicKey, keys.ec.publicKey] })
          .keyIndex,
        key === keys.ec ? 1 : 0,
      );
    });
  }

  it('key rotation: the second trusted key verifies and keyIndex says so', () => {
    assert.equal(
      verifyEnvelopedSignature(assertionSigned, {
        element: samlAssertion,
        trustedKeys: [keys.attacker.publicKey, keys.idp.publicKey],
      }).keyIndex,
      1,
    );
  });

  it('CRLF line ends are normalised as an XML processor must', () => {
    assert.equal(
      nameIdOf(verifyEnvelopedSignature(assertionSigned.replaceAll('\n', '\r\n'), asAssertion).signedXml),
      'alice@good.example',
    );
  });

  it('comment-in-nameid: the signature holds, and signedXml carries the whole signed NameID, no comment', () => {
    const registered = 'alice@good.example.evil.example';
    const injected = signedResponse({ sign: 'assertion', nameId: registered }).replace(
      registered,
      'alice@good.example<!---->.evil.example',
    );
    const { signedXml } = verifyEnvelopedSignature(injected, asAssertion);
    assert.doesNotMatch(signedXml, /<!--/);
    assert.equal(nameIdOf(signedXml), registered);
  });
});

describe('trust/xmldsig envelopedSignatures.verifyIn: one parse, the document left as it was', () => {
  const serialise = (doc: Document): string => new XMLSerializer().serializeToString(doc as never);

  it('verifies the Response and then its assertion in the same document, which stays byte-identical', () => {
    const both = signedResponse({ sign: 'both' });
    const doc = envelopedSignatures.parse(both);
    const before = serialise(doc);
    assert.equal(envelopedSignatures.verifyIn(doc, asRoot).signedXml, verifyEnvelopedSignature(both, asRoot).signedXml);
    assert.equal(
      envelopedSignatures.verifyIn(doc, asAssertion).signedXml,
      verifyEnvelopedSignature(both, asAssertion).signedXml,
    );
    assert.equal(serialise(doc), before);
  });

  it('a refused signature (digest mismatch) also leaves the document unchanged', () => {
    const doc = envelopedSignatures.parse(evil(assertionSigned));
    const before = serialise(doc);
    assert.equal(
      thrownCode(() => envelopedSignatures.verifyIn(doc, asAssertion)),
      'ERR_XMLDSIG_INVALID',
    );
    assert.equal(serialise(doc), before);
  });
});
