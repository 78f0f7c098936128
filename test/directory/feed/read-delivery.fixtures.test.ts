import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeedRecord } from '../../../src/directory/feed/feed-records.js';
import { collectDelivery } from './collect-delivery.js';

const fixtures = join(import.meta.dirname, '../../fixtures/feeds');

type Expected =
  | { readonly error: string }
  | { readonly records: number; readonly issues: readonly string[]; readonly degree: '1D' | '2D' };

/** fixture folder → outcome; also documented in test/fixtures/feeds/README.md. */
const table: Readonly<Record<string, Expected>> = {
  'valid.2d-default-namespace': { records: 19, issues: [], degree: '2D' },
  'valid.1d-prefixed-namespace': { records: 8, issues: [], degree: '1D' },
  'xml.malformed': { error: 'ERR_FEED_XML_MALFORMED' },
  'xml.doctype-xxe': { error: 'ERR_FEED_XML_DOCTYPE' },
  'xml.doctype-billion-laughs': { error: 'ERR_FEED_XML_DOCTYPE' },
  'root.wrong-namespace': { error: 'ERR_FEED_NAMESPACE' },
  'root.no-namespace': { error: 'ERR_FEED_NAMESPACE' },
  'root.unknown': { error: 'ERR_FEED_ROOT_UNKNOWN' },
  'root.version-missing': { error: 'ERR_FEED_VERSION_MISSING' },
  'namespace.mixed-in-record': { error: 'ERR_FEED_NAMESPACE' },
  'name.other-ent': { error: 'ERR_FEED_FILE_NAME' },
  'name.not-gar': { error: 'ERR_FEED_FILE_NAME' },
  'delivery.mixed-degrees': { error: 'ERR_FEED_MIXED_DEGREES' },
  'delivery.no-feed-file': { error: 'ERR_FEED_EMPTY' },
  'record.missing-required-element': { records: 1, issues: ['ERR_FEED_RECORD_INVALID'], degree: '2D' },
  'record.misordered-element': { records: 1, issues: ['ERR_FEED_RECORD_INVALID'], degree: '2D' },
  'record.unknown-element': { records: 1, issues: ['ERR_FEED_RECORD_INVALID'], degree: '2D' },
  'record.empty-required-value': { records: 1, issues: ['ERR_FEED_VALUE_INVALID'], degree: '2D' },
  'record.value-invalid': { records: 1, issues: ['ERR_FEED_VALUE_INVALID', 'ERR_FEED_VALUE_INVALID'], degree: '2D' },
  'record.value-too-long': { records: 1, issues: ['ERR_FEED_VALUE_TOO_LONG'], degree: '2D' },
  'record.unknown-record': { records: 1, issues: ['ERR_FEED_RECORD_UNKNOWN'], degree: '2D' },
  'record.division-with-div-appartenance': { records: 1, issues: ['ERR_FEED_RECORD_INVALID'], degree: '2D' },
  // Checked at import level (another module); the reader yields their records as they are.
  'record.duplicate-person': { records: 4, issues: [], degree: '2D' },
  'record.dangling-membership': { records: 6, issues: [], degree: '2D' },
  'record.foreign-establishment': { records: 4, issues: [], degree: '2D' },
};

