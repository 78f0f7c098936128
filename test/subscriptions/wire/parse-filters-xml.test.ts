import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFiltersXml, wsabonnementNamespace } from '../../../src/subscriptions/index.js';
import { wireFailure } from './wire-failure.js';

const filtres = (inner: string): string => `<filtres xmlns="${wsabonnementNamespace}">${inner}</filtres>`;
const filtre = (name: string, value: string): string =>
  `<filtre><filtreNom>${name}</filtreNom><filtreValeur>${value}</filtreValeur></filtre>`;

describe('parseFiltersXml', () => {
  it('reads filters in order and the sort', () => {
    const body = readFileSync(
      join(import.meta.dirname, '../../fixtures/wsabonnement/filtres.valid-filters-and-sort.xml'),
    );
    assert.deepEqual(parseFiltersXml(body), {
      filters: [
        { name: 'uaiEtab', value: '0561534N' },
        { name: 'publicCible', value: 'AUTRE PERSONNEL' },
      ],
      sort: { by: 'debutValidite', order: 'DESC' },
    });
  });

  it('reads an empty or absent body, and an empty <filtres>, as no filter and no sort', () => {
    for (const body of [undefined, '', Buffer.alloc(0), filtres('')])
      assert.deepEqual(parseFiltersXml(body), { filters: [] });
  });

  it('accepts every GAR filter name, the same name twice, and a prefixed namespace', () => {
    const inner =
      filtre('idDistributeurCom', '832020065_0000000000000000')
      + filtre('uaiEtab', '0561534N')
      + filtre('uaiEtab', '0560019A')
      + filtre('idAbonnement', 'ABO-1')
      + filtre('typeAffectation', 'INDIV')
      + filtre('categorieAffectation', 'non transferable')
      + filtre('publicCible', 'ELEVE')
      + filtre('codeProjetRessource', 'P1');
    const prefixed = `<f:filtres xmlns:f="${wsabonnementNamespace}">${inner.replace(/<(\/?)/g, '<$1f:')}</f:filtres>`;
    assert.equal(parseFiltersXml(filtres(inner)).filters.length, 8);
    assert.deepEqual(parseFiltersXml(prefixed), parseFiltersXml(filtres(inner)));
  });

  it('defaults the sort field to idAbonnement and the order to ASC when only one is given', () => {
    assert.deepEqual(parseFiltersXml(filtres('<tri>DESC</tri>')).sort, { by: 'idAbonnement', order: 'DESC' });
    assert.deepEqual(parseFiltersXml(filtres('<triPar>uaiEtab</triPar>')).sort, { by: 'uaiEtab', order: 'ASC' });
  });

  const refused: readonly [string, string, string][] = [
    ['an unknown filter name', filtres(filtre('nbLicenceGlobale', '3')), 'ERR_WS_FILTER_UNKNOWN'],
    ['a filter name in another case', filtres(filtre('UAIETAB', '0561534N')), 'ERR_WS_FILTER_UNKNOWN'],
    [
      'a value outside the enumeration of its field',
      filtres(filtre('typeAffectation', 'TOUS')),
      'ERR_WS_VALUE_INVALID',
    ],
    ['an empty value', filtres(filtre('uaiEtab', '')), 'ERR_WS_VALUE_INVALID'],
    ['a value longer than its field allows', filtres(filtre('idAbonnement', 'x'.repeat(46))), 'ERR_WS_VALUE_TOO_LONG'],
    ['a filter without value', filtres('<filtre><filtreNom>uaiEtab</filtreNom></filtre>'), 'ERR_WS_ELEMENT_MISSING'],
    [
      'value before name',
      filtres('<filtre><filtreValeur>x</filtreValeur><filtreNom>uaiEtab</filtreNom></filtre>'),
      'ERR_WS_ELEMENT_ORDER',
    ],
    ['an unknown element', filtres('<limite>10</limite>'), 'ERR_WS_ELEMENT_UNKNOWN'],
    ['two triPar', filtres('<triPar>uaiEtab</triPar><triPar>idAbonnement</triPar>'), 'ERR_WS_ELEMENT_DUPLICATE'],
    ['a sort on a count', filtres('<triPar>nbLicenceGlobale</triPar>'), 'ERR_WS_SORT_INVALID'],
    ['no namespace', '<filtres/>', 'ERR_WS_NAMESPACE'],
    ['an <abonnement> body', `<abonnement xmlns="${wsabonnementNamespace}"/>`, 'ERR_WS_ROOT_UNKNOWN'],
    ['a DOCTYPE', `<!DOCTYPE filtres>${filtres('')}`, 'ERR_WS_XML_DOCTYPE'],
    ['a blank body (not XML)', '   ', 'ERR_WS_XML_MALFORMED'],
  ];
  for (const [what, body, code] of refused) {
    it(`refuses ${what} → ${code}`, () => {
      assert.equal(wireFailure(() => parseFiltersXml(body)).code, code);
    });
  }

  it('refuses a body over the size limit → ERR_WS_BODY_TOO_LARGE', () => {
    assert.equal(
      wireFailure(() => parseFiltersXml(filtres(filtre('uaiEtab', '0561534N')), { maxBytes: 50 })).code,
      'ERR_WS_BODY_TOO_LARGE',
    );
  });
});
