/**
 * Streaming reader of one untrusted XML document made of records: a root element whose direct
 * children are small, independent records (the GAR directory feed, gar-reference §6). It yields
 * the root, then each record as a small tree; only one record is held in memory, never a DOM of
 * the document, so a 1 GB file reads in flat memory. The caller pulls (async generator), which
 * gives backpressure for free: no chunk is read before the previous records were consumed.
 *
 * Security (architecture: only src/trust parses untrusted XML):
 * - any DOCTYPE is refused before anything in it is used, so no entity is ever declared or
 *   expanded (XXE, billion laughs) and no file or URL is ever opened;
 * - input is decoded as strict UTF-8; an XML declaration naming another encoding is refused;
 * - each record is bounded in depth, text and element count, and the input between two tags is
 *   bounded too, so neither a huge record, a huge text node nor a huge DTD can exhaust memory.
 */
import type { SaxesTagNS } from 'saxes';
import { createGuardedSaxParser, type GuardedSaxParser } from './create-guarded-sax-parser.js';
import { isBrokerError, type BrokerError } from '../core/broker-error.js';
import { fail } from '../core/fail.js';

/** One element of a record: local name, namespace URI, line of its start tag, and content. */
export interface XmlNode {
  readonly name: string;
  readonly ns: string;
  readonly line: number;
  readonly children: readonly XmlNode[];
  /** Concatenated text and CDATA of the element itself, trimmed. */
  readonly text: string;
}

export interface XmlRootEvent {
  readonly type: 'root';
  readonly name: string;
  readonly ns: string;
  readonly line: number;
  /** Attributes as written (qualified name → value), namespace declarations left out. */
  readonly attributes: Readonly<Record<string, string>>;
}

export interface XmlRecordEvent {
  readonly type: 'record';
  readonly node: XmlNode;
}

export type XmlStreamEvent = XmlRootEvent | XmlRecordEvent;

export interface XmlRecordLimits {
  /** Nesting levels of a record, the record element counting as 1. */
  readonly maxDepth: number;
  /** Characters of text (whitespace included) in one record. */
  readonly maxTextPerRecord: number;
  readonly maxElementsPerRecord: number;
  /** Characters between two tags: bounds what saxes buffers (text, attributes, comments, DTD). */
  readonly maxCharsBetweenTags: number;
}

export const defaultXmlRecordLimits: XmlRecordLimits = {
  maxDepth: 6,
  maxTextPerRecord: 64 * 1024,
  maxElementsPerRecord: 2000,
  maxCharsBetweenTags: 1024 * 1024,
};

/** An element while it is being read (its fields are filled in as the parser goes). */
export interface OpenNode {
  name: string;
  ns: string;
  line: number;
  children: OpenNode[];
  text: string;
}

/**
 * Reads one XML document. The first event is the root; then one event per direct child of the
 * root. Throws a BrokerError (ERR_FEED_XML_*) naming the file and line on any fault.
 */
export async function* readXmlRecords(
  input: AsyncIterable<Uint8Array | string>,
  fileName: string,
  limits: XmlRecordLimits = defaultXmlRecordLimits,
): AsyncGenerator<XmlStreamEvent, void, undefined> {
  for await (const batch of readXmlRecordBatches(input, fileName, limits)) yield* batch;
}

/**
 * The same events, in batches: those one input chunk completed. For hot loops, where one
 * async step per record would cost more than the records themselves (never an empty batch).
 */
export async function* readXmlRecordBatches(
  input: AsyncIterable<Uint8Array | string>,
  fileName: string,
  limits: XmlRecordLimits = defaultXmlRecordLimits,
): AsyncGenerator<readonly XmlStreamEvent[], void, undefined> {
  const collector = new RecordCollector(fileName, limits);
  // fatal: a byte sequence that is not UTF-8 is an error, not a silent U+FFFD.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of input) {
    collector.write(typeof chunk === 'string' ? chunk : collector.decode(decoder, chunk));
    if (collector.pending.length > 0) yield collector.take();
  }
  collector.write(collector.decode(decoder, undefined));
  collector.end();
  if (collector.pending.length > 0) yield collector.take();
}

/** Turns saxes callbacks into queued events; one instance per document. */
class RecordCollector {
  pending: XmlStreamEvent[] = [];
  private readonly parser: GuardedSaxParser;
  private readonly stack: OpenNode[] = [];
  private recordText = 0;
  private recordElements = 0;
  private lastTagPosition = 0;

  constructor(
    private readonly fileName: string,
    private readonly limits: XmlRecordLimits,
  ) {
    // Keep to five handlers (doctype, opentag, closetag, text, cdata): saxes stores each as a new
    // property of the parser, and with 'error' and 'xmldecl' registered too (seven) we measured
    // 45 → 8 MB/s, V8 having turned the parser into a slow dictionary object. Without an error
    // handler saxes throws, and saxes() below maps that; the XML declaration is read from
    // parser.xmlDecl at the root.
    this.parser = createGuardedSaxParser(
      () => this.error('ERR_FEED_XML_DOCTYPE', 'DOCTYPE interdit', 'DOCTYPE declaration refused'),
      fileName,
    );
    this.parser.on('opentag', (tag) => this.open(tag));
    this.parser.on('closetag', () => this.close());
    this.parser.on('text', (text) => this.addText(text));
    this.parser.on('cdata', (text) => this.addText(text));
  }

