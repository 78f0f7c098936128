import assert from 'node:assert/strict';
import { isBrokerError } from '../../src/core/broker-error.js';
import {
  defaultXmlRecordLimits,
  readXmlRecords,
  type XmlNode,
  type XmlRecordLimits,
  type XmlStreamEvent,
} from '../../src/trust/xml-record-stream.js';

const gar = 'http://data.education.fr/ns/gar';

async function* inChunks(text: string | Buffer, size = 65_536): AsyncGenerator<Buffer> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function events(xml: string | Buffer, size?: number, limits?: XmlRecordLimits): Promise<XmlStreamEvent[]> {
  const out: XmlStreamEvent[] = [];
  for await (const event of readXmlRecords(inChunks(xml, size), 'f.xml', limits)) out.push(event);
  return out;
}

async function failure(xml: string | Buffer, limits?: XmlRecordLimits): Promise<{ code: string; detail: string }> {
  try {
    await events(xml, undefined, limits);
  } catch (err) {
    if (isBrokerError(err)) return { code: err.code, detail: err.detail ?? '' };
    throw err;
  }
  throw new Error('expected a BrokerError');
}

/** name(text) or name[children], to compare trees compactly. */
function shape(node: XmlNode): string {
  return node.children.length === 0
    ? `${node.name}(${node.text})`
    : `${node.name}[${node.children.map(shape).join(',')}]`;
}

const pupil = (prefix: string) => `
  <${prefix}GAREleve>
    <${prefix}GARPersonIdentifiant> e-1001 </${prefix}GARPersonIdentifiant>
    <${prefix}GARPersonProfils>
      <${prefix}GARStructureUAI>0561534N</${prefix}GARStructureUAI>
      <${prefix}GARPersonProfil>National_elv</${prefix}GARPersonProfil>
    </${prefix}GARPersonProfils>
    <${prefix}GARPersonNom>N'Diaye &amp; <![CDATA[Le Goff]]></${prefix}GARPersonNom>
    <${prefix}GARPersonPrenom>Éloïse</${prefix}GARPersonPrenom>
  </${prefix}GAREleve>`;

