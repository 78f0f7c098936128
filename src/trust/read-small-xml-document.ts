/**
 * Reader of one small untrusted XML document held whole in memory: a web-service request body
 * (the distributor subscription service, gar-reference §5). It returns the whole document as a
 * tree of `XmlNode`s, the shape xml-record-stream.ts gives to feed records, so callers validate
 * both the same way.
 *
 * Security (architecture: only src/trust parses untrusted XML):
 * - the size is checked before any parsing, so the tree, its text and any DTD are bounded too;
 * - any DOCTYPE is refused before anything in it is used, so no entity is ever declared or
 *   expanded (XXE, billion laughs) and no file or URL is ever opened;
 * - bytes are decoded as strict UTF-8; an XML declaration naming another encoding is refused;
 * - depth and element count are bounded, so a deep or wide tree cannot cost more than its size.
 *
 * Attributes, comments and processing instructions are not part of the tree: the wsabonnement
 * grammar has no attribute, and a caller cannot misread what it never sees.
 */
import type { SaxesTagNS } from 'saxes';
import { createGuardedSaxParser } from './create-guarded-sax-parser.js';
import type { OpenNode } from './xml-record-stream.js';
import { isBrokerError, type BrokerError } from '../core/broker-error.js';
import { fail } from '../core/fail.js';
import type { XmlNode } from './xml-record-stream.js';

export interface SmallXmlLimits {
  /** Bytes of the body (UTF-8 bytes when given as a string). */
  readonly maxBytes: number;
  /** Nesting levels, the root counting as 1. */
  readonly maxDepth: number;
  /** Elements of the document, the root included. */
  readonly maxElements: number;
}

export const defaultSmallXmlLimits: SmallXmlLimits = {
  maxBytes: 64 * 1024,
  maxDepth: 8,
  maxElements: 2000,
};

/**
 * Parses `body` into its root element. Throws a BrokerError: ERR_WS_BODY_TOO_LARGE (413),
 * ERR_WS_XML_DOCTYPE, ERR_WS_XML_MALFORMED or ERR_WS_XML_LIMIT (400).
 */
export function readSmallXmlDocument(body: Uint8Array | string, limits: Partial<SmallXmlLimits> = {}): XmlNode {
  const bounds: SmallXmlLimits = { ...defaultSmallXmlLimits, ...limits };
  const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
  if (size > bounds.maxBytes) {
    throw fail(
      'ERR_WS_BODY_TOO_LARGE',
      `corps de requête trop grand (${bounds.maxBytes} octets au plus)`,
      `bytes=${size} max=${bounds.maxBytes}`,
    );
  }
  const text = typeof body === 'string' ? body : decodeUtf8(body);
  return new TreeBuilder(bounds).parse(text);
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    // fatal: a byte sequence that is not UTF-8 is an error, not a silent U+FFFD.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    throw fail('ERR_WS_XML_MALFORMED', 'encodage UTF-8 invalide', String(err));
  }
}

/** Turns saxes callbacks into a tree; one instance per document. */
class TreeBuilder {
  private readonly parser = createGuardedSaxParser(() =>
    this.error('ERR_WS_XML_DOCTYPE', 'DOCTYPE interdit', 'DOCTYPE declaration refused'),
  );
  private readonly stack: OpenNode[] = [];
  private root: OpenNode | undefined;
  private elements = 0;

  constructor(private readonly limits: SmallXmlLimits) {
    this.parser.on('opentag', (tag) => this.open(tag));
    this.parser.on('closetag', () => this.close());
    this.parser.on('text', (text) => this.addText(text));
    this.parser.on('cdata', (text) => this.addText(text));
  }

  parse(text: string): XmlNode {
    try {
      this.parser.write(text).close();
    } catch (err) {
      // saxes throws plain Errors for well-formedness faults; ours are BrokerErrors already.
      if (isBrokerError(err)) throw err;
      throw this.error('ERR_WS_XML_MALFORMED', 'XML mal formé', err instanceof Error ? err.message : String(err));
    }
    // saxes refuses a document without a root element at close(), so root is set here.
    return this.root as XmlNode;
  }

  private open(tag: SaxesTagNS): void {
    if (this.stack.length === 0) this.checkDeclaration();
    if (this.stack.length + 1 > this.limits.maxDepth) {
      throw this.error('ERR_WS_XML_LIMIT', 'XML trop profond', `depth > ${this.limits.maxDepth}`);
    }
    if (++this.elements > this.limits.maxElements) {
      throw this.error('ERR_WS_XML_LIMIT', 'XML trop grand (éléments)', `elements > ${this.limits.maxElements}`);
    }
    const node: OpenNode = { name: tag.local, ns: tag.uri, line: this.parser.line, children: [], text: '' };
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) this.root = node;
    else parent.children.push(node);
    this.stack.push(node);
  }

  /** Bytes were decoded as UTF-8 whatever the declaration says, so another encoding is refused. */
  private checkDeclaration(): void {
    const { encoding } = this.parser.xmlDecl;
    if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
      throw this.error('ERR_WS_XML_MALFORMED', `encodage ${encoding} non pris en charge`, 'encoding');
    }
  }

  private close(): void {
    const node = this.stack.pop() as OpenNode;
    // Layout whitespace around children is not content; anything else stays, for the caller to
    // refuse as mixed content. Only XML white space is trimmed: a leading no-break space is data.
    node.text = trimXmlSpace(node.text);
  }

  private addText(text: string): void {
    const node = this.stack[this.stack.length - 1];
    if (node !== undefined) node.text += text; // outside the root saxes allows only white space
  }

  private error(
    code: 'ERR_WS_XML_DOCTYPE' | 'ERR_WS_XML_MALFORMED' | 'ERR_WS_XML_LIMIT',
    what: string,
    detail: string,
  ): BrokerError {
    const line = this.parser.line;
    return fail(code, `ligne ${line} : ${what}`, `line=${line}: ${detail}`);
  }
}

/**
 * Trims XML white space only (XML 1.0 §2.3 S: space, tab, CR, LF), unlike String.trim. A loop,
 * not /\s+$/: that regex is quadratic on a long run of spaces followed by a letter.
 */
function trimXmlSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isXmlSpace(text.charCodeAt(start))) start++;
  while (end > start && isXmlSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function isXmlSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}
