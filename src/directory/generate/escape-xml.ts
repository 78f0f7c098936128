/** Escapes text for XML content and attribute values: the five predefined entities. */
const entities: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;',
};
const special = /[&<>"']/;
const specialAll = /[&<>"']/g;

export function escapeXml(text: string): string {
  // Most values have nothing to escape; testing first avoids a replace per value.
  return special.test(text) ? text.replace(specialAll, (c) => entities[c] ?? c) : text;
}
