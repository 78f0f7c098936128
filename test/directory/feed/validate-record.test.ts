import assert from 'node:assert/strict';
import type { FeedItem } from '../../../src/directory/feed/feed-records.js';
import {
  documentKinds,
  feedNamespaces,
  feedSpec,
  isGroupSpec,
  type ChildSpec,
  type Degree,
  type DocumentKind,
  type ValueKind,
} from '../../../src/directory/feed/feed-spec.js';
import { validateRecord } from '../../../src/directory/feed/validate-record.js';
import { readXmlRecords, type XmlNode } from '../../../src/trust/xml-record-stream.js';

/** Parses `<Record>…</Record>` into the tree the reader would hand over. */
async function node(xml: string, degree: Degree = '2D'): Promise<XmlNode> {
  async function* input(): AsyncGenerator<string> {
    yield `<root xmlns="${feedNamespaces[degree]}">\n${xml}\n</root>`;
  }
  for await (const event of readXmlRecords(input(), 't.xml')) if (event.type === 'record') return event.node;
  throw new Error('no record');
}

async function validate(xml: string, kind: DocumentKind, degree: Degree = '2D'): Promise<FeedItem> {
  return validateRecord(await node(xml, degree), { file: 't.xml', degree, kind });
}

const leaf = (name: string, value: string) => `<${name}>${value}</${name}>`;
const sample: Record<ValueKind, string> = {
  uai: '0561534N',
  personId: 'p-1',
  code: 'C1',
  label: 'Libellé',
  name: "N'Diaye",
  civility: 'Mme',
  mail: 'a.b@ac-rennes.fr',
  profile: 'National_elv',
  date: '2014-05-12',
  groupStatus: 'GROUPE',
  mefstat4: '1111',
  phone: '02 97 00 00 00',
};

/** A record from the spec: each child `times(spec)` times, with a sample value of its kind. */
function fromSpec(name: string, specs: readonly ChildSpec[], times: (spec: ChildSpec) => number): string {
  const body = specs.flatMap((spec) =>
    Array.from({ length: times(spec) }, () =>
      isGroupSpec(spec) ? fromSpec(spec.name, spec.children, times) : leaf(spec.name, sample[spec.value]),
    ),
  );
  return `<${name}>${body.join('')}</${name}>`;
}

const pupil = (inside: string) =>
  `<GAREleve>${leaf('GARPersonIdentifiant', 'e-1')}`
  + `<GARPersonProfils>${leaf('GARStructureUAI', '0561534N')}`
  + `${leaf('GARPersonProfil', 'National_elv')}</GARPersonProfils>`
  + `${inside}</GAREleve>`;
const names = (nom = 'Texier', prenom = 'Loïc') =>
  `${leaf('GARPersonNom', nom)}${leaf('GARPersonPrenom', prenom)}${leaf('GARPersonAutresPrenoms', prenom)}`;
const etab = leaf('GARPersonEtab', '0561534N');

describe('validateRecord: every record of feedSpec', () => {
  for (const degree of ['2D', '1D'] as const) {
    for (const kind of documentKinds) {
      for (const [element, specs] of Object.entries(feedSpec[degree][kind])) {
        it(`${degree} ${kind} ${element}: minimal and maximal forms are accepted`, async () => {
          // A DIVISION may not name classes; the sample status is GROUPE, so both forms hold.
          const minimal = await validate(
            fromSpec(element, specs, (s) => s.min),
            kind,
            degree,
          );
          const maximal = await validate(
            fromSpec(element, specs, (s) => Math.min(s.max, 2)),
            kind,
            degree,
          );
          assert.equal(minimal.ok, true, JSON.stringify(minimal));
          assert.equal(maximal.ok, true, JSON.stringify(maximal));
        });
      }
    }
  }
});

