/**
 * An xs:duration (XML Schema 1.0 part 2 §3.2.6), as metadata's `cacheDuration` carries it
 * (saml-metadata-2.0-os §2.3.2: "PT6H", "P1D"), in milliseconds. Years and months have no fixed
 * length; they count as their shortest (365 and 28 days), so a partner asking to be cached for
 * "P1M" is never kept longer than it asked.
 */
const lexical = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const day = 86_400_000;
const units = [365 * day, 28 * day, day, 3_600_000, 60_000, 1000] as const;

/** Undefined when the text is not an xs:duration (empty "P", a "T" with nothing after it, spaces…). */
export function parseXsDuration(value: string): number | undefined {
  const match = value.length <= 64 ? lexical.exec(value) : null;
  if (match === null || value.endsWith('T') || /^-?P$/.test(value)) return undefined;
  const [, minus, ...parts] = match;
  const ms = parts.reduce((sum, part, i) => sum + (part === undefined ? 0 : Number(part) * (units[i] ?? 0)), 0);
  return minus === undefined ? ms : -ms;
}
