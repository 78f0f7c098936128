import assert from 'node:assert/strict';
import { parseXmlSafely } from '../../../src/trust/index.js';
import { thrownCode } from '../../support/thrown-code.js';

describe('trust/xmldsig parseXmlSafely', () => {
  it('parses a namespaced document', () => {
    const doc = parseXmlSafely('<a:r xmlns:a="urn:a" ID="x"><a:c>t</a:c></a:r>');
    assert.equal(doc.documentElement.localName, 'r');
    assert.equal(doc.documentElement.namespaceURI, 'urn:a');
  });

  const refused: ReadonlyArray<[string, string, string]> = [
    ['internal subset with an entity', '<!DOCTYPE r [<!ENTITY e "boom">]><r>&e;</r>', 'ERR_XMLDSIG_DOCTYPE'],
    ['external entity (XXE)', '<!DOCTYPE r SYSTEM "file:///etc/passwd"><r/>', 'ERR_XMLDSIG_DOCTYPE'],
    ['lower-case doctype', '<!doctype r><r/>', 'ERR_XMLDSIG_DOCTYPE'],
    ['unclosed element', '<r><c></r>', 'ERR_XMLDSIG_XML_MALFORMED'],
    ['mismatched end tag', '<r></s>', 'ERR_XMLDSIG_XML_MALFORMED'],
    ['undeclared entity', '<r>&nope;</r>', 'ERR_XMLDSIG_XML_MALFORMED'],
    ['two roots', '<r/><s/>', 'ERR_XMLDSIG_XML_MALFORMED'],
    ['empty text', '', 'ERR_XMLDSIG_XML_MALFORMED'],
    ['text without element', 'hello', 'ERR_XMLDSIG_XML_MALFORMED'],
    ['unquoted attribute', '<r a=b/>', 'ERR_XMLDSIG_XML_MALFORMED'],
  ];
  for (const [name, xml, code] of refused) {
    it(`refuses ${name} → ${code}`, () =>
      assert.equal(
        thrownCode(() => parseXmlSafely(xml)),
        code,
      ));
  }

  it('refuses a document over the size limit before parsing → ERR_XMLDSIG_TOO_LARGE', () => {
    assert.equal(
      thrownCode(() => parseXmlSafely(`<r>${'é'.repeat(600)}</r>`, 1024)),
      'ERR_XMLDSIG_TOO_LARGE',
    );
  });
});
