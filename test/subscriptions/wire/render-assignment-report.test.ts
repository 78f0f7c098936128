import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import {
  renderAssignmentReport,
  type AssignmentReportInput,
  type ReportAssignment,
} from '../../../src/subscriptions/index.js';
import { readSmallXmlDocument, type XmlNode } from '../../../src/trust/index.js';
import { wireFailure } from './wire-failure.js';

interface Element {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: Element[];
}

/** The tree with attribute values as an XML parser reads them (entities resolved, normalised). */
function readWithAttributes(xml: string): Element {
  const parser = new SaxesParser();
  const stack: Element[] = [];
  let root: Element | undefined;
  parser.on('opentag', (tag) => {
    const element: Element = {
      name: tag.name,
      attributes: { ...(tag.attributes as Record<string, string>) },
      children: [],
    };
    stack.at(-1)?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  assert.ok(root !== undefined);
  return root;
}

const assignment = (over: Partial<ReportAssignment>): ReportAssignment => ({
  kind: 'class',
  code: '3A',
  audience: 'ELEVE',
  licences: 28,
  waiting: 0,
  createdAt: '2025-09-02T08:15:00.000Z',
  ...over,
});

const input: AssignmentReportInput = {
  distributorId: '123456789_0000000000000001',
  generatedAt: new Date('2025-11-03T05:00:00Z'),
  resources: [
    {
      idRessource: 'ark:/12345/r1',
      titreRessource: 'Maths & "Co" <5e>',
      subscriptions: [
        {
          idAbonnement: 'ABO-1',
          finValidite: '2026-08-15T00:00:00',
          establishments: [
            {
              uai: '0750001A',
              assignments: [
                assignment({ kind: 'person', code: 'person-secret-id-4242', audience: 'ENSEIGNANT', licences: 1 }),
                assignment({
                  kind: 'profile',
                  code: 'National_doc',
                  audience: 'DOCUMENTALISTE',
                  licences: 2,
                  waiting: 1,
                }),
                assignment({}),
                assignment({ kind: 'group', code: 'G-LATIN', licences: 12 }),
                assignment({ kind: 'level', code: '10010012110' }),
                assignment({ kind: 'subject', code: '030201', audience: 'ENSEIGNANT', licences: 3 }),
              ],
            },
          ],
        },
      ],
    },
  ],
};

describe('renderAssignmentReport', () => {
  it("has GAR's shape: GARRapportAffectation / GARRessource / GARAbonnement / GAREtablissement / Affectation", () => {
    const xml = renderAssignmentReport(input);
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
    const shape = (n: XmlNode): unknown => [n.name, n.ns, n.children.map(shape)];
    const affectation = ['Affectation', '', []];
    assert.deepEqual(shape(readSmallXmlDocument(xml)), [
      'GARRapportAffectation',
      '',
      [['GARRessource', '', [['GARAbonnement', '', [['GAREtablissement', '', Array(6).fill(affectation)]]]]]],
    ]);
  });

  it("writes the attributes GAR's clients read, escaped, with dates in GAR's forms", () => {
    const root = readWithAttributes(renderAssignmentReport(input));
    assert.deepEqual(root.attributes, {
      idDistributeur: '123456789_0000000000000001',
      dateGeneration: '2025-11-03T06:00:00',
    });
    const resource = root.children[0];
    assert.deepEqual(resource?.attributes, { idRessource: 'ark:/12345/r1', titreRessource: 'Maths & "Co" <5e>' });
    assert.deepEqual(resource?.children[0]?.attributes, { idAbonnement: 'ABO-1', finValidite: '2026-08-15' });
    assert.deepEqual(resource?.children[0]?.children[0]?.attributes, { UAI: '0750001A' });
  });

  it('maps each kind to typeCible, and never writes codeCible for a person or a profile (gar-reference §8)', () => {
    const xml = renderAssignmentReport(input);
    const affectations = readWithAttributes(xml).children[0]?.children[0]?.children[0]?.children.map(
      (a) => a.attributes,
    );
    const common = { dateAffectation: '2025-09-02T08:15:00.000Z' };
    assert.deepEqual(affectations, [
      { typeCible: 'division', codeCible: '3A', publicCible: 'ELEVE', nbLicences: '28', nbEnAttente: '0', ...common },
      {
        typeCible: 'groupe',
        codeCible: 'G-LATIN',
        publicCible: 'ELEVE',
        nbLicences: '12',
        nbEnAttente: '0',
        ...common,
      },
      {
        typeCible: 'matiere',
        codeCible: '030201',
        publicCible: 'ENSEIGNANT',
        nbLicences: '3',
        nbEnAttente: '0',
        ...common,
      },
      {
        typeCible: 'niveau',
        codeCible: '10010012110',
        publicCible: 'ELEVE',
        nbLicences: '28',
        nbEnAttente: '0',
        ...common,
      },
      { typeCible: 'personne', publicCible: 'ENSEIGNANT', nbLicences: '1', nbEnAttente: '0', ...common },
      { typeCible: 'profil', publicCible: 'DOCUMENTALISTE', nbLicences: '2', nbEnAttente: '1', ...common },
    ]);
    assert.ok(!xml.includes('person-secret-id-4242'), 'no person identifier in a report');
  });

  it('no person identifier ever appears, whatever the codes given (property)', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9]{12,20}$/).map((s) => `pid-${s}`);
    fc.assert(
      fc.property(fc.array(secret, { minLength: 1, maxLength: 5 }), (ids) => {
        const xml = renderAssignmentReport({
          ...input,
          resources: [
            {
              ...input.resources[0]!,
              subscriptions: [
                {
                  idAbonnement: 'A',
                  finValidite: '2026-08-15T00:00:00',
                  establishments: [
                    { uai: '0750001A', assignments: ids.map((code) => assignment({ kind: 'person', code })) },
                  ],
                },
              ],
            },
          ],
        });
        assert.ok(ids.every((id) => !xml.includes(id)));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps tabs, line ends and quotes of attribute values through a parser (no normalisation loss)', () => {
    const titre = 'a\tb\nc\r\nd "e" \'f\'';
    const root = readWithAttributes(
      renderAssignmentReport({ ...input, resources: [{ ...input.resources[0]!, titreRessource: titre }] }),
    );
    assert.equal(root.children[0]?.attributes.titreRessource, titre);
  });

  it('is deterministic: every list reversed gives the same bytes, each level sorted by its key', () => {
    const wider: AssignmentReportInput = {
      ...input,
      resources: [
        ...input.resources,
        {
          idRessource: 'ark:/12345/r0',
          titreRessource: 'Autre',
          subscriptions: [
            {
              idAbonnement: 'B',
              finValidite: '2026-08-15T00:00:00',
              establishments: [
                { uai: '0930001B', assignments: [] },
                { uai: '0010001W', assignments: [] },
              ],
            },
            { idAbonnement: 'A', finValidite: '2026-08-15T00:00:00', establishments: [] },
          ],
        },
      ],
    };
    const reverseAll = (report: AssignmentReportInput): AssignmentReportInput => ({
      ...report,
      resources: report.resources
        .map((r) => ({
          ...r,
          subscriptions: r.subscriptions
            .map((s) => ({
              ...s,
              establishments: s.establishments
                .map((e) => ({ ...e, assignments: [...e.assignments].reverse() }))
                .reverse(),
            }))
            .reverse(),
        }))
        .reverse(),
    });
    const xml = renderAssignmentReport(wider);
    assert.equal(renderAssignmentReport(reverseAll(wider)), xml);
    const root = readWithAttributes(xml);
    assert.deepEqual(
      root.children.map((r) => r.attributes.idRessource),
      ['ark:/12345/r0', 'ark:/12345/r1'],
    );
    assert.deepEqual(
      root.children[0]?.children.map((s) => s.attributes.idAbonnement),
      ['A', 'B'],
    );
    assert.deepEqual(
      root.children[0]?.children[1]?.children.map((e) => e.attributes.UAI),
      ['0010001W', '0930001B'],
    );
  });

  it('refuses a value XML cannot carry → ERR_WS_XML_UNREPRESENTABLE', () => {
    const failure = wireFailure(() => renderAssignmentReport({ ...input, distributorId: 'D\u0000' }));
    assert.equal(failure.code, 'ERR_WS_XML_UNREPRESENTABLE');
  });
});
