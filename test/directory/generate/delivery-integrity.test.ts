import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { feedFileNamePattern, type Degree, type DocumentKind } from '../../../src/directory/feed/feed-spec.js';
import { generateDelivery } from '../../../src/directory/generate/index.js';
import { checkDelivery } from './check-delivery.js';
import { parseFeedFile, text, texts, type ParsedElement, type ParsedFeedFile } from './parse-feed-file.js';
import { readArchive } from './read-archive.js';

async function generateAndParse(
  dir: string,
  degree: Degree,
  prefix: string | null,
): Promise<Map<DocumentKind, ParsedFeedFile[]>> {
  const outDir = join(dir, `${degree}-${prefix ?? 'default'}`);
  const d = await generateDelivery({
    entId: 'Z0',
    degree,
    establishments: 12,
    pupils: 3000,
    seed: 'integrity',
    outDir,
    namespacePrefix: prefix,
  });
  const files = new Map<DocumentKind, ParsedFeedFile[]>();
  for (const m of readArchive(d.archivePath)) {
    const kind = feedFileNamePattern.exec(m.name)![4] as DocumentKind;
    files.set(kind, [...(files.get(kind) ?? []), parseFeedFile(m.data.toString('utf8'))]);
  }
  return files;
}

const all = (files: Map<DocumentKind, ParsedFeedFile[]>, kind: DocumentKind, element: string) =>
  (files.get(kind) ?? []).flatMap((f) => f.records.filter((r) => r.name === element));

describe('generated deliveries: conformance and referential integrity', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gar-integrity-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const degree of ['2D', '1D'] as const) {
    for (const prefix of [null, 'gar']) {
      it(
        `${degree}, ${prefix ? 'prefixed' : 'default'} namespace: `
          + 'every record conforms and every reference resolves',
        async () => {
          const files = await generateAndParse(dir, degree, prefix);
          assert.deepEqual(checkDelivery(files, degree).slice(0, 20), []);
        },
      );
    }
  }

  it('the checker itself notices a dangling membership, a duplicate key and a child out of order', async () => {
    const files = await generateAndParse(dir, '2D', 'z');
    const membership = all(files, 'Groupe', 'GARPersonGroupe')[0]!;
    membership.children.find((c) => c.name === 'GARGroupeCode')!.text = 'NOPE';
    const groupFile = files.get('Groupe')![0]!;
    (groupFile.records as ParsedElement[]).push(all(files, 'Groupe', 'GARGroupe')[0]!);
    all(files, 'Etab', 'GAREtab')[0]!.children.reverse();
    const problems = checkDelivery(files, '2D');
    assert.ok(
      problems.some((p) => p.startsWith('bad membership')),
      problems.join('\n'),
    );
    assert.ok(problems.some((p) => p.startsWith('duplicate group')));
    assert.ok(problems.some((p) => p.includes('out of order')));
  });

  it(
    '2D: staff look like a real school: ' + 'heads, librarians, teachers in two establishments, managers among staff',
    async () => {
      const files = await generateAndParse(dir, '2D', 'x');
      const staff = all(files, 'Enseignant', 'GAREnseignant');
      const profiles = staff.flatMap((t) =>
        t.children.filter((c) => c.name === 'GARPersonProfils').map((p) => text(p, 'GARPersonProfil')),
      );
      for (const p of ['National_dir', 'National_doc', 'National_ens']) assert.ok(profiles.includes(p), p);
      const twoEtabs = staff.filter((t) => texts(t, 'GARPersonEtab').length === 2).length;
      assert.ok(twoEtabs > staff.length * 0.03 && twoEtabs < staff.length * 0.2, `${twoEtabs} of ${staff.length}`);
      assert.ok(staff.every((t) => texts(t, 'GARPersonMail').length === 1));
      const staffIds = new Set(staff.map((t) => text(t, 'GARPersonIdentifiant')));
      const managers = all(files, 'RespAff', 'GARRespAff');
      assert.ok(managers.length >= 12 && managers.length <= 24);
      assert.ok(managers.filter((m) => staffIds.has(text(m, 'GARPersonIdentifiant'))).length > managers.length / 2);
      assert.ok(
        all(files, 'Groupe', 'GAREnsClasseMatiere').length > 0
          && all(files, 'Groupe', 'GAREnsGroupeMatiere').length > 0,
      );
      assert.ok(all(files, 'Eleve', 'GAREleveEnseignement').length > 0);
    },
  );

  it('2D and 1D: names carry accents and apostrophes, which parse back intact', async () => {
    const files = await generateAndParse(dir, '1D', 'y');
    const names = all(files, 'Eleve', 'GAREleve').map((p) => text(p, 'GARPersonNom'));
    assert.ok(names.some((n) => n.includes("'")));
    assert.ok(names.some((n) => /[éèëïçâ]/i.test(n)));
    assert.ok(all(files, 'Groupe', 'GARGroupe').some((g) => /^CM2-A$/.test(text(g, 'GARGroupeCode'))));
    assert.ok(all(files, 'Etab', 'GAREtab').every((e) => /^École /.test(text(e, 'GARStructureNomCourant'))));
  });
});
