import assert from 'node:assert/strict';
import { FeedDocumentRenderer } from '../../../src/directory/generate/feed-document-renderer.js';
import { escapeXml } from '../../../src/core/escape-xml.js';
import { parseFeedFile, text } from './parse-feed-file.js';

const matiere = {
  GARMatiereLibelle: 'SCIENCES VIE & TERRE <"O\'Neill">',
  GARMatiereCode: '062900',
  GARStructureUAI: '0310001A',
};

describe('FeedDocumentRenderer', () => {
  it('writes children in the order of the spec, whatever the order of the values', () => {
    const r = new FeedDocumentRenderer('2D', 'Etab', null);
    const xml = r.header() + r.render({ element: 'GARMatiere', values: matiere }) + r.footer();
    const [record] = parseFeedFile(xml).records;
    assert.deepEqual(
      record!.children.map((c) => c.name),
      ['GARStructureUAI', 'GARMatiereCode', 'GARMatiereLibelle'],
    );
    assert.equal(text(record!, 'GARMatiereLibelle'), matiere.GARMatiereLibelle);
  });

  it('escapes the five XML special characters', () => {
    assert.equal(escapeXml(`a&b<c>d"e'f`), 'a&amp;b&lt;c&gt;d&quot;e&apos;f');
    assert.equal(escapeXml('Éloïse'), 'Éloïse');
    const r = new FeedDocumentRenderer('2D', 'Etab', 'gar');
    assert.ok(
      r
        .render({ element: 'GARMatiere', values: matiere })
        .includes('SCIENCES VIE &amp; TERRE &lt;&quot;O&apos;Neill&quot;&gt;'),
    );
  });

  it('refuses records the spec does not allow', () => {
    const r = new FeedDocumentRenderer('1D', 'Etab', null);
    const cases: [Parameters<FeedDocumentRenderer['render']>[0], string][] = [
      [{ element: 'GARMatiere', values: matiere }, 'ERR_FEED_RECORD_UNKNOWN'],
      [{ element: 'GAREtab', values: { GARStructureUAI: '0310001A' } }, 'ERR_FEED_RECORD_INVALID'],
      [
        { element: 'GAREtab', values: { GARStructureUAI: '0310001A', GARStructureNomCourant: 'x', Extra: 'y' } },
        'ERR_FEED_RECORD_INVALID',
      ],
      [
        { element: 'GAREtab', values: { GARStructureUAI: 'x'.repeat(46), GARStructureNomCourant: 'x' } },
        'ERR_FEED_VALUE_TOO_LONG',
      ],
      [
        { element: 'GAREtab', values: { GARStructureUAI: '031 0001A', GARStructureNomCourant: 'x' } },
        'ERR_FEED_VALUE_INVALID',
      ],
      [
        { element: 'GAREtab', values: { GARStructureUAI: '0310001A', GARStructureNomCourant: '' } },
        'ERR_FEED_VALUE_INVALID',
      ],
    ];
    for (const [record, code] of cases) assert.throws(() => r.render(record), { code }, JSON.stringify(record));
  });

  it('declares the namespace on the root, default or prefixed', () => {
    assert.equal(
      new FeedDocumentRenderer('1D', 'Groupe', null).header().split('\n')[1],
      '<GAR-ENT-Groupe xmlns="http://data.education.fr/ns/gar/1d" Version="1.4">',
    );
    assert.equal(
      new FeedDocumentRenderer('2D', 'Eleve', 'gar').header().split('\n')[1],
      '<gar:GAR-ENT-Eleve xmlns:gar="http://data.education.fr/ns/gar" Version="1.7">',
    );
  });
});
