/**
 * Writes a realistic, deterministic GAR ENT directory delivery (gar-reference §6): the five
 * documents split into files of at most 10 000 records, packed in a .tar.gz with its .md5.
 * For load tests and fixtures: the same seed and options always give byte-identical output, and
 * memory stays flat however many pupils are asked for, since every record is re-derived from
 * (seed, index) and written as soon as its file is full.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail } from '../../core/fail.js';
import { documentKinds, feedFileNamePattern, type Degree, type DocumentKind } from '../feed/feed-spec.js';
import { planDelivery, type DeliveryPlan } from './delivery-plan.js';
import { eleveRecords } from './eleve-records.js';
import { enseignantRecords } from './enseignant-records.js';
import { etabRecords } from './etab-records.js';
import { defaultTimestamp, parseTimestamp } from './feed-timestamp.js';
import { groupeRecords } from './groupe-records.js';
import { recordsInSpecOrder, type RecordProducers } from './records-in-spec-order.js';
import { respAffRecords } from './resp-aff-records.js';
import { hashString } from './seeded-random.js';
import { TarGzWriter } from './tar-gz-writer.js';
import { defaultUaiPrefix } from './uai-code.js';
import { writeFeedFiles } from './write-feed-files.js';

export interface GenerateOptions {
  entId: string;
  degree?: Degree;
  establishments: number;
  pupils: number;
  /** Default: one per 25 pupils (at least one per establishment is not promised). */
  teachers?: number;
  /** Same seed and options → byte-identical output. */
  seed: string | number;
  outDir: string;
  /** yyyyMMdd_HHmmss for file names and tar mtimes; default derived from the seed, not the clock. */
  timestamp?: string;
  /** null (default) → default namespace, smaller files; 'gar' → gar:-prefixed elements. */
  namespacePrefix?: string | null;
  /** Leading digits of UAIs, to keep ENT projects apart; default derived from entId. */
  uaiPrefix?: string;
  /**
   * gzip level, default 1: measured on 1 M pupils (2 cores), level 1 takes 28 s for a 136 MB
   * archive and level 6 (gzip's default) 37 s for 121 MB, of 1.6 GB of XML either way.
   */
  gzipLevel?: number;
}

export interface GeneratedDelivery {
  archivePath: string;
  md5Path: string;
  /** Archive members, in archive order. */
  files: string[];
  /** Records written per record element (GAREleve, GARPersonGroupe…). */
  counts: Record<string, number>;
}

const producersOf: Readonly<Record<DocumentKind, (plan: DeliveryPlan) => RecordProducers>> = {
  Etab: etabRecords,
  Eleve: eleveRecords,
  Enseignant: enseignantRecords,
  Groupe: groupeRecords,
  RespAff: respAffRecords,
};

export async function generateDelivery(
  o: GenerateOptions,
  onProgress?: (records: number) => void,
): Promise<GeneratedDelivery> {
  const degree = o.degree ?? '2D';
  const seed = String(o.seed);
  const timestamp = o.timestamp ?? defaultTimestamp(hashString(`timestamp:${seed}`));
  const mtime = parseTimestamp(timestamp).getTime() / 1000;
  const baseName = `${o.entId}_GAR-ENT_Complet_${timestamp}_${degree}`;
  checkNames(o, baseName);
  const plan = planDelivery({
    entId: o.entId,
    degree,
    establishments: o.establishments,
    pupils: o.pupils,
    teachers: o.teachers ?? Math.round(o.pupils / 25),
    seed,
    timestamp,
    uaiPrefix: o.uaiPrefix ?? defaultUaiPrefix(o.entId),
  });
  await mkdir(o.outDir, { recursive: true });
  const archivePath = join(o.outDir, `${baseName}.tar.gz`);
  const tar = new TarGzWriter(archivePath, mtime, o.gzipLevel ?? 1);
  const files: string[] = [];
  const counts: Record<string, number> = {};
  let written = 0;
  const onFile = (records: number): void => {
    written += records;
    onProgress?.(written);
  };
  for (const kind of documentKinds) {
    const records = recordsInSpecOrder(degree, kind, producersOf[kind](plan));
    await writeFeedFiles(kind, records, {
      tar,
      baseName,
      degree,
      namespacePrefix: o.namespacePrefix ?? null,
      files,
      counts,
      onFile,
    });
  }
  const md5 = await tar.finish();
  const md5Path = `${archivePath}.md5`;
  // md5sum's format, so `md5sum -c` run beside the archive checks it.
  await writeFile(md5Path, `${md5}  ${baseName}.tar.gz\n`);
  return { archivePath, md5Path, files, counts };
}

/** Refuses options that would make file names the reader rejects, before writing anything. */
function checkNames(o: GenerateOptions, baseName: string): void {
  if (!feedFileNamePattern.test(`${baseName}_Etab_0000.xml`)) {
    throw fail('ERR_CLI_USAGE', `entId must be 1–16 letters or digits: ${o.entId}`);
  }
  if (o.namespacePrefix && !/^[A-Za-z_][\w.-]*$/.test(o.namespacePrefix)) {
    throw fail('ERR_CLI_USAGE', `namespacePrefix is not an XML name: ${o.namespacePrefix}`);
  }
}
