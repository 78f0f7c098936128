import assert from 'node:assert/strict';
import { isBrokerError } from '../../../src/core/broker-error.js';
import { readSmallXmlDocument, type SmallXmlLimits, type XmlNode } from '../../../src/trust/index.js';

const ns = 'http://www.atosworldline.com/wsabonnement/v1.0/';

function failure(body: string | Uint8Array, limits?: Partial<SmallXmlLimits>): { code: string; status: number } {
  try {
    readSmallXmlDocument(body, limits);
  } catch (err) {
    if (isBrokerError(err)) return { code: err.code, status: err.status };
    throw err;
  }
  throw new Error('expected a BrokerError');
}

/** name(text) or name[children], to compare trees compactly. */
const shape = (node: XmlNode): string =>
  node.children.length === 0 ? `${node.name}(${node.text})` : `${node.name}[${node.children.map(shape).join(',')}]`;

describe('readSmallXmlDocument', () => {
  it('returns the whole tree: local names, namespaces, lines, text with CDATA and references', () => {
    const root = readSmallXmlDocument(
      '<?xml version="1.0" encoding="utf-8"?>\n'
        + `<a:r xmlns:a="${ns}" x="1">\n`
        + "  <a:v> N'Diaye &amp; <![CDATA[<Le Goff>]]> </a:v>\n"
        + '  <w xmlns="urn:o"><!-- c --><?pi x?>&#233;</w>\n</a:r>',
    );
    assert.equal(shape(root), "r[v(N'Diaye & <Le Goff>),w(é)]");
    assert.deepEqual([root.ns, root.children[0]?.ns, root.children[1]?.ns], [ns, ns, 'urn:o']);
    assert.deepEqual([root.line, root.children[0]?.line, root.children[1]?.line], [2, 3, 4]);
  });

  it('reads a Buffer as strict UTF-8 (a BOM is dropped) and the same as the string', () => {
    const text = `<r xmlns="${ns}"><v>Éloïse</v></r>`;
    assert.deepEqual(
      readSmallXmlDocument(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])),
      readSmallXmlDocument(text),
    );
  });

  it('trims XML white space only, keeps inner white space and a no-break space', () => {
    const root = readSmallXmlDocument('<r><v>\r\n\t a \n b\u00a0 </v></r>');
    assert.equal(root.children[0]?.text, 'a \n b\u00a0');
  });

  it('keeps non-blank text beside children, for the caller to refuse', () => {
    assert.equal(readSmallXmlDocument('<r>x<v/>y</r>').text, 'xy');
  });

  const refused: readonly [string, string | Uint8Array, string][] = [
    [
      'an external entity (XXE)',
      '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
      'ERR_WS_XML_DOCTYPE',
    ],
    [
      'a parameter entity to a URL',
      '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1/x.dtd"> %p;]><r/>',
      'ERR_WS_XML_DOCTYPE',
    ],
    ['an empty DOCTYPE', '<!DOCTYPE r><r/>', 'ERR_WS_XML_DOCTYPE'],
    ['an undeclared entity', '<r>&x;</r>', 'ERR_WS_XML_MALFORMED'],
    ['a mismatched close tag', '<r><a></b></r>', 'ERR_WS_XML_MALFORMED'],
    ['an unclosed document', '<r><a>', 'ERR_WS_XML_MALFORMED'],
    ['an empty document', '', 'ERR_WS_XML_MALFORMED'],
    ['two roots', '<r/><r/>', 'ERR_WS_XML_MALFORMED'],
    ['an unbound prefix', '<x:r/>', 'ERR_WS_XML_MALFORMED'],
    ['bytes that are not UTF-8', Buffer.from([0x3c, 0x72, 0x3e, 0xff, 0x3c, 0x2f, 0x72, 0x3e]), 'ERR_WS_XML_MALFORMED'],
    ['another declared encoding', '<?xml version="1.0" encoding="ISO-8859-1"?><r/>', 'ERR_WS_XML_MALFORMED'],
    ['a control character', '<r>\u0001</r>', 'ERR_WS_XML_MALFORMED'],
  ];
  for (const [what, body, code] of refused) {
    it(`refuses ${what} → ${code}`, () => assert.equal(failure(body).code, code));
  }

  it('refuses a body over 64 KiB by default with 413, counting UTF-8 bytes of a string', () => {
    const padding = 'é'.repeat(32 * 1024); // 64 KiB of bytes, 32 Ki characters
    assert.deepEqual(failure(`<r>${padding}</r>`), { code: 'ERR_WS_BODY_TOO_LARGE', status: 413 });
    assert.equal(readSmallXmlDocument(`<r>${'é'.repeat(32 * 1024 - 4)}</r>`).text.length, 32 * 1024 - 4);
    assert.equal(failure('<r>abc</r>', { maxBytes: 9 }).code, 'ERR_WS_BODY_TOO_LARGE');
  });

  it('accepts 8 levels, refuses 9 → ERR_WS_XML_LIMIT', () => {
    const nest = (depth: number): string => '<e>'.repeat(depth) + '</e>'.repeat(depth);
    readSmallXmlDocument(nest(8));
    assert.equal(failure(nest(9)).code, 'ERR_WS_XML_LIMIT');
  });

  it('accepts 2000 elements, refuses 2001 → ERR_WS_XML_LIMIT', () => {
    readSmallXmlDocument(`<r>${'<e/>'.repeat(1999)}</r>`);
    assert.equal(failure(`<r>${'<e/>'.repeat(2000)}</r>`).code, 'ERR_WS_XML_LIMIT');
  });

  it('trims a long run of white space in linear time', () => {
    const started = performance.now();
    readSmallXmlDocument(`<r>${' '.repeat(60_000)}x</r>`);
    assert.ok(performance.now() - started < 1000);
  });
});