describe('readXmlRecords', () => {
  it('yields the root first (attributes without namespace declarations), then one tree per record', async () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n'
      + `<GAR-ENT-Eleve xmlns="${gar}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" Version="1.7">`
      + `${pupil('')}${pupil('')}\n</GAR-ENT-Eleve>\n`;
    const [root, first, second, ...rest] = await events(xml);
    assert.deepEqual(root, { type: 'root', name: 'GAR-ENT-Eleve', ns: gar, line: 2, attributes: { Version: '1.7' } });
    assert.equal(rest.length, 0);
    assert.ok(first?.type === 'record' && second?.type === 'record');
    assert.equal(
      shape(first.node),
      'GAREleve[GARPersonIdentifiant(e-1001),'
        + 'GARPersonProfils[GARStructureUAI(0561534N),GARPersonProfil(National_elv)],'
        + "GARPersonNom(N'Diaye & Le Goff),GARPersonPrenom(Éloïse)]",
    );
    assert.deepEqual([first.node.line, first.node.children[0]?.line, second.node.line], [3, 4, 12]);
    assert.equal(first.node.ns, gar);
    assert.equal(first.node.children[1]?.children[0]?.ns, gar);
  });

  it('gives the same trees and namespaces whether the namespace is default or bound to a prefix', async () => {
    const byDefault = await events(`<GAR-ENT-Eleve xmlns="${gar}" Version="1.7">${pupil('')}</GAR-ENT-Eleve>`);
    const byPrefix = await events(
      `<gar:GAR-ENT-Eleve xmlns:gar="${gar}" Version="1.7">${pupil('gar:')}</gar:GAR-ENT-Eleve>`,
    );
    assert.deepEqual(byPrefix, byDefault);
  });

  it('reports the namespace of each element, so a caller can refuse mixing', async () => {
    const [, record] = await events(`<r xmlns="${gar}" xmlns:x="urn:x"><a><x:b>1</x:b><c xmlns="">2</c></a></r>`);
    assert.ok(record?.type === 'record');
    assert.deepEqual(
      record.node.children.map((c) => c.ns),
      ['urn:x', ''],
    );
  });

  it('reads the same whatever the chunking, multi-byte characters split included', async () => {
    const xml = `<GAR-ENT-Eleve xmlns="${gar}" Version="1.7">${pupil('')}\r\n${pupil('')}</GAR-ENT-Eleve>`;
    const whole = await events(xml);
    for (const size of [1, 2, 3, 5, 13]) assert.deepEqual(await events(xml, size), whole);
  });

  it('is pulled: reads no more input than the records asked for need', async () => {
    let pulled = 0;
    async function* manyChunks(): AsyncGenerator<string> {
      yield `<r xmlns="${gar}" Version="1">`;
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield `<a><b>${i}</b></a>`;
      }
      yield '</r>';
    }
    const stream = readXmlRecords(manyChunks(), 'f.xml');
    await stream.next(); // root
    await stream.next(); // first record
    await stream.return(undefined);
    assert.ok(pulled <= 2, `pulled ${pulled} chunks`);
  });

  const refused: [string, string | Buffer, string][] = [
    [
      'a DOCTYPE with an external entity (XXE)',
      `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r xmlns="${gar}"><a>&x;</a></r>`,
      'ERR_FEED_XML_DOCTYPE',
    ],
    [
      'a DOCTYPE with a parameter entity to a URL',
      `<!DOCTYPE r [<!ENTITY % p SYSTEM "http://example.org/evil.dtd"> %p;]><r/>`,
      'ERR_FEED_XML_DOCTYPE',
    ],
    ['an empty DOCTYPE', '<!DOCTYPE r><r/>', 'ERR_FEED_XML_DOCTYPE'],
    ['an undeclared entity', `<r xmlns="${gar}"><a>&nbsp;</a></r>`, 'ERR_FEED_XML_MALFORMED'],
    ['a mismatched close tag', `<r xmlns="${gar}">\n<a></b></r>`, 'ERR_FEED_XML_MALFORMED'],
    ['an unclosed document', `<r xmlns="${gar}"><a>`, 'ERR_FEED_XML_MALFORMED'],
    ['an empty document', '', 'ERR_FEED_XML_MALFORMED'],
    ['two roots', '<r/><r/>', 'ERR_FEED_XML_MALFORMED'],
    ['an unbound prefix', '<r><x:a/></r>', 'ERR_FEED_XML_MALFORMED'],
    [
      'bytes that are not UTF-8',
      Buffer.from([0x3c, 0x72, 0x3e, 0xe9, 0x3c, 0x2f, 0x72, 0x3e]),
      'ERR_FEED_XML_MALFORMED',
    ],
    ['another declared encoding', '<?xml version="1.0" encoding="ISO-8859-1"?><r/>', 'ERR_FEED_XML_MALFORMED'],
    ['text between records', `<r xmlns="${gar}"><a/>texte<a/></r>`, 'ERR_FEED_XML_MALFORMED'],
  ];
  for (const [what, xml, code] of refused) {
    it(`refuses ${what} → ${code}`, async () => {
      assert.equal((await failure(xml)).code, code);
    });
  }

  it('names file and line in the detail of a fault', async () => {
    const { detail } = await failure(`<r xmlns="${gar}">\n\n<a></b></r>`);
    assert.match(detail, /^file=f\.xml line=3:/);
  });

  describe('limits per record', () => {
    const nest = (depth: number) => `<r><a>${'<b>'.repeat(depth - 1)}x${'</b>'.repeat(depth - 1)}</a></r>`;

    it(`accepts a record ${defaultXmlRecordLimits.maxDepth} levels deep, refuses one level more`, async () => {
      assert.equal((await events(nest(defaultXmlRecordLimits.maxDepth))).length, 2);
      assert.equal((await failure(nest(defaultXmlRecordLimits.maxDepth + 1))).code, 'ERR_FEED_XML_LIMIT');
    });

    it('refuses more than 64 KiB of text in one record, even spread over elements', async () => {
      const leaf = `<b>${'é'.repeat(1000)}</b>`;
      assert.equal((await events(`<r><a>${leaf.repeat(60)}</a><a>${leaf.repeat(60)}</a></r>`)).length, 3);
      assert.equal((await failure(`<r><a>${leaf.repeat(70)}</a></r>`)).code, 'ERR_FEED_XML_LIMIT');
    });

    it('refuses more than 2000 elements in one record', async () => {
      assert.equal((await events(`<r><a>${'<b/>'.repeat(1999)}</a></r>`)).length, 2);
      assert.equal((await failure(`<r><a>${'<b/>'.repeat(2000)}</a></r>`)).code, 'ERR_FEED_XML_LIMIT');
    });

    it('refuses a huge text before saxes buffers it all (between two tags)', async () => {
      const limits = { ...defaultXmlRecordLimits, maxCharsBetweenTags: 10_000, maxTextPerRecord: 1_000_000 };
      assert.equal((await failure(`<r><a>${'x'.repeat(200_000)}</a></r>`, limits)).code, 'ERR_FEED_XML_LIMIT');
      assert.equal((await failure(`<r a="${'x'.repeat(200_000)}"/>`, limits)).code, 'ERR_FEED_XML_LIMIT');
    });

    it('keeps a many-record document in flat memory (only small records are built)', async () => {
      async function* big(): AsyncGenerator<string> {
        yield `<r xmlns="${gar}">`;
        for (let i = 0; i < 2000; i++) yield `<a><b>${'x'.repeat(30_000)}</b></a>`.repeat(2);
        yield '</r>';
      }
      let count = 0;
      for await (const event of readXmlRecords(big(), 'big.xml')) if (event.type === 'record') count++;
      assert.equal(count, 4000); // 120 MB of text went through, in 60 KB records
    });
  });
});
