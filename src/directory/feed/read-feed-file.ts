/**
 * One feed file → FeedItems. Its name already told the degree and kind; the root must agree
 * (namespace of that degree, `GAR-ENT-<Kind>`, a Version) and every element must stay in the
 * root's namespace. Those are structural faults: they throw, and the delivery is refused. Faults
 * inside one record only reject that record.
 */
import type { BrokerError } from '../../core/broker-error.js';
import type { ErrorCode } from '../../core/error-codes.js';
import { fail } from '../../core/fail.js';
import { readXmlRecordBatches, type XmlNode, type XmlRootEvent } from '../../trust/index.js';
import type { FeedFileInfo, FeedItem } from './feed-records.js';
import { feedNamespaces } from './feed-spec.js';
import type { FeedFileName } from './parse-feed-file-name.js';
import { createRecordValidator } from './validate-record.js';

export interface FeedFileInput {
  /** The file's name in the delivery (base name, or member path in an archive). */
  readonly name: string;
  readonly body: AsyncIterable<Uint8Array>;
}

/**
 * Reads one feed file, in batches (the items one input chunk completed): the layers below pay
 * one async step per chunk instead of one per record, which measurably costs at 1M records.
 */
export async function* readFeedFile(
  input: FeedFileInput,
  parsed: FeedFileName,
  onRoot: (info: FeedFileInfo) => void,
): AsyncGenerator<readonly FeedItem[], void, undefined> {
  const validate = createRecordValidator({ file: input.name, degree: parsed.degree, kind: parsed.kind });
  let rootNs: string | null = null;
  for await (const events of readXmlRecordBatches(input.body, input.name)) {
    const items: FeedItem[] = [];
    for (const event of events) {
      if (event.type === 'root') {
        checkRoot(event, parsed, input.name);
        onRoot({ ...parsed, name: input.name, version: event.attributes['Version'] ?? null });
        rootNs = event.ns;
      } else {
        // The root always comes first (a record is a child of it), so rootNs is set here.
        checkNamespace(event.node, rootNs ?? '', input.name);
        items.push(validate(event.node));
      }
    }
    if (items.length > 0) yield items;
  }
}

function checkRoot(root: XmlRootEvent, parsed: FeedFileName, file: string): void {
  const expectedNs = feedNamespaces[parsed.degree];
  // gar-reference §6: the namespace says the degree; it must be the one the file name says.
  if (root.ns !== expectedNs) {
    throw feedFault(
      'ERR_FEED_NAMESPACE',
      file,
      root.line,
      root.ns === ''
        ? `aucun espace de noms, « ${expectedNs} » attendu`
        : `espace de noms « ${root.ns} » au lieu de « ${expectedNs} »`,
      `root ns ${root.ns}`,
    );
  }
  const expectedName = `GAR-ENT-${parsed.kind}`;
  if (root.name !== expectedName) {
    throw feedFault(
      'ERR_FEED_ROOT_UNKNOWN',
      file,
      root.line,
      `racine ${root.name} au lieu de ${expectedName}`,
      `root ${root.name}`,
    );
  }
  // The Version is recorded, never used to choose a format: the namespace and name decide.
  const version = root.attributes['Version'];
  if (version === undefined || version.trim() === '') {
    throw feedFault('ERR_FEED_VERSION_MISSING', file, root.line, 'attribut Version absent', 'no Version attribute');
  }
}

/** A file is in one namespace: an element from elsewhere is not ours to interpret or to drop. */
function checkNamespace(node: XmlNode, ns: string, file: string): void {
  if (node.ns !== ns) {
    throw feedFault(
      'ERR_FEED_NAMESPACE',
      file,
      node.line,
      `élément ${node.name} hors de l'espace de noms du fichier`,
      `element ns ${node.ns}`,
    );
  }
  const children = node.children;
  for (let i = 0; i < children.length; i++) checkNamespace(children[i] as XmlNode, ns, file);
}

function feedFault(code: ErrorCode, file: string, line: number, what: string, detail: string): BrokerError {
  return fail(code, `fichier ${file}, ligne ${line}: ${what}`, `file=${file} line=${line}: ${detail}`);
}
