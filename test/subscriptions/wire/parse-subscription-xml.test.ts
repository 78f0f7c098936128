import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseSubscriptionXml,
  wsabonnementNamespace,
  type SubscriptionInput,
} from '../../../src/subscriptions/index.js';
import { wireFailure } from './wire-failure.js';

const fixture = (name: string): Buffer => readFileSync(join(import.meta.dirname, '../../fixtures/wsabonnement', name));

/** A valid create body from (name, text) pairs, text inserted as is (so already escaped). */
function body(children: readonly (readonly [string, string])[]): string {
  const inner = children.map(([n, v]) => `<${n}>${v}</${n}>`).join('');
  return `<abonnement xmlns="${wsabonnementNamespace}">${inner}</abonnement>`;
}

const base: readonly (readonly [string, string])[] = [
  ['idAbonnement', 'ABO-1'],
  ['idDistributeurCom', '832020065_0000000000000000'],
  ['idRessource', 'ark:/46173/00001.p'],
  ['typeIdRessource', 'ark'],
  ['libelleRessource', 'Atlas'],
  ['debutValidite', '2025-09-01T00:00:00'],
  ['finValidite', '2026-08-15T00:00:00'],
  ['uaiEtab', '0561534N'],
  ['categorieAffectation', 'transferable'],
  ['typeAffectation', 'ETABL'],
  ['nbLicenceGlobale', '10'],
  ['publicCible', 'ELEVE'],
];
const withValue = (name: string, value: string) => base.map(([n, v]) => [n, n === name ? value : v] as const);

