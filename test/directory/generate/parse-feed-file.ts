/**
 * Test helper: parses a feed file with saxes (namespace-aware), independently of the generator,
 * into its root and a plain tree of records. Throws on any well-formedness error.
 */
import { SaxesParser } from 'saxes';

export interface ParsedElement {
  readonly name: string;
  readonly uri: string;
  text: string;
  readonly children: ParsedElement[];
}

export interface ParsedFeedFile {
  readonly root: ParsedElement;
  readonly version: string | undefined;
  readonly records: readonly ParsedElement[];
}

export function parseFeedFile(xml: string): ParsedFeedFile {
  const parser = new SaxesParser({ xmlns: true });
  const stack: ParsedElement[] = [];
  let root: ParsedElement | null = null;
  let version: string | undefined;
  let failure: Error | null = null;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => {
    const element: ParsedElement = { name: tag.local, uri: tag.uri, text: '', children: [] };
    if (!root) {
      root = element;
      version = tag.attributes['Version']?.value;
    } else stack.at(-1)!.children.push(element);
    stack.push(element);
  });
  parser.on('text', (text) => {
    if (stack.length > 0) stack.at(-1)!.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (failure) throw failure;
  if (!root) throw new Error('no root element');
  const parsed: ParsedElement = root;
  return { root: parsed, version, records: parsed.children };
}

/** Text of the named children of an element, in order. */
export function texts(element: ParsedElement, name: string): string[] {
  return element.children.filter((c) => c.name === name).map((c) => c.text);
}

export function text(element: ParsedElement, name: string): string {
  const [value] = texts(element, name);
  if (value === undefined) throw new Error(`${element.name} has no ${name}`);
  return value;
}
