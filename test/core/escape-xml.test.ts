import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { escapeXml, isXmlText, type XmlEscapeForm } from '../../src/core/escape-xml.js';
import { thrownCode } from '../support/thrown-code.js';

/** The text and the attribute values `a` (between `"`) and `b` (between `'`) a strict XML 1.0 parser reads. */
function readBack(xml: string): { text: string; a: string; b: string } {
  const parser = new SaxesParser();
  let text = '';
  const attributes: Record<string, string> = {};
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    for (const [name, value] of Object.entries(tag.attributes)) attributes[name] = String(value);
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.write(xml).close();
  return { text, a: attributes['a'] ?? '', b: attributes['b'] ?? '' };
}
const document = (escaped: string): string => `<r a="${escaped}" b='${escaped}'>${escaped}</r>`;

describe('core escapeXml', () => {
  const cases: readonly (readonly [string, string])[] = [
    ['&', '&amp;'],
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['"', '&quot;'],
    ["'", '&apos;'],
    ['\t', '&#x9;'],
    ['\n', '&#xA;'],
    ['\r', '&#xD;'],
    [']]>', ']]&gt;'],
    ['&amp;', '&amp;amp;'],
    ["Éloïse O'Neill", 'Éloïse O&apos;Neill'],
    ['plain', 'plain'],
    ['', ''],
  ];
  for (const [value, expected] of cases) {
    it(`writes ${JSON.stringify(value)} as ${JSON.stringify(expected)} (any form)`, () => {
      assert.equal(escapeXml(value), expected);
    });
  }

  it('writes exactly what exclusive c14n writes in its two forms (xml-c14n §2.3)', () => {
    const all = `&<>"'\t\n\r]]>é`;
    const table: readonly (readonly [XmlEscapeForm, string])[] = [
      ['any', '&amp;&lt;&gt;&quot;&apos;&#x9;&#xA;&#xD;]]&gt;é'],
      ['c14n-text', `&amp;&lt;&gt;"'\t\n&#xD;]]&gt;é`],
      ['c14n-attribute', `&amp;&lt;>&quot;'&#x9;&#xA;&#xD;]]>é`],
    ];
    for (const [form, expected] of table) assert.equal(escapeXml(all, { form }), expected, form);
  });

  it('keeps characters outside the BMP (surrogate pairs) and U+FFFD as they are', () => {
    for (const value of ['😀', '𝔘nicode 𐍈', '\uFFFD', '\uD83D\uDE00']) assert.equal(escapeXml(value), value);
  });

  const forbidden: readonly (readonly [string, string])[] = [
    ['NUL', '\u0000'],
    ['BEL', '\u0007'],
    ['VT', '\u000B'],
    ['FF', '\u000C'],
    ['US', '\u001F'],
    ['U+FFFE', '\uFFFE'],
    ['U+FFFF', '\uFFFF'],
    ['a lone high surrogate', '\uD800'],
    ['a lone low surrogate', '\uDC00'],
    ['a reversed pair', '\uDE00\uD83D'],
  ];
  for (const [title, character] of forbidden) {
    it(`refuses ${title} (ERR_XML_UNREPRESENTABLE), or writes U+FFFD per unit when asked`, () => {
      assert.equal(isXmlText(`a${character}b`), false);
      assert.equal(
        thrownCode(() => escapeXml(`a${character}b`)),
        'ERR_XML_UNREPRESENTABLE',
      );
      assert.equal(
        thrownCode(() => escapeXml(`a${character}b`, { form: 'c14n-text' })),
        'ERR_XML_UNREPRESENTABLE',
      );
      const replaced = `&lt;${'\uFFFD'.repeat(character.length)}&gt;`;
      assert.equal(escapeXml(`<${character}>`, { unrepresentable: 'replace' }), replaced);
    });
  }

  it("refuses with the caller's own code when given one", () => {
    const own = { unrepresentable: 'ERR_WS_XML_UNREPRESENTABLE' } as const;
    assert.equal(
      thrownCode(() => escapeXml('bell\u0007', own)),
      'ERR_WS_XML_UNREPRESENTABLE',
    );
  });

  it('tab, LF and CR are XML characters: allowed, and escaped so that they survive', () => {
    assert.equal(isXmlText('\t\n\r'), true);
    const value = 'a\tb\nc\r\nd';
    assert.deepEqual(readBack(document(escapeXml(value))), { text: value, a: value, b: value });
  });

  it('what it writes reads back unchanged as text and as either kind of attribute value (property)', () => {
    const piece = fc.oneof(
      fc.constantFrom('&', '<', '>', '"', "'", '\t', '\n', '\r', '\r\n', ']]>', '&amp;', '&#xD;'),
      fc.constantFrom('é', '😀', '\uFFFD', ' ', '\u0000', '\uD800'),
      fc.string({ unit: 'binary', maxLength: 4 }),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }).map((p) => p.join('')),
        (value) => {
          if (!isXmlText(value)) {
            assert.equal(
              thrownCode(() => escapeXml(value)),
              'ERR_XML_UNREPRESENTABLE',
            );
            const replaced = readBack(document(escapeXml(value, { unrepresentable: 'replace' })));
            assert.ok(isXmlText(replaced.text));
            return;
          }
          assert.deepEqual(readBack(document(escapeXml(value))), { text: value, a: value, b: value });
        },
      ),
      { numRuns: 500 },
    );
  });
});
