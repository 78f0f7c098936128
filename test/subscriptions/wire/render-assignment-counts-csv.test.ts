import assert from 'node:assert/strict';
import fc from 'fast-check';
import { renderAssignmentCountsCsv, type AssignmentCountRow } from '../../../src/subscriptions/index.js';

const header =
  'UAI;idAbonnement;codeProjetRessource;idRessource;cumulAffectationEleve;cumulAffectationEnseignant;'
  + 'cumulAffectationDocumentaliste;cumulAffectationAutrePersonnel';

const row = (over: Partial<AssignmentCountRow> = {}): AssignmentCountRow => ({
  uai: '0750001A',
  idAbonnement: 'ABO-1',
  idRessource: 'ark:/12345/r1',
  eleve: 120,
  enseignant: 8,
  documentaliste: 1,
  autrePersonnel: 0,
  ...over,
});

/** An RFC 4180 reader with `;` (test oracle: independent of the writer). */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      fields.push(field);
      field = '';
    } else if (c === '\n') {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
    } else field += c;
  }
  assert.equal(field + fields.join(''), '', 'the text ends with a line end');
  return records;
}

describe('renderAssignmentCountsCsv', () => {
  it("starts with GAR's header, exactly, and ends every line with \\n", () => {
    assert.equal(renderAssignmentCountsCsv([]), `${header}\n`);
    assert.equal(
      renderAssignmentCountsCsv([row({ codeProjetRessource: 'PROJ' })]),
      `${header}\n0750001A;ABO-1;PROJ;ark:/12345/r1;120;8;1;0\n`,
    );
  });

  it('leaves codeProjetRessource empty when absent', () => {
    assert.equal(renderAssignmentCountsCsv([row()]).split('\n')[1], '0750001A;ABO-1;;ark:/12345/r1;120;8;1;0');
  });

  it('sorts by UAI, then subscription id', () => {
    const rows = [
      row({ uai: '0930001B', idAbonnement: 'A' }),
      row({ uai: '0750001A', idAbonnement: 'Z' }),
      row({ uai: '0750001A', idAbonnement: 'B' }),
    ];
    assert.deepEqual(
      readCsv(renderAssignmentCountsCsv(rows))
        .slice(1)
        .map((r) => `${r[0]}/${r[1]}`),
      ['0750001A/B', '0750001A/Z', '0930001B/A'],
    );
  });

  const fields: readonly (readonly [string, string, string])[] = [
    ['a separator is quoted', 'a;b', '"a;b"'],
    ['quotes are doubled inside quotes', 'say "hi"', '"say ""hi"""'],
    ['a line feed is quoted', 'a\nb', '"a\nb"'],
    ['a carriage return is quoted', 'a\rb', '"a\rb"'],
    ["a formula (=) is defused with '", '=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ['+ is defused', '+33', "'+33"],
    ['- is defused', '-2+3', "'-2+3"],
    ['@ is defused', '@SUM(A1)', "'@SUM(A1)"],
    ['a leading tab is defused', '\t=1', "'\t=1"],
    ['a formula and a separator: defused, then quoted', '=1;2', '"\'=1;2"'],
    ['an inner = is harmless', 'a=b', 'a=b'],
    ['accents stay as they are', 'Abonnement é', 'Abonnement é'],
  ];
  for (const [name, value, written] of fields) {
    it(name, () => {
      const line = renderAssignmentCountsCsv([row({ idAbonnement: value })]).slice(header.length + 1);
      assert.equal(line, `0750001A;${written};;ark:/12345/r1;120;8;1;0\n`);
    });
  }

  it("reads back field by field (an RFC 4180 reader), defused fields with their leading '", () => {
    const text = fc.string({
      unit: fc.constantFrom('a', 'é', ';', '"', '\n', '\r', '=', '+', '-', '@', '\t', ' ', "'"),
      maxLength: 12,
    });
    const rowArb = fc.record({
      uai: text,
      idAbonnement: text,
      codeProjetRessource: fc.option(text, { nil: undefined }),
      idRessource: text,
      eleve: fc.nat(),
      enseignant: fc.nat(),
      documentaliste: fc.nat(),
      autrePersonnel: fc.nat(),
    });
    const defused = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 5 }), (rows) => {
        const records = readCsv(renderAssignmentCountsCsv(rows));
        assert.equal(records.length, rows.length + 1);
        assert.equal(records[0]?.join(';'), header);
        const expected = rows.map((r) =>
          [
            r.uai,
            r.idAbonnement,
            r.codeProjetRessource ?? '',
            r.idRessource,
            r.eleve,
            r.enseignant,
            r.documentaliste,
            r.autrePersonnel,
          ].map((v) => defused(String(v))),
        );
        const key = (r: readonly string[]): string => JSON.stringify(r);
        assert.deepEqual(records.slice(1).map(key).sort(), expected.map(key).sort());
      }),
      { numRuns: 300 },
    );
  });
});
