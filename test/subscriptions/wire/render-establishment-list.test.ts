import assert from 'node:assert/strict';
import {
  frenchDepartments,
  listEtablissementNamespace,
  renderEstablishmentList,
  type EstablishmentListing,
} from '../../../src/subscriptions/index.js';
import { readSmallXmlDocument } from '../../../src/trust/index.js';
import { wireFailure } from './wire-failure.js';

/** GAR's order, written out here so that a change of the constant in src/ fails this test. */
const garOrder = [
  'uai',
  'nature_uai',
  'nature_uai_libe',
  'type_uai',
  'type_uai_libe',
  'commune',
  'commune_libe',
  'academie',
  'academie_libe',
  'departement_insee_3',
  'departement_insee_3_libe',
  'appellation_officielle',
  'patronyme_uai',
  'code_postal_uai',
  'localite_acheminement_uai',
  'idENT',
];

const listing = (uai: string, name = `Collège ${uai}`): EstablishmentListing => ({
  uai,
  name,
  entId: 'ENT-IDF',
  degree: '2D',
});

/** Each establishment as { element: text }, through the broker's own safe reader. */
function read(xml: string): { names: string[]; values: Record<string, string> }[] {
  const root = readSmallXmlDocument(xml);
  assert.deepEqual([root.name, root.ns], ['listEtablissement', listEtablissementNamespace]);
  return root.children.map((e) => {
    assert.deepEqual([e.name, e.ns], ['etablissement', listEtablissementNamespace]);
    return {
      names: e.children.map((c) => c.name),
      values: Object.fromEntries(e.children.map((c) => [c.name, c.text])),
    };
  });
}

describe('renderEstablishmentList', () => {
  it("writes every element of GAR in GAR's order, empty ones as <name/>, in the listEtablissement namespace", () => {
    const xml = renderEstablishmentList([listing('0750001A')]);
    const [only] = read(xml);
    assert.deepEqual(only?.names, garOrder);
    assert.deepEqual(only?.values, {
      uai: '0750001A',
      nature_uai: '',
      nature_uai_libe: '',
      type_uai: '',
      type_uai_libe: '',
      commune: '',
      commune_libe: '',
      academie: '01',
      academie_libe: 'Paris',
      departement_insee_3: '075',
      departement_insee_3_libe: 'Paris',
      appellation_officielle: 'Collège 0750001A',
      patronyme_uai: '',
      code_postal_uai: '',
      localite_acheminement_uai: '',
      idENT: 'ENT-IDF',
    });
    assert.ok(xml.includes('<commune/>') && xml.includes('<patronyme_uai/>'));
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'));
  });

  it('sorts by UAI, whatever the input order', () => {
    const uais = ['9720001C', '0010001W', '6200001A', '0750001A'];
    assert.deepEqual(
      read(renderEstablishmentList(uais.map((u) => listing(u)))).map((e) => e.values.uai),
      ['0010001W', '0750001A', '6200001A', '9720001C'],
    );
  });

  it('escapes names: &, <, >, apostrophes, quotes and accents read back unchanged', () => {
    const name = 'Lycée d\'Alembert & <Fils> "Sud" — Ñ 😀';
    const xml = renderEstablishmentList([listing('0750001A', name)]);
    assert.equal(read(xml)[0]?.values.appellation_officielle, name);
    assert.ok(xml.includes('&amp; &lt;Fils&gt;'));
  });

  it('refuses a name XML cannot carry → ERR_WS_XML_UNREPRESENTABLE', () => {
    assert.equal(
      wireFailure(() => renderEstablishmentList([listing('0750001A', 'bell\u0007')])).code,
      'ERR_WS_XML_UNREPRESENTABLE',
    );
  });

  const departments: readonly (readonly [string, string, string, string, string, string])[] = [
    ['mainland', '0010001W', '001', 'Ain', '10', 'Lyon'],
    ['Normandie, merged académie', '0140001A', '014', 'Calvados', '70', 'Normandie'],
    ['Corse-du-Sud (UAI 620)', '6200001A', '620', 'Corse-du-Sud', '27', 'Corse'],
    ['Haute-Corse (UAI 720)', '7200001B', '720', 'Haute-Corse', '27', 'Corse'],
    ['Guadeloupe', '9710001A', '971', 'Guadeloupe', '32', 'Guadeloupe'],
    ['Martinique', '9720001C', '972', 'Martinique', '31', 'Martinique'],
    ['Guyane', '9730001D', '973', 'Guyane', '33', 'Guyane'],
    ['La Réunion', '9740001E', '974', 'La Réunion', '28', 'La Réunion'],
    ['Mayotte', '9760001F', '976', 'Mayotte', '43', 'Mayotte'],
  ];
  for (const [name, uai, code, label, academy, academyLabel] of departments) {
    it(`département and académie from the UAI: ${name}`, () => {
      const values = read(renderEstablishmentList([listing(uai)]))[0]?.values ?? {};
      assert.deepEqual(
        [values.departement_insee_3, values.departement_insee_3_libe, values.academie, values.academie_libe],
        [code, label, academy, academyLabel],
      );
    });
  }

  for (const uai of ['9990001Z', '0200001A', '2A00001A', 'AB']) {
    it(`an unknown prefix (${uai}) leaves département and académie empty`, () => {
      const values = read(renderEstablishmentList([listing(uai)]))[0]?.values ?? {};
      assert.deepEqual(
        [
          values.departement_insee_3,
          values.departement_insee_3_libe,
          values.academie,
          values.academie_libe,
          values.uai,
        ],
        ['', '', '', '', uai],
      );
    });
  }

  it(
    'knows the 96 mainland départements (Corsica as 620/720), ' + 'the five overseas ones and Saint-Pierre-et-Miquelon',
    () => {
      const codes = [...frenchDepartments.keys()];
      assert.equal(codes.length, 102);
      assert.ok(codes.every((c) => /^\d{3}$/.test(c)));
      const mainland = codes
        .filter((c) => c < '100')
        .map(Number)
        .sort((a, b) => a - b);
      assert.deepEqual(
        mainland,
        Array.from({ length: 95 }, (_, i) => i + 1).filter((n) => n !== 20),
      );
      assert.deepEqual(codes.filter((c) => c >= '100').sort(), [
        '620',
        '720',
        '971',
        '972',
        '973',
        '974',
        '975',
        '976',
      ]);
      assert.ok(
        [...frenchDepartments.values()].every(
          (d) => /^\d{2}$/.test(d.academyCode) && d.name !== '' && d.academyName !== '',
        ),
      );
    },
  );

  it('writes an empty list', () => {
    assert.deepEqual(read(renderEstablishmentList([])), []);
  });
});