describe('parseSubscriptionXml', () => {
  it('reads a create with per-audience counts into the typed value', () => {
    const input = parseSubscriptionXml(fixture('valid.create-per-audience-counts.xml'), {
      mode: 'create',
      idInPath: 'ABO-2026-0561534N-001',
    });
    const expected: SubscriptionInput = {
      idAbonnement: 'ABO-2026-0561534N-001',
      commentaireAbonnement: "Atlas d'histoire & géographie, offre collège",
      idDistributeurCom: '832020065_0000000000000000',
      idRessource: 'ark:/46173/00001.p',
      typeIdRessource: 'ark',
      libelleRessource: "Atlas d'histoire & géographie",
      debutValidite: '2025-09-01T00:00:00',
      fin: { kind: 'date', finValidite: '2026-08-15T00:00:00' },
      uaiEtab: '0561534N',
      categorieAffectation: 'non transferable',
      typeAffectation: 'INDIV',
      licences: {
        kind: 'perAudience',
        nbLicenceEnseignant: 12,
        nbLicenceEleve: 350,
        nbLicenceProfDoc: 'ILLIMITE',
        nbLicenceAutrePersonnel: 0,
      },
      publicCible: ['ENSEIGNANT', 'ELEVE', 'DOCUMENTALISTE'],
      codeProjetRessource: 'ATLAS-COLLEGE',
    };
    assert.deepEqual(input, expected);
  });

  it('reads a school year as its effective end, 15 August of the second year, and keeps what was sent', () => {
    const input = parseSubscriptionXml(fixture('valid.create-global-illimite-school-year.xml'), { mode: 'create' });
    assert.deepEqual(input.fin, {
      kind: 'schoolYear',
      anneeFinValidite: '2025-2026',
      finValidite: '2026-08-15T00:00:00',
    });
    assert.deepEqual(input.licences, { kind: 'global', nbLicenceGlobale: 'ILLIMITE' });
    assert.equal('commentaireAbonnement' in input, false);
  });

  it('reads the same value whether the namespace is default or prefixed', () => {
    assert.deepEqual(
      parseSubscriptionXml(fixture('valid.prefixed-namespace.xml'), { mode: 'create' }),
      parseSubscriptionXml(fixture('valid.create-global-illimite-school-year.xml'), { mode: 'create' }),
    );
  });

  it('reads an update without uaiEtab (the key is absent, not undefined)', () => {
    const input = parseSubscriptionXml(fixture('valid.update-without-uai.xml'), { mode: 'update' });
    assert.equal('uaiEtab' in input, false);
  });

  it('reads an empty optional element as absent, and trims only XML white space', () => {
    const input = parseSubscriptionXml(
      body([...base, ['codeProjetRessource', '  ']]).replace(
        '<libelleRessource>Atlas',
        '<libelleRessource>\n\u00a0Atlas',
      ),
      { mode: 'create' },
    );
    assert.equal('codeProjetRessource' in input, false);
    assert.equal(input.libelleRessource, '\u00a0Atlas');
  });

  it('accepts a fraction of seconds, as Python isoformat() sends', () => {
    assert.equal(
      parseSubscriptionXml(body(withValue('debutValidite', '2025-09-01T10:11:12.123456')), { mode: 'create' })
        .debutValidite,
      '2025-09-01T10:11:12.123456',
    );
  });

  it("accepts GAR's list form of a date back, as the same instant in French legal time", () => {
    const read = (debut: string, fin: string) => {
      const input = parseSubscriptionXml(
        body(withValue('debutValidite', debut).map(([n, v]) => [n, n === 'finValidite' ? fin : v] as const)),
        { mode: 'create' },
      );
      return [input.debutValidite, input.fin.finValidite];
    };
    // As GAR's answers write them (django-gar's fixture): the zero fraction is no fraction.
    assert.deepEqual(read('2021-09-02T16:18:27.000+02:00', '2022-08-15T00:00:00.000+02:00'), [
      '2021-09-02T16:18:27',
      '2022-08-15T00:00:00',
    ]);
    // Another offset names the same instant: Paris is UTC+1 in January, UTC+2 in July.
    assert.deepEqual(read('2026-01-15T08:30:00.250Z', '2026-07-01T06:00:00-04:00'), [
      '2026-01-15T09:30:00.25',
      '2026-07-01T12:00:00',
    ]);
  });

  it('compares dates of either form as instants: an end before the start → ERR_WS_DATE_ORDER', () => {
    // 10:00+02:00 is 09:00 in Paris (summer): one hour before a start at 09:30 local.
    const children = withValue('debutValidite', '2026-06-01T09:30:00').map(([n, v]) =>
      n === 'finValidite' ? ([n, '2026-06-01T10:00:00.000+03:00'] as const) : ([n, v] as const),
    );
    assert.equal(wireFailure(() => parseSubscriptionXml(body(children), { mode: 'create' })).code, 'ERR_WS_DATE_ORDER');
  });

  it("reads a primary school's body with only nbLicenceEnseignant and nbLicenceEleve (Sacado's)", () => {
    const input = parseSubscriptionXml(fixture('valid.create-primary-school-two-counts.xml'), { mode: 'create' });
    assert.deepEqual(input.licences, {
      kind: 'perAudience',
      nbLicenceEnseignant: 'ILLIMITE',
      nbLicenceEleve: 120,
      nbLicenceProfDoc: 0,
      nbLicenceAutrePersonnel: 0,
    });
    assert.deepEqual(input.publicCible, ['ENSEIGNANT', 'ELEVE']);
  });

  it('reads a per-audience count left out or empty as 0, any one of the four', () => {
    const perAudience = ['nbLicenceEnseignant', 'nbLicenceEleve', 'nbLicenceProfDoc', 'nbLicenceAutrePersonnel'];
    for (const [i, only] of perAudience.entries()) {
      const counts = perAudience.map((name) => [name, name === only ? '7' : ''] as const).filter((_, j) => j <= i);
      const input = parseSubscriptionXml(body([...base.slice(0, 10), ...counts, ...base.slice(11)]), {
        mode: 'create',
      });
      const expected = Object.fromEntries(perAudience.map((name) => [name, name === only ? 7 : 0]));
      assert.deepEqual(input.licences, { kind: 'perAudience', ...expected }, only);
    }
  });

  it('refuses a body whose per-audience counts are all empty, naming the counts it may give', () => {
    const failure = wireFailure(() =>
      parseSubscriptionXml(body([...base.slice(0, 10), ['nbLicenceEleve', ''], ...base.slice(11)]), {
        mode: 'create',
      }),
    );
    assert.equal(failure.code, 'ERR_WS_ELEMENT_MISSING');
    assert.match(failure.message, /nbLicenceGlobale, ou au moins un nombre de licences par public/);
  });

  const refused: readonly [string, readonly (readonly [string, string])[], string][] = [
    ['an offset without minutes', withValue('debutValidite', '2025-09-01T00:00:00.000+02'), 'ERR_WS_VALUE_INVALID'],
    ['an offset without colon', withValue('debutValidite', '2025-09-01T00:00:00.000+0200'), 'ERR_WS_VALUE_INVALID'],
    ['an offset beyond 14:00', withValue('debutValidite', '2025-09-01T00:00:00.000+14:30'), 'ERR_WS_VALUE_INVALID'],
    ['a zone name', withValue('debutValidite', '2025-09-01T00:00:00.000 CEST'), 'ERR_WS_VALUE_INVALID'],
    [
      '29 February 2025 with an offset',
      withValue('finValidite', '2025-02-29T00:00:00.000+01:00'),
      'ERR_WS_VALUE_INVALID',
    ],
    ['a date without time', withValue('finValidite', '2026-08-15'), 'ERR_WS_VALUE_INVALID'],
    ['hour 24', withValue('finValidite', '2026-08-15T24:00:00'), 'ERR_WS_VALUE_INVALID'],
    ['31 April', withValue('finValidite', '2026-04-31T00:00:00'), 'ERR_WS_VALUE_INVALID'],
    [
      'non-consecutive school years',
      [...base.filter(([n]) => n !== 'finValidite').slice(0, 6), ['anneeFinValidite', '2025-2027'], ...base.slice(7)],
      'ERR_WS_VALUE_INVALID',
    ],
    ['a malformed distributor id', withValue('idDistributeurCom', '832020065_000000000000000'), 'ERR_WS_VALUE_INVALID'],
    ['an unknown audience', withValue('publicCible', 'PARENT'), 'ERR_WS_VALUE_INVALID'],
    ['a lower-case assignment type', withValue('typeAffectation', 'etabl'), 'ERR_WS_VALUE_INVALID'],
    ['a negative count', withValue('nbLicenceGlobale', '-1'), 'ERR_WS_VALUE_INVALID'],
    ['a count above 2^31 − 1', withValue('nbLicenceGlobale', '2147483648'), 'ERR_WS_VALUE_INVALID'],
    ['an empty required value', withValue('libelleRessource', ''), 'ERR_WS_VALUE_INVALID'],
    ['an element inside a value', withValue('libelleRessource', 'At<b>la</b>s'), 'ERR_WS_VALUE_INVALID'],
    ['a label of 256 characters', withValue('libelleRessource', 'é'.repeat(256)), 'ERR_WS_VALUE_TOO_LONG'],
    [
      'a duplicate single element',
      [...base.slice(0, 1), ['idAbonnement', 'ABO-1'], ...base.slice(1)],
      'ERR_WS_ELEMENT_DUPLICATE',
    ],
    ['no audience', base.filter(([n]) => n !== 'publicCible'), 'ERR_WS_ELEMENT_MISSING'],
    ['no end', base.filter(([n]) => n !== 'finValidite'), 'ERR_WS_ELEMENT_MISSING'],
    ['no count', base.filter(([n]) => n !== 'nbLicenceGlobale'), 'ERR_WS_ELEMENT_MISSING'],
    ['an element named __proto__', [...base, ['__proto__', 'x']], 'ERR_WS_ELEMENT_UNKNOWN'],
  ];
  for (const [what, children, code] of refused) {
    it(`refuses ${what} → ${code}`, () => {
      assert.equal(wireFailure(() => parseSubscriptionXml(body(children), { mode: 'create' })).code, code);
    });
  }

  it('accepts 255 characters of label, counted in code points (astral characters included)', () => {
    parseSubscriptionXml(body(withValue('libelleRessource', '😀'.repeat(255))), { mode: 'create' });
  });

  it('refuses a body whose idAbonnement differs from the URL → ERR_WS_ID_MISMATCH', () => {
    assert.equal(
      wireFailure(() => parseSubscriptionXml(body(base), { mode: 'create', idInPath: 'ABO-2' })).code,
      'ERR_WS_ID_MISMATCH',
    );
  });

  it('compares the end of a school year with the start: a start after 15 August is refused', () => {
    const children = [
      ...base.slice(0, 5),
      ['debutValidite', '2026-08-15T00:00:01'],
      ['anneeFinValidite', '2025-2026'],
      ...base.slice(7),
    ] as const;
    assert.equal(wireFailure(() => parseSubscriptionXml(body(children), { mode: 'create' })).code, 'ERR_WS_DATE_ORDER');
  });

  it('accepts a start equal to the end, fractions compared as numbers', () => {
    parseSubscriptionXml(body(withValue('debutValidite', '2026-08-15T00:00:00.000')), { mode: 'create' });
  });

  it('reports a misplaced element once (not also as missing), and every fault in the detail', () => {
    const misplaced = [
      ...base.slice(0, 3),
      ['libelleRessource', 'Atlas'],
      ['typeIdRessource', 'ark'],
      ...base.slice(5),
    ] as const;
    const failure = wireFailure(() =>
      parseSubscriptionXml(body([...misplaced, ['extra', '1']]), { mode: 'create', idInPath: 'ABO-2' }),
    );
    assert.equal(failure.code, 'ERR_WS_ELEMENT_ORDER');
    assert.deepEqual(failure.detailCodes, ['ERR_WS_ELEMENT_ORDER', 'ERR_WS_ELEMENT_UNKNOWN', 'ERR_WS_ID_MISMATCH']);
  });

  it('refuses a body over the size limit with 413, before parsing', () => {
    const failure = wireFailure(() => parseSubscriptionXml(body(base), { mode: 'create', maxBytes: 100 }));
    assert.deepEqual([failure.code, failure.status], ['ERR_WS_BODY_TOO_LARGE', 413]);
  });

  it('refuses text directly in <abonnement>', () => {
    const text = body(base).replace('<idAbonnement>', 'du texte<idAbonnement>');
    assert.equal(wireFailure(() => parseSubscriptionXml(text, { mode: 'create' })).code, 'ERR_WS_VALUE_INVALID');
  });
});