  decode(decoder: TextDecoder, chunk: Uint8Array | undefined): string {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch (err) {
      throw this.error('ERR_FEED_XML_MALFORMED', 'encodage UTF-8 invalide', String(err));
    }
  }

  write(text: string): void {
    if (text.length === 0) return;
    this.saxes(() => this.parser.write(text));
    if (this.parser.position - this.lastTagPosition > this.limits.maxCharsBetweenTags) {
      throw this.error('ERR_FEED_XML_LIMIT', 'texte trop long entre deux balises', 'maxCharsBetweenTags');
    }
  }

  end(): void {
    this.saxes(() => this.parser.close());
  }

  /** saxes throws plain Errors for well-formedness faults; ours are BrokerErrors already. */
  private saxes(step: () => void): void {
    try {
      step();
    } catch (err) {
      if (isBrokerError(err)) throw err;
      throw this.error('ERR_FEED_XML_MALFORMED', 'XML mal formé', err instanceof Error ? err.message : String(err));
    }
  }

  take(): XmlStreamEvent[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }

  /** Bytes are decoded as UTF-8 whatever the declaration says, so another declared encoding is refused. */
  private checkDeclaration(): void {
    const { encoding } = this.parser.xmlDecl;
    if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
      throw this.error('ERR_FEED_XML_MALFORMED', `encodage ${encoding} non pris en charge`, 'encoding');
    }
  }

  private open(tag: SaxesTagNS): void {
    this.lastTagPosition = this.parser.position;
    const depth = this.stack.length;
    const node: OpenNode = { name: tag.local, ns: tag.uri, line: this.parser.line, children: [], text: '' };
    if (depth === 0) {
      this.checkDeclaration();
      this.pending.push({
        type: 'root',
        name: node.name,
        ns: node.ns,
        line: node.line,
        attributes: plainAttributes(tag),
      });
    } else if (depth === 1) {
      this.recordText = 0;
      this.recordElements = 1;
    } else {
      this.checkRecordGrowth(depth);
      const parent = this.stack[depth - 1] as OpenNode;
      // Layout whitespace before a first child is not content: drop it (see addText).
      if (parent.children.length === 0 && parent.text.length > 0 && isBlank(parent.text)) parent.text = '';
      parent.children.push(node);
    }
    this.stack.push(node);
  }

  private checkRecordGrowth(depth: number): void {
    // depth counts the root; the record element itself is at depth 1.
    if (depth > this.limits.maxDepth) {
      throw this.error('ERR_FEED_XML_LIMIT', 'enregistrement trop profond', `depth > ${this.limits.maxDepth}`);
    }
    if (++this.recordElements > this.limits.maxElementsPerRecord) {
      throw this.error(
        'ERR_FEED_XML_LIMIT',
        'enregistrement trop grand (éléments)',
        `elements > ${this.limits.maxElementsPerRecord}`,
      );
    }
  }

  private close(): void {
    this.lastTagPosition = this.parser.position;
    const node = this.stack.pop() as OpenNode;
    if (node.text.length > 0) node.text = node.text.trim();
    if (this.stack.length === 1) this.pending.push({ type: 'record', node });
  }

  private addText(text: string): void {
    const depth = this.stack.length;
    if (depth === 0) return; // saxes itself refuses non-blank text outside the root
    if (depth === 1) {
      // Between records only layout whitespace is expected; keeping it would grow without bound.
      if (!isBlank(text)) throw this.error('ERR_FEED_XML_MALFORMED', 'texte hors enregistrement', 'text in root');
      return;
    }
    this.recordText += text.length;
    if (this.recordText > this.limits.maxTextPerRecord) {
      throw this.error(
        'ERR_FEED_XML_LIMIT',
        'enregistrement trop grand (texte)',
        `text > ${this.limits.maxTextPerRecord}`,
      );
    }
    const node = this.stack[depth - 1] as OpenNode;
    // Once an element has children, only non-blank text is kept (mixed content, for the caller
    // to refuse); indentation between children would only cost concatenations.
    if (node.children.length === 0 || !isBlank(text)) node.text += text;
  }

  private error(
    code: 'ERR_FEED_XML_DOCTYPE' | 'ERR_FEED_XML_MALFORMED' | 'ERR_FEED_XML_LIMIT',
    what: string,
    detail: string,
  ): BrokerError {
    const line = this.parser.line;
    return fail(
      code,
      `fichier ${this.fileName}, ligne ${line}: ${what}`,
      `file=${this.fileName} line=${line}: ${detail}`,
    );
  }
}

/** fromEntries defines own properties, so even an attribute named `__proto__` stays plain data. */
function plainAttributes(tag: SaxesTagNS): Record<string, string> {
  return Object.fromEntries(
    Object.values(tag.attributes)
      .filter((attribute) => attribute.prefix !== 'xmlns' && attribute.name !== 'xmlns')
      .map((attribute) => [attribute.name, attribute.value]),
  );
}

/** Only XML white space (XML 1.0 §2.3 S: space, tab, CR, LF). */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
