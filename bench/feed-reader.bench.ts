/**
 * Throughput of the feed reader (openDelivery → items()) on a synthetic 2D Eleve file.
 * A national delivery is ~1.3 GB of XML for 1M pupils, so MB/s here is what bounds a night's
 * import. Run: `npx tsx bench/feed-reader.bench.ts [pupils=100000]`.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDelivery } from '../src/directory/feed/read-delivery.js';

const pupils = Number(process.argv[2] ?? 100_000);
const fileName = 'Z0_GAR-ENT_Complet_20261128_010000_2D_Eleve_0000.xml';

function pupil(i: number): string {
  const id = `e-${String(i).padStart(7, '0')}`;
  return `  <GAREleve>
    <GARPersonIdentifiant>${id}</GARPersonIdentifiant>
    <GARPersonProfils>
      <GARStructureUAI>0561534N</GARStructureUAI>
      <GARPersonProfil>National_elv</GARPersonProfil>
    </GARPersonProfils>
    <GARPersonIdSecondaire>INE${String(i).padStart(8, '0')}AB</GARPersonIdSecondaire>
    <GARPersonNom>N'Diaye-Le Goff</GARPersonNom>
    <GARPersonPrenom>Éloïse</GARPersonPrenom>
    <GARPersonAutresPrenoms>Éloïse</GARPersonAutresPrenoms>
    <GARPersonAutresPrenoms>Maëlys</GARPersonAutresPrenoms>
    <GARPersonCivilite>Mme</GARPersonCivilite>
    <GARPersonEtab>0561534N</GARPersonEtab>
    <GARPersonDateNaissance>2012-03-04</GARPersonDateNaissance>
  </GAREleve>
  <GARPersonMEF>
    <GARStructureUAI>0561534N</GARStructureUAI>
    <GARPersonIdentifiant>${id}</GARPersonIdentifiant>
    <GARMEFCode>10010012110</GARMEFCode>
  </GARPersonMEF>
  <GAREleveEnseignement>
    <GARStructureUAI>0561534N</GARStructureUAI>
    <GARPersonIdentifiant>${id}</GARPersonIdentifiant>
    <GARMatiereCode>030201</GARMatiereCode>
  </GAREleveEnseignement>
`;
}

async function writeFeed(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<GAR-ENT-Eleve xmlns="http://data.education.fr/ns/gar" Version="1.7">\n',
  );
  for (let i = 0; i < pupils; i++) {
    if (!out.write(pupil(i))) await once(out, 'drain');
  }
  out.end('</GAR-ENT-Eleve>\n');
  await once(out, 'finish');
}

async function measure(path: string, bytes: number): Promise<void> {
  const started = process.hrtime.bigint();
  const reader = await openDelivery(path, { entId: 'Z0' });
  let records = 0;
  let issues = 0;
  for await (const item of reader.items()) {
    if (item.ok) records++;
    else issues++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const mb = bytes / 1e6;
  console.log(
    `${mb.toFixed(1)} MB, ${records} records (${issues} issues) in ${seconds.toFixed(2)} s: `
      + `${(mb / seconds).toFixed(1)} MB/s, ${Math.round(records / seconds)} records/s, `
      + `rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
  );
}

const dir = await mkdtemp(join(tmpdir(), 'feed-bench-'));
try {
  const path = join(dir, fileName);
  await writeFeed(path);
  const { size } = await stat(path);
  for (let run = 0; run < 3; run++) await measure(path, size);
} finally {
  await rm(dir, { recursive: true, force: true });
}
