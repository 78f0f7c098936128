/**
 * Escaping of element text for the wsabonnement answers. `\r` is written as a character
 * reference because a parser turns a literal CR into LF (XML 1.0 §2.11), which would change the
 * value; the other XML white space survives as is.
 */
import { fail } from '../../core/fail.js';

/** Characters outside XML 1.0 §2.2 Char (controls, lone surrogates, U+FFFE/U+FFFF). */
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const notXmlChars = new RegExp(notXmlChar.source, 'gu');
const references: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

/** Throws ERR_WS_XML_UNREPRESENTABLE (500) rather than write a document no client can read. */
export function escapeXmlText(text: string): string {
  if (notXmlChar.test(text)) {
    throw fail('ERR_WS_XML_UNREPRESENTABLE', 'erreur interne', 'value holds a character outside XML 1.0 Char');
  }
  return text.replace(/[&<>\r]/g, (c) => references[c] ?? c);
}

/** For error answers, which must never fail themselves: unrepresentable characters become U+FFFD. */
export function escapeXmlTextLeniently(text: string): string {
  return escapeXmlText(text.replace(notXmlChars, '\uFFFD'));
}