describe('validateRecord: the generic matcher', () => {
  const cases: [string, string, DocumentKind, string, Degree?][] = [
    [
      'a required element twice',
      pupil(`${names()}${leaf('GARPersonNom', 'Bis')}${etab}`),
      'Eleve',
      'ERR_FEED_RECORD_INVALID',
    ],
    [
      'an optional element twice',
      pupil(`${leaf('GARPersonNomPatro', 'A')}${leaf('GARPersonNomPatro', 'B')}${names()}${etab}`),
      'Eleve',
      'ERR_FEED_RECORD_INVALID',
    ],
    ['a repeated element missing (GARPersonEtab 1..n)', pupil(names()), 'Eleve', 'ERR_FEED_RECORD_INVALID'],
    [
      'an element after the last one',
      pupil(`${names()}${etab}${leaf('GARPersonNom', 'Bis')}`),
      'Eleve',
      'ERR_FEED_RECORD_INVALID',
    ],
    [
      'a group holding text',
      `<GAREleve>${leaf('GARPersonIdentifiant', 'e-1')}<GARPersonProfils>texte`
        + `${leaf('GARStructureUAI', '0561534N')}${leaf('GARPersonProfil', 'National_elv')}</GARPersonProfils>`
        + `${names()}${etab}</GAREleve>`,
      'Eleve',
      'ERR_FEED_RECORD_INVALID',
    ],
    [
      'a group missing an inner element',
      `<GAREleve>${leaf('GARPersonIdentifiant', 'e-1')}`
        + `<GARPersonProfils>${leaf('GARPersonProfil', 'National_elv')}</GARPersonProfils>${names()}${etab}</GAREleve>`,
      'Eleve',
      'ERR_FEED_RECORD_INVALID',
    ],
    [
      'a leaf holding an element',
      pupil(
        '<GARPersonNom><b>Texier</b></GARPersonNom>'
          + `${leaf('GARPersonPrenom', 'Loïc')}${leaf('GARPersonAutresPrenoms', 'Loïc')}${etab}`,
      ),
      'Eleve',
      'ERR_FEED_RECORD_INVALID',
    ],
    [
      'text directly in the record',
      `<GARMatiere>texte${leaf('GARStructureUAI', '0561534N')}${leaf('GARMatiereCode', '030201')}`
        + `${leaf('GARMatiereLibelle', 'ANGLAIS')}</GARMatiere>`,
      'Etab',
      'ERR_FEED_RECORD_INVALID',
    ],
    [
      'a 2D element in a 1D record',
      pupil(`${names()}${etab}<GAREnsDisciplinesPostes/>`).replaceAll('GAREleve', 'GAREnseignant'),
      'Enseignant',
      'ERR_FEED_RECORD_INVALID',
      '1D',
    ],
    [
      'GARPersonMEF in a 1D Eleve file',
      `<GARPersonMEF>${leaf('GARStructureUAI', '0291234A')}${leaf('GARPersonIdentifiant', 'p-1')}`
        + `${leaf('GARMEFCode', 'X')}</GARPersonMEF>`,
      'Eleve',
      'ERR_FEED_RECORD_UNKNOWN',
      '1D',
    ],
    [
      'GAREleveEnseignement in an Enseignant file',
      `<GAREleveEnseignement>${leaf('GARStructureUAI', '0561534N')}${leaf('GARPersonIdentifiant', 'p-1')}`
        + `${leaf('GARMatiereCode', 'X')}</GAREleveEnseignement>`,
      'Enseignant',
      'ERR_FEED_RECORD_UNKNOWN',
    ],
    [
      'a record named like an Object property',
      '<constructor><a>1</a></constructor>',
      'Eleve',
      'ERR_FEED_RECORD_UNKNOWN',
    ],
    ['a record named __proto__', '<__proto__><a>1</a></__proto__>', 'Groupe', 'ERR_FEED_RECORD_UNKNOWN'],
    [
      'an unknown group status',
      `<GARGroupe>${leaf('GARGroupeCode', '6A')}${leaf('GARStructureUAI', '0561534N')}`
        + `${leaf('GARGroupeLibelle', '6e A')}${leaf('GARGroupeStatut', 'CLASSE')}</GARGroupe>`,
      'Groupe',
      'ERR_FEED_VALUE_INVALID',
    ],
    [
      'a MEFSTAT4 of 5 characters',
      `<GARPersonMEFSTAT4>${leaf('GARStructureUAI', '0291234A')}${leaf('GARPersonIdentifiant', 'p-1')}`
        + `${leaf('GARMEFSTAT4Code', '11111')}</GARPersonMEFSTAT4>`,
      'Eleve',
      'ERR_FEED_VALUE_TOO_LONG',
      '1D',
    ],
    [
      'a MEFSTAT4 with a space',
      `<GARPersonMEFSTAT4>${leaf('GARStructureUAI', '0291234A')}${leaf('GARPersonIdentifiant', 'p-1')}`
        + `${leaf('GARMEFSTAT4Code', '1 1')}</GARPersonMEFSTAT4>`,
      'Eleve',
      'ERR_FEED_VALUE_INVALID',
      '1D',
    ],
    [
      'a mail without @',
      `<GARRespAff>${leaf('GARPersonIdentifiant', 'r-1')}`
        + `${names('Kerjean', 'Yann').replace(/<GARPersonAutresPrenoms>.*<\/GARPersonAutresPrenoms>/, '')}`
        + `${leaf('GARPersonMail', 'yann.kerjean')}${leaf('GARRespAffEtab', '0561534N')}</GARRespAff>`,
      'RespAff',
      'ERR_FEED_VALUE_INVALID',
    ],
    ['a person id with a space', pupil(`${names()}${etab}`).replace('e-1', 'e 1'), 'Eleve', 'ERR_FEED_VALUE_INVALID'],
    [
      'a person id of 65 characters',
      pupil(`${names()}${etab}`).replace('e-1', 'e'.repeat(65)),
      'Eleve',
      'ERR_FEED_VALUE_TOO_LONG',
    ],
    [
      'a name of 501 characters (code points)',
      pupil(`${names('😀'.repeat(501))}${etab}`),
      'Eleve',
      'ERR_FEED_VALUE_TOO_LONG',
    ],
  ];
  for (const [what, xml, kind, code, degree] of cases) {
    it(`rejects ${what} → ${code}`, async () => {
      const item = await validate(xml, kind, degree);
      assert.equal(item.ok ? 'accepted' : item.issue.code, code);
    });
  }

  it('counts lengths in characters, not UTF-16 units (500 emoji are 500 characters)', async () => {
    const item = await validate(pupil(`${names('😀'.repeat(500))}${etab}`), 'Eleve');
    assert.ok(item.ok && item.record.type === 'person' && item.record.lastName.length === 1000);
  });

  it('reads an empty optional element as absent, and drops empty optional repeats', async () => {
    const item = await validate(
      `<GAREnseignant>${leaf('GARPersonIdentifiant', 't-1')}`
        + `<GARPersonProfils>${leaf('GARStructureUAI', '0561534N')}`
        + `${leaf('GARPersonProfil', 'National_ens')}</GARPersonProfils>`
        + `${names()}<GARPersonCivilite/>${etab}<GARPersonMail> </GARPersonMail>`
        + `${leaf('GARPersonMail', 'l.texier@ac-rennes.fr')}</GAREnseignant>`,
      'Enseignant',
    );
    assert.ok(item.ok && item.record.type === 'person');
    assert.deepEqual(
      [item.record.civility, item.record.mails, item.record.kind],
      [null, ['l.texier@ac-rennes.fr'], 'teacher'],
    );
  });

  it('keys issues by person, UAI, uai/code or uai/person/code, and null when unreadable', async () => {
    const keyOf = (item: FeedItem) => (item.ok ? item.at.recordId : item.issue.recordId);
    assert.equal(keyOf(await validate(pupil(names()), 'Eleve')), 'e-1');
    assert.equal(
      keyOf(
        await validate(
          `<GARPersonGroupe>${leaf('GARStructureUAI', '0561534N')}${leaf('GARPersonIdentifiant', 'e-1')}`
            + `${leaf('GARGroupeCode', '6A')}<x/></GARPersonGroupe>`,
          'Groupe',
        ),
      ),
      '0561534N/e-1/6A',
    );
    assert.equal(
      keyOf(
        await validate(
          `<GARMatiere>${leaf('GARStructureUAI', '0561534N')}${leaf('GARMatiereCode', '030201')}</GARMatiere>`,
          'Etab',
        ),
      ),
      '0561534N/030201',
    );
    assert.equal(
      keyOf(await validate(`<GAREtab>${leaf('GARStructureNomCourant', 'Collège')}</GAREtab>`, 'Etab')),
      null,
    );
  });

  it('locates an issue at the offending element and names the record element', async () => {
    const item = await validate(pupil(`${names()}\n${leaf('GARPersonSurnom', 'Lolo')}${etab}`), 'Eleve');
    assert.ok(!item.ok);
    assert.deepEqual([item.issue.file, item.issue.line, item.issue.element], ['t.xml', 3, 'GAREleve']);
    assert.match(item.issue.message, /GARPersonSurnom/);
  });
});
