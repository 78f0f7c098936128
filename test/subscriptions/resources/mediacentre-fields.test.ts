/**
 * The médiacentre's optional resource fields (gar-reference §6) as `resource add|import` reads
 * them: `typePedagogique`, `typologieDocument`, `validateurTech`, `affichable`, `diffusable`.
 * Outcomes are codes and JSON pointers, never message text.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isBrokerError } from '../../../src/core/broker-error.js';
import { parseResourceDocument, type ResourceDescription } from '../../../src/subscriptions/index.js';

const full = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/resources/valid.one.json'), 'utf8'),
) as ResourceDescription;
const { typePedagogique, typologieDocument, validateurTech, affichable, diffusable, ...bare } = full;
const scolomfr = (concept: string, nom: string) => ({
  uri: `http://data.education.fr/voc/scolomfr/concept/${concept}`,
  nom,
});
const withFields = (fields: Record<string, unknown>): string => JSON.stringify({ ...bare, ...fields });

/** The JSON pointers an `add` of this text is refused at; [] when it is accepted. */
function refusedAt(text: string): readonly string[] {
  try {
    parseResourceDocument(text, 'one');
    return [];
  } catch (error) {
    if (!isBrokerError(error) || error.code !== 'ERR_RESOURCE_INVALID') throw error;
    return (error.detail ?? '').split(' ');
  }
}

describe('resource schema: the médiacentre fields', () => {
  it('the fixture gives every field, and each is optional', () => {
    assert.ok(
      typePedagogique
        && typologieDocument
        && validateurTech !== undefined
        && affichable !== undefined
        && diffusable !== undefined,
    );
    assert.deepEqual(parseResourceDocument(JSON.stringify(bare), 'one'), [bare]);
    assert.deepEqual(parseResourceDocument(JSON.stringify(full), 'one'), [full]);
  });

  const accepted: readonly { readonly title: string; readonly fields: Record<string, unknown> }[] = [
    { title: 'typePedagogique alone', fields: { typePedagogique } },
    { title: 'typologieDocument alone', fields: { typologieDocument } },
    { title: 'empty term lists', fields: { typePedagogique: [], typologieDocument: [] } },
    // GAR's own answers carry this un-numbered ScoLOMFR concept (« cours / présentation »).
    {
      title: 'a ScoLOMFR concept URI without a number',
      fields: { typePedagogique: [scolomfr('lecture', 'cours / présentation')] },
    },
    {
      title: 'validateurTech other than the technical distributor',
      fields: { validateurTech: '813450662_0000000000000007' },
    },
    { title: 'affichable and diffusable false', fields: { affichable: false, diffusable: false } },
  ];
  for (const c of accepted) {
    it(`accepts ${c.title}`, () => {
      const text = withFields(c.fields);
      assert.deepEqual(refusedAt(text), []);
      assert.deepEqual(parseResourceDocument(text, 'one'), [JSON.parse(text)]);
    });
  }

  const refused: readonly {
    readonly title: string;
    readonly fields: Record<string, unknown>;
    readonly pointers: readonly string[];
  }[] = [
    {
      title: 'a relative URI in a typePedagogique term',
      fields: {
        typePedagogique: [
          scolomfr('scolomfr-voc-010-num-014', 'manuel'),
          { uri: 'scolomfr-voc-010-num-006', nom: 'étude de cas' },
        ],
      },
      pointers: ['/typePedagogique/1/uri'],
    },
    {
      title: 'a URI with a space in a typologieDocument term',
      fields: { typologieDocument: [{ uri: 'http://data.education.fr/voc/livre numérique', nom: 'livre' }] },
      pointers: ['/typologieDocument/0/uri'],
    },
    {
      title: 'a term without a label',
      fields: {
        typologieDocument: [{ uri: 'http://data.education.fr/voc/scolomfr/concept/scolomfr-voc-005-num-024' }],
      },
      pointers: ['/typologieDocument/0/nom'],
    },
    {
      title: 'a term with a blank label',
      fields: { typePedagogique: [scolomfr('scolomfr-voc-010-num-014', '  ')] },
      pointers: ['/typePedagogique/0/nom'],
    },
    {
      title: 'a term with an unknown key',
      fields: { typePedagogique: [{ ...scolomfr('scolomfr-voc-010-num-014', 'manuel'), code: '014' }] },
      pointers: ['/typePedagogique/0/code'],
    },
    {
      title: 'a term list that is one term, not an array',
      fields: { typologieDocument: scolomfr('scolomfr-voc-005-num-024', 'livre numérique') },
      pointers: ['/typologieDocument'],
    },
    {
      title: 'more than 100 terms',
      fields: {
        typePedagogique: Array.from({ length: 101 }, (_, i) => scolomfr(`scolomfr-voc-010-num-${i}`, `type ${i}`)),
      },
      pointers: ['/typePedagogique'],
    },
    {
      title: 'validateurTech with a dash',
      fields: { validateurTech: '552081317-0000000000000002' },
      pointers: ['/validateurTech'],
    },
    {
      title: 'validateurTech with 15 digits after the SIREN',
      fields: { validateurTech: '552081317_000000000000002' },
      pointers: ['/validateurTech'],
    },
    {
      title: 'validateurTech with a trailing line break',
      fields: { validateurTech: '552081317_0000000000000002\n' },
      pointers: ['/validateurTech'],
    },
    { title: 'validateurTech empty', fields: { validateurTech: '' }, pointers: ['/validateurTech'] },
    { title: 'validateurTech as a number', fields: { validateurTech: 552081317 }, pointers: ['/validateurTech'] },
    {
      title: 'validateurTech as a party object',
      fields: { validateurTech: { id: '552081317_0000000000000002', nom: 'Lumière' } },
      pointers: ['/validateurTech'],
    },
    { title: 'affichable as the string "true"', fields: { affichable: 'true' }, pointers: ['/affichable'] },
    { title: 'affichable as 1', fields: { affichable: 1 }, pointers: ['/affichable'] },
    { title: 'diffusable null', fields: { diffusable: null }, pointers: ['/diffusable'] },
    { title: 'an unknown key beside them', fields: { affichage: true }, pointers: ['/affichage'] },
    {
      title: 'every fault at once',
      fields: {
        typePedagogique: [{ uri: 'x', nom: 'x' }],
        validateurTech: 'x',
        affichable: 'oui',
        diffusable: 0,
        visible: false,
      },
      pointers: ['/affichable', '/diffusable', '/typePedagogique/0/uri', '/validateurTech', '/visible'],
    },
  ];
  for (const c of refused) {
    it(`refuses ${c.title}`, () => {
      assert.deepEqual(new Set(refusedAt(withFields(c.fields))), new Set(c.pointers));
    });
  }

  it('import names the faulty resource of a catalogue', () => {
    const text = JSON.stringify({
      ressources: [full, { ...full, idRessource: 'ark:/86527/autre', diffusable: 'false' }],
    });
    assert.throws(
      () => parseResourceDocument(text, 'many'),
      (error: unknown) =>
        isBrokerError(error) && error.code === 'ERR_RESOURCE_INVALID' && error.detail === '/ressources/1/diffusable',
    );
  });
});
