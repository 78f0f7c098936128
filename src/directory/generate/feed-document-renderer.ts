/**
 * Renders feed records as XML by walking feed-spec.ts, never a hand-written template: children
 * come out in the spec's order, and each count, length and value form is checked on the way, so a
 * generator bug fails loudly here instead of producing a file the reader would reject.
 */
import { escapeXml } from '../../core/escape-xml.js';
import { fail } from '../../core/fail.js';
import {
  feedNamespaces,
  feedSchemaVersions,
  feedSpec,
  isGroupSpec,
  valueRules,
  type ChildSpec,
  type Degree,
  type DocumentKind,
  type DocumentSpec,
  type LeafSpec,
  type RecordElement,
} from '../feed/feed-spec.js';

/** A record's children by element name: a leaf takes a string or strings, a group a list of records. */
export interface RecordValues {
  readonly [child: string]: string | readonly string[] | readonly RecordValues[] | undefined;
}

export interface FeedRecordOut {
  readonly element: RecordElement;
  readonly values: RecordValues;
}

export class FeedDocumentRenderer {
  private readonly spec: DocumentSpec;
  private readonly prefix: string;
  private readonly tags = new Map<string, readonly [string, string]>();
  private readonly names = new WeakMap<readonly ChildSpec[], ReadonlySet<string>>();

  constructor(
    private readonly degree: Degree,
    private readonly kind: DocumentKind,
    namespacePrefix: string | null,
  ) {
    this.spec = feedSpec[degree][kind];
    this.prefix = namespacePrefix ? `${namespacePrefix}:` : '';
  }

  /** XML declaration and the root start tag, which declares the namespace (default or prefixed). */
  header(): string {
    const xmlns = this.prefix ? `xmlns:${this.prefix.slice(0, -1)}` : 'xmlns';
    return (
      '<?xml version="1.0" encoding="UTF-8"?>\n'
      + `<${this.prefix}GAR-ENT-${this.kind} ${xmlns}="${feedNamespaces[this.degree]}" `
      + `Version="${feedSchemaVersions[this.degree]}">\n`
    );
  }

  footer(): string {
    return `</${this.prefix}GAR-ENT-${this.kind}>\n`;
  }

  render(record: FeedRecordOut): string {
    const children = this.spec[record.element];
    if (!children) throw fail('ERR_FEED_RECORD_UNKNOWN', `${record.element} is not allowed in GAR-ENT-${this.kind}`);
    const [open, close] = this.tag(record.element);
    return `  ${open}\n${this.renderChildren(children, record.values, '    ', record.element)}  ${close}\n`;
  }

  private renderChildren(specs: readonly ChildSpec[], values: RecordValues, indent: string, where: string): string {
    this.rejectUnknown(specs, values, where);
    let out = '';
    for (const spec of specs) {
      const value = values[spec.name];
      const items = value === undefined ? [] : typeof value === 'string' ? [value] : value;
      if (items.length < spec.min || items.length > spec.max) {
        throw fail(
          'ERR_FEED_RECORD_INVALID',
          `${where}/${spec.name}: ${items.length} not in [${spec.min}, ${spec.max}]`,
        );
      }
      const [open, close] = this.tag(spec.name);
      for (const item of items) {
        if (isGroupSpec(spec)) {
          if (typeof item === 'string') throw fail('ERR_FEED_RECORD_INVALID', `${where}/${spec.name} needs children`);
          const children = this.renderChildren(spec.children, item, `${indent}  `, spec.name);
          out += `${indent}${open}\n${children}${indent}${close}\n`;
        } else {
          out += `${indent}${open}${escapeXml(checkedLeaf(spec, item, where))}${close}\n`;
        }
      }
    }
    return out;
  }

  private rejectUnknown(specs: readonly ChildSpec[], values: RecordValues, where: string): void {
    let known = this.names.get(specs);
    if (!known) {
      known = new Set(specs.map((s) => s.name));
      this.names.set(specs, known);
    }
    for (const key in values) {
      if (!known.has(key)) throw fail('ERR_FEED_RECORD_INVALID', `${where}/${key} is not in the spec`);
    }
  }

  private tag(name: string): readonly [string, string] {
    let tag = this.tags.get(name);
    if (!tag) {
      tag = [`<${this.prefix}${name}>`, `</${this.prefix}${name}>`];
      this.tags.set(name, tag);
    }
    return tag;
  }
}

function checkedLeaf(spec: LeafSpec, item: unknown, where: string): string {
  if (typeof item !== 'string' || item.length === 0)
    throw fail('ERR_FEED_VALUE_INVALID', `${where}/${spec.name} must be non-empty text`);
  const rule = valueRules[spec.value];
  if (item.length > rule.maxLength)
    throw fail('ERR_FEED_VALUE_TOO_LONG', `${where}/${spec.name} longer than ${rule.maxLength}`);
  if (rule.pattern && !rule.pattern.test(item)) throw fail('ERR_FEED_VALUE_INVALID', `${where}/${spec.name}: ${item}`);
  return item;
}
