/**
 * The one XML escaper of the broker, for every document it writes (SAML messages and metadata,
 * CAS answers, wsabonnement answers, generated feeds).
 *
 * - `form: 'any'` (the default) is safe as element text and as an attribute value between `"` or
 *   `'`: the five predefined entities (XML 1.0 §4.6), and tab, LF and CR as character references,
 *   because a parser turns a literal CR into LF (§2.11) and a literal tab, LF or CR in an attribute
 *   into a space (§3.3.3): the value read back is the value written. `]]>` cannot survive, as `>`
 *   is always escaped.
 * - `form: 'c14n-text'` / `'c14n-attribute'` write exactly what exclusive canonicalisation writes
 *   (xml-c14n §2.3, kept by xml-exc-c14n): text escapes `& < > CR`, attribute values
 *   `& < " tab LF CR`. A signed string built with them is already its own canonical form, so its
 *   digest can be taken without a canonicaliser (trust/saml/canonical-xml.ts).
 *
 * A character outside XML 1.0 §2.2 Char (C0 controls but tab, LF and CR; U+FFFE, U+FFFF; a lone
 * surrogate) cannot be written at all, not even as a reference. It is refused with a coded error
 * (ERR_XML_UNREPRESENTABLE, or the caller's own code), or, with `unrepresentable: 'replace'`,
 * written as U+FFFD: for answers that must never fail themselves (error answers, CAS attributes).
 * Characters outside the BMP (a surrogate pair) are kept as they are.
 */
import { fail } from './fail.js';
import type { ErrorCode } from './error-codes.js';

export type XmlEscapeForm = 'any' | 'c14n-text' | 'c14n-attribute';

export interface XmlEscapeOptions {
  readonly form?: XmlEscapeForm;
  /** `'replace'`: write U+FFFD; an error code: refuse the value with it. Default ERR_XML_UNREPRESENTABLE. */
  readonly unrepresentable?: 'replace' | ErrorCode;
}

const notXmlCharSource = '[^\\t\\n\\r\\u0020-\\uD7FF\\uE000-\\uFFFD\\u{10000}-\\u{10FFFF}]';
const notXmlChar = new RegExp(notXmlCharSource, 'u');
const notXmlChars = new RegExp(notXmlCharSource, 'gu');

const references: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};
const escaped: Readonly<Record<XmlEscapeForm, RegExp>> = {
  any: /[&<>"'\t\n\r]/g,
  'c14n-text': /[&<>\r]/g,
  'c14n-attribute': /[&<"\t\n\r]/g,
};
/** Most values need nothing: one test of this skips both replaces. */
const anythingToDo = new RegExp(`[&<>"'\\t\\n\\r]|${notXmlCharSource}`, 'u');

/** True when every character of `value` is an XML 1.0 §2.2 Char, so that it can be written at all. */
export function isXmlText(value: string): boolean {
  return !notXmlChar.test(value);
}

/** `value` escaped for XML in the chosen form; see the file comment for the rules. */
export function escapeXml(value: string, options: XmlEscapeOptions = {}): string {
  if (!anythingToDo.test(value)) return value;
  const unrepresentable = options.unrepresentable ?? 'ERR_XML_UNREPRESENTABLE';
  let writable = value;
  if (!isXmlText(value)) {
    if (unrepresentable !== 'replace') {
      const detail = 'a value holds a character outside XML 1.0 Char';
      throw fail(unrepresentable, "Le document XML n'a pas pu être écrit.", detail);
    }
    writable = value.replace(notXmlChars, '\uFFFD');
  }
  return writable.replace(escaped[options.form ?? 'any'], (c) => references[c] ?? c);
}
