/**
 * Elements written directly in exclusive-c14n form (xml-exc-c14n §3, over xml-c14n §2.3): start
 * and end tags always (no `<a/>`), namespace declarations first sorted by prefix, then the
 * (unprefixed) attributes sorted by name, c14n escaping, no whitespace between elements. Each
 * element declares exactly the namespaces it visibly uses that no ancestor *in its own signed
 * subtree* declares, so the string is its own canonical form both standalone and nested.
 */
import { escapeXml } from '../../core/escape-xml.js';

export type Attributes = Readonly<Record<string, string | undefined>>;

/** `namespaces`: prefix → URI declared on this element. Undefined attributes are left out. */
export function element(
  name: string,
  namespaces: Readonly<Record<string, string>>,
  attributes: Attributes,
  content = '',
): string {
  const declarations = Object.keys(namespaces)
    .sort()
    .map((prefix) => ` xmlns:${prefix}="${attribute(namespaces[prefix])}"`);
  const values = Object.keys(attributes)
    .filter((key) => attributes[key] !== undefined)
    .sort(codePointOrder)
    .map((key) => ` ${key}="${attribute(attributes[key])}"`);
  return `<${name}${declarations.join('')}${values.join('')}>${content}</${name}>`;
}

/** An attribute value in its canonical form; one XML cannot carry is refused (ERR_XML_UNREPRESENTABLE). */
const attribute = (value: string | undefined): string => escapeXml(value ?? '', { form: 'c14n-attribute' });

/** c14n sorts attributes by code point (xml-c14n §2.2), not by locale. */
function codePointOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * U+0085 and U+2028 are line ends in XML 1.1 (§2.11), and xmldom (so xml-crypto, node-saml,
 * samlify) turns them into LF wherever it reads them literally, even in an XML 1.0 document: a
 * value holding one would be canonicalised by the publisher otherwise than it was hashed here.
 * As character references they reach every parser intact (a reference is never a line end), and
 * their canonical form is the literal character, which is what was hashed: so each signed
 * string is built and hashed literal, and this is applied to it once, when it leaves.
 */
export function protectLineSeparators(xml: string): string {
  return xml.replace(/[\u0085\u2028]/g, (c) => (c === '\u0085' ? '&#x85;' : '&#x2028;'));
}
