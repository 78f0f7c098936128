/**
 * Splits one document kind's records into files of at most maxRecordsPerFile records and adds
 * each to the archive. A file is held in memory until it is complete because a tar header needs
 * the member's size; at ≤ 10 000 records that is a few megabytes whatever the delivery size.
 * Rendered text is encoded every few hundred records, so the file waits as off-heap Buffers
 * rather than as megabytes of strings the garbage collector would keep scanning and promoting.
 */
import { fail } from '../../core/fail.js';
import { maxRecordsPerFile, type Degree, type DocumentKind } from '../feed/feed-spec.js';
import { FeedDocumentRenderer, type FeedRecordOut } from './feed-document-renderer.js';
import type { TarGzWriter } from './tar-gz-writer.js';

export interface FeedFileSink {
  readonly tar: TarGzWriter;
  /** `{entId}_GAR-ENT_Complet_{ts}_{degree}`: the file name up to the kind. */
  readonly baseName: string;
  readonly degree: Degree;
  readonly namespacePrefix: string | null;
  readonly files: string[];
  readonly counts: Record<string, number>;
  readonly onFile: (records: number) => void;
}

/** Records rendered into one string before it is encoded (measured: 256 keeps strings young). */
const recordsPerChunk = 256;

export async function writeFeedFiles(
  kind: DocumentKind,
  records: Iterable<FeedRecordOut>,
  sink: FeedFileSink,
): Promise<void> {
  const renderer = new FeedDocumentRenderer(sink.degree, kind, sink.namespacePrefix);
  let chunks: Buffer[] = [];
  let text = renderer.header();
  let inFile = 0;
  let sequence = 0;
  const flush = async (): Promise<void> => {
    if (sequence > 9999) throw fail('ERR_CLI_USAGE', `more than 10 000 ${kind} files: too many records`);
    chunks.push(Buffer.from(text + renderer.footer(), 'utf8'));
    const name = `${sink.baseName}_${kind}_${String(sequence).padStart(4, '0')}.xml`;
    await sink.tar.add(name, chunks);
    sink.files.push(name);
    sink.onFile(inFile);
    sequence++;
    chunks = [];
    text = renderer.header();
    inFile = 0;
  };
  for (const record of records) {
    text += renderer.render(record);
    sink.counts[record.element] = (sink.counts[record.element] ?? 0) + 1;
    inFile++;
    if (inFile === maxRecordsPerFile) await flush();
    else if (inFile % recordsPerChunk === 0) {
      chunks.push(Buffer.from(text, 'utf8'));
      text = '';
    }
  }
  // A kind with no records still gets a file, so every delivery holds all five documents;
  // but no empty trailing file after an exact multiple of the limit.
  if (inFile > 0 || sequence === 0) await flush();
}
