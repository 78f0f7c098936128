/**
 * Opens an ENT directory delivery (gar-reference §6): one feed .xml file, a folder of them, or a
 * `.tar.gz` with its `.md5`. Records stream out file after file; a structural fault throws and
 * the caller refuses the whole delivery, a record-level fault is yielded as an issue.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Stats } from 'node:fs';
import { isBrokerError } from '../../core/broker-error.js';
import { fail } from '../../core/fail.js';
import type { FeedFileInfo, FeedItem } from './feed-records.js';
import type { Degree } from './feed-spec.js';
import { checkFeedFileName, type FeedFileName } from './parse-feed-file-name.js';
import { readArchiveFiles } from './read-archive-files.js';
import { readFeedFile, type FeedFileInput } from './read-feed-file.js';
import { verifyMd5 } from './verify-md5.js';

export interface DeliveryReader {
  readonly source: 'file' | 'folder' | 'archive';
  /**
   * Valid records and record-level issues, file after file. Throws a BrokerError on a structural fault
   * (the caller then refuses the whole delivery).
   */
  items(): AsyncGenerator<FeedItem>;
  /** Files read so far (all of them once items() is exhausted), with root Version recorded. */
  readonly files: readonly FeedFileInfo[];
  /** The delivery's degree, known after the first file (all files must agree: ERR_FEED_MIXED_DEGREES). */
  degree(): Degree | null;
  /** Share of the delivery's bytes read so far (0 to 1), for progress displays. */
  progress(): number;
}

/** Bytes of the delivery read so far, against its size on disk (compressed, for an archive). */
export interface ByteCounter {
  read: number;
  total: number;
}

export interface OpenDeliveryOptions {
  /** The ENT project the delivery is imported for: every file name must carry this idENT. */
  readonly entId: string;
  /**
   * Read only the files whose position modulo `count` is `index` (names are still all checked),
   * so that several threads can share one delivery. An empty shard is not an empty delivery.
   */
  readonly shard?: { readonly index: number; readonly count: number };
}

/** Large reads: fewer, bigger writes into the XML parser. */
const readChunkSize = 256 * 1024;
const xmlName = /\.xml$/i;
const archiveName = /\.(tar\.gz|tgz)$/i;

export async function openDelivery(path: string | undefined, options: OpenDeliveryOptions): Promise<DeliveryReader> {
  if (path === undefined || path === '')
    throw fail('ERR_FEED_UNREADABLE', 'aucune livraison indiquée', 'no delivery path');
  const stats = await statOrFail(path);
  const bytes: ByteCounter = { read: 0, total: stats.size };
  if (stats.isDirectory()) {
    const names = await listXmlNames(path);
    bytes.total = (await Promise.all(names.map((n) => stat(join(path, n))))).reduce((sum, s) => sum + s.size, 0);
    return new FeedDeliveryReader('folder', options, bytes, () => localFiles(path, names, bytes), names);
  }
  if (xmlName.test(path)) {
    return new FeedDeliveryReader('file', options, bytes, () => localFiles(path, [''], bytes), [basename(path)]);
  }
  if (archiveName.test(path)) {
    // gar-reference §6: the .md5 is checked before any record is read.
    const md5 = await verifyMd5(path);
    return new FeedDeliveryReader('archive', options, bytes, () => archiveXmlFiles(path, md5, bytes), null);
  }
  throw fail('ERR_FEED_FILE_NAME', `fichier ${basename(path)}: ni .xml, ni dossier, ni .tar.gz`, `path=${path}`);
}

class FeedDeliveryReader implements DeliveryReader {
  private readonly read: FeedFileInfo[] = [];
  private deliveryDegree: Degree | null = null;

  constructor(
    readonly source: DeliveryReader['source'],
    private readonly options: OpenDeliveryOptions,
    private readonly bytes: ByteCounter,
    private readonly listFiles: () => AsyncIterable<FeedFileInput>,
    knownNames: readonly string[] | null,
  ) {
    // Names known up front (file, folder) are all checked now, before any record is read.
    if (knownNames === null) return;
    if (knownNames.length === 0) throw emptyDelivery();
    for (const name of knownNames) this.checkName(name);
  }

  get files(): readonly FeedFileInfo[] {
    return this.read;
  }

  progress(): number {
    return this.bytes.total === 0 ? 0 : Math.min(1, this.bytes.read / this.bytes.total);
  }

  degree(): Degree | null {
    return this.deliveryDegree;
  }

  async *items(): AsyncGenerator<FeedItem> {
    this.read.length = 0;
    let count = 0;
    const shard = this.options.shard ?? { index: 0, count: 1 };
    for await (const file of this.listFiles()) {
      const parsed = this.checkName(file.name);
      count++;
      if ((count - 1) % shard.count !== shard.index) continue; // another thread's file; its body is skipped
      for await (const batch of readFeedFile(file, parsed, (info) => this.read.push(info))) yield* batch;
    }
    if (count === 0 && this.options.shard === undefined) throw emptyDelivery();
  }

  private checkName(name: string): FeedFileName {
    const parsed = checkFeedFileName(basename(name), this.options.entId);
    this.deliveryDegree ??= parsed.degree;
    if (parsed.degree !== this.deliveryDegree) {
      throw fail(
        'ERR_FEED_MIXED_DEGREES',
        `fichier ${name}: degré ${parsed.degree} dans une livraison ${this.deliveryDegree}`,
        `file=${name} degree=${parsed.degree} delivery=${this.deliveryDegree}`,
      );
    }
    return parsed;
  }
}

/** `names` relative to `base` (a folder), or `['']` when `base` is the file itself. */
async function* localFiles(base: string, names: readonly string[], bytes: ByteCounter): AsyncGenerator<FeedFileInput> {
  for (const name of names) {
    const path = name === '' ? base : join(base, name);
    yield { name: basename(path), body: readLocalFile(path, bytes) };
  }
}

async function* readLocalFile(path: string, bytes: ByteCounter): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: readChunkSize }) as AsyncIterable<Buffer>) {
      bytes.read += chunk.length;
      yield chunk;
    }
  } catch (err) {
    if (isBrokerError(err)) throw err;
    throw fail('ERR_FEED_UNREADABLE', `fichier ${basename(path)}: illisible`, `path=${path}: ${String(err)}`);
  }
}

/** Archive members that are feed files; anything else (a README) is skipped, unread. */
async function* archiveXmlFiles(path: string, md5: string, bytes: ByteCounter): AsyncGenerator<FeedFileInput> {
  for await (const entry of readArchiveFiles(path, md5, bytes)) {
    if (xmlName.test(entry.path)) yield { name: entry.path, body: entry.body };
  }
}

/** Sorted by name, so that a delivery always reads in the same order. */
async function listXmlNames(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).filter((name) => xmlName.test(name)).sort();
  } catch (err) {
    throw fail('ERR_FEED_UNREADABLE', `dossier ${basename(folder)} illisible`, `path=${folder}: ${String(err)}`);
  }
}

async function statOrFail(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (err) {
    throw fail(
      'ERR_FEED_UNREADABLE',
      `livraison ${basename(path)} introuvable ou illisible`,
      `path=${path}: ${String(err)}`,
    );
  }
}

export function emptyDelivery(): Error {
  return fail('ERR_FEED_EMPTY', 'la livraison ne contient aucun fichier de flux', 'no feed file');
}
