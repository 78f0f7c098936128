/** Escaping for the XML the broker writes as text (CAS responses, the CAS logout request). */
const entities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Text and attribute values alike. Characters XML 1.0 does not allow at all (most C0 controls,
 * lone surrogates, U+FFFE/U+FFFF) become U+FFFD: escaping cannot express them.
 */
export function escapeXml(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[&<>"']/g, (c) => entities[c] as string);
}