describe('openDelivery over the fixture deliveries', () => {
  it('has an expectation for every fixture folder, and the README lists each', () => {
    const folders = readdirSync(fixtures, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    assert.deepEqual(folders, Object.keys(table).sort());
    const readme = readFileSync(join(fixtures, 'README.md'), 'utf8');
    for (const folder of folders) assert.ok(readme.includes(`\`${folder}\``), `README.md lists ${folder}`);
  });

  for (const [folder, expected] of Object.entries(table)) {
    const expectation =
      'error' in expected ? expected.error : `${expected.records} records, issues [${expected.issues.join(', ')}]`;
    it(`${folder} → ${expectation}`, async () => {
      const outcome = await collectDelivery(join(fixtures, folder));
      if ('error' in expected) {
        assert.equal(outcome.error, expected.error);
        assert.equal(outcome.records.length, 0, 'no record before a structural fault of the first file');
        return;
      }
      assert.equal(outcome.error, null);
      assert.equal(outcome.records.length, expected.records);
      assert.deepEqual(
        outcome.issues.map((i) => i.code),
        expected.issues,
      );
      assert.equal(outcome.degree, expected.degree);
      assert.equal(outcome.source, 'folder');
    });
  }

  it('locates structural faults: file and line in the detail', async () => {
    const outcome = await collectDelivery(join(fixtures, 'namespace.mixed-in-record'));
    assert.match(outcome.errorDetail ?? '', /file=Z0_GAR-ENT_Complet_20261128_010000_2D_Eleve_0000\.xml line=11/);
    const xxe = await collectDelivery(join(fixtures, 'xml.doctype-xxe'));
    assert.match(xxe.errorDetail ?? '', /file=Z0_.*_Eleve_0000\.xml line=\d+/);
  });

  it('locates record issues: file, line of the offending element, record element and key', async () => {
    const { issues } = await collectDelivery(join(fixtures, 'record.misordered-element'));
    assert.deepEqual(
      issues.map(({ file, line, element, recordId, code }) => ({ file, line, element, recordId, code })),
      [
        {
          file: 'Z0_GAR-ENT_Complet_20261128_010000_2D_Eleve_0000.xml',
          line: 21,
          element: 'GAREleve',
          recordId: 'e-1002',
          code: 'ERR_FEED_RECORD_INVALID',
        },
      ],
    );
    const tooLong = await collectDelivery(join(fixtures, 'record.value-too-long'));
    assert.equal(tooLong.issues[0]?.recordId, '0560019A-ANNEXE-DU-LYCEE-EMILE-ZOLA-SITE-DE-PONTIVY');
    const unknown = await collectDelivery(join(fixtures, 'record.unknown-record'));
    assert.deepEqual([unknown.issues[0]?.element, unknown.issues[0]?.recordId], ['GARGroupe', '0561534N/6A']);
  });
});

describe('openDelivery, valid 2D delivery (namespace as default)', () => {
  it('reads files in name order and records each Version', async () => {
    const outcome = await collectDelivery(join(fixtures, 'valid.2d-default-namespace'));
    assert.deepEqual(
      outcome.files.map((f) => [f.kind, f.version, f.entId, f.degree, f.timestamp, f.sequence]),
      ['Eleve', 'Enseignant', 'Etab', 'Groupe', 'RespAff'].map((kind) => [
        kind,
        '1.7',
        'Z0',
        '2D',
        '20261128_010000',
        0,
      ]),
    );
  });

  it('maps every record kind to its typed record', async () => {
    const { records } = await collectDelivery(join(fixtures, 'valid.2d-default-namespace'));
    const byType = (type: FeedRecord['type']) => records.filter((r) => r.type === type);
    assert.deepEqual(
      records.map((r) => r.type),
      [
        'person',
        'person',
        'personLevel',
        'pupilSubject',
        'person',
        'person',
        'personLevel',
        'establishment',
        'establishment',
        'mef',
        'subject',
        'subject',
        'group',
        'group',
        'membership',
        'membership',
        'teaching',
        'teaching',
        'manager',
      ],
    );
    assert.deepEqual(records[1], {
      type: 'person',
      kind: 'pupil',
      personId: 'e-1002',
      profiles: [{ uai: '0561534N', profile: 'National_elv' }],
      secondaryId: 'INE-123456789AB',
      birthName: 'Le Goff',
      lastName: 'Le Goff-Kerjean',
      firstName: 'Éloïse',
      otherFirstNames: ['Éloïse', 'Maëlys'],
      civility: 'Mme',
      structureAttachment: '0561534N',
      establishments: ['0561534N'],
      birthDate: null,
      postCodes: [],
      mails: [],
    });
    assert.deepEqual(records[0], {
      type: 'person',
      kind: 'pupil',
      personId: 'e-1001',
      profiles: [{ uai: '0561534N', profile: 'National_elv' }],
      secondaryId: null,
      birthName: null,
      lastName: "N'Diaye",
      firstName: 'Awa',
      otherFirstNames: ['Awa'],
      civility: null,
      structureAttachment: null,
      establishments: ['0561534N'],
      birthDate: '2014-05-12',
      postCodes: [],
      mails: [],
    });
    const [teacher] = byType('person').filter((p) => p.type === 'person' && p.kind === 'teacher');
    assert.deepEqual(
      teacher && 'postCodes' in teacher ? [teacher.postCodes, teacher.mails, teacher.establishments] : null,
      [[{ uai: '0561534N', codes: ['L0422', 'L1300'] }], ['anne-sophie.moreau@ac-rennes.fr'], ['0561534N', '0560019A']],
    );
    assert.deepEqual(byType('personLevel')[0], {
      type: 'personLevel',
      uai: '0561534N',
      personId: 'e-1001',
      levelKind: 'MEF',
      code: '10010012110',
    });
    assert.deepEqual(byType('pupilSubject'), [
      { type: 'pupilSubject', uai: '0561534N', personId: 'e-1001', subjectCode: '030201' },
    ]);
    assert.deepEqual(byType('establishment')[1], {
      type: 'establishment',
      uai: '0560019A',
      name: 'Lycée Émile Zola & annexe',
      attachedTo: '0561534N',
      contract: null,
      phone: null,
      email: null,
    });
    assert.deepEqual(byType('mef'), [
      { type: 'mef', uai: '0561534N', code: '10010012110', label: '6EME', attachedTo: null, stat11: '10010012110' },
    ]);
    assert.deepEqual(byType('subject')[1], {
      type: 'subject',
      uai: '0561534N',
      code: '061300',
      label: 'MATHÉMATIQUES',
    });
    assert.deepEqual(byType('group'), [
      { type: 'group', uai: '0561534N', code: '6A', label: '6e A', status: 'DIVISION', divisions: [] },
      {
        type: 'group',
        uai: '0561534N',
        code: '6ANG1',
        label: 'Anglais 6e groupe 1',
        status: 'GROUPE',
        divisions: ['6A'],
      },
    ]);
    assert.deepEqual(byType('membership')[1], {
      type: 'membership',
      uai: '0561534N',
      personId: 'e-1001',
      groupCode: '6ANG1',
    });
    assert.deepEqual(byType('teaching'), [
      {
        type: 'teaching',
        uai: '0561534N',
        personId: 't-2001',
        groupCode: '6ANG1',
        via: 'GROUPE',
        subjectCodes: ['030201'],
      },
      {
        type: 'teaching',
        uai: '0561534N',
        personId: 't-2001',
        groupCode: '6A',
        via: 'DIVISION',
        subjectCodes: ['030201', '061300'],
      },
    ]);
    assert.deepEqual(byType('manager'), [
      {
        type: 'manager',
        personId: 'r-3001',
        lastName: 'Kerjean',
        firstName: 'Yann',
        civility: 'M.',
        mails: ['yann.kerjean@ac-rennes.fr'],
        establishments: ['0561534N', '0560019A'],
      },
    ]);
  });
});

describe('openDelivery, valid 1D delivery (namespace bound to a prefix)', () => {
  it('maps MEFSTAT4 levels and speciality posts', async () => {
    const outcome = await collectDelivery(join(fixtures, 'valid.1d-prefixed-namespace'));
    assert.deepEqual(
      outcome.files.map((f) => f.version),
      ['1.4', '1.4', '1.4', '1.4', '1.4'],
    );
    const levels = outcome.records.filter((r) => r.type === 'personLevel');
    assert.deepEqual(
      levels.map((l) => l.type === 'personLevel' && [l.personId, l.levelKind, l.code]),
      [
        ['p-5001', 'MEFSTAT4', '1111'],
        ['p-6001', 'MEFSTAT4', '1111'],
      ],
    );
    const teacher = outcome.records.find((r) => r.type === 'person' && r.kind === 'teacher');
    assert.deepEqual(teacher?.type === 'person' ? [teacher.lastName, teacher.firstName, teacher.postCodes] : null, [
      'Ségalen',
      'Maïwenn',
      [{ uai: '0291234A', codes: ['ECOLE'] }],
    ]);
  });
});

describe('openDelivery, paths', () => {
  const eleve = 'Z0_GAR-ENT_Complet_20261128_010000_2D_Eleve_0000.xml';

  it('reads a single .xml file', async () => {
    const outcome = await collectDelivery(join(fixtures, 'valid.2d-default-namespace', eleve));
    assert.deepEqual([outcome.source, outcome.error, outcome.records.length, outcome.degree], ['file', null, 4, '2D']);
  });

  it('refuses no path, a missing path, another ENT, and a file that is no delivery', async () => {
    assert.equal((await collectDelivery(undefined)).error, 'ERR_FEED_UNREADABLE');
    assert.equal((await collectDelivery('')).error, 'ERR_FEED_UNREADABLE');
    assert.equal((await collectDelivery(join(fixtures, 'nowhere'))).error, 'ERR_FEED_UNREADABLE');
    assert.equal(
      (await collectDelivery(join(fixtures, 'valid.2d-default-namespace'), 'B0')).error,
      'ERR_FEED_FILE_NAME',
    );
    assert.equal((await collectDelivery(join(fixtures, 'README.md'))).error, 'ERR_FEED_FILE_NAME');
  });

  it('checks every name of a folder before reading any record', async () => {
    const outcome = await collectDelivery(join(fixtures, 'delivery.mixed-degrees'));
    assert.deepEqual([outcome.error, outcome.files.length, outcome.source], ['ERR_FEED_MIXED_DEGREES', 0, null]);
  });
});
