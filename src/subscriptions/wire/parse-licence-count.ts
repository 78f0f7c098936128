import type { LicenceCount } from '../subscription-input.js';

/**
 * Assumed upper bound: GAR gives counts as XSD integers; 2^31 − 1 (xs:int) keeps every count a
 * safe integer in JavaScript and in a 32-bit database column.
 */
const maxCount = 2_147_483_647;

/**
 * A licence count (gar-reference §5): a non-negative integer in decimal digits, or `ILLIMITE`.
 * Null when the text is neither. Leading zeros are read (XSD integers allow them).
 */
export function parseLicenceCount(text: string): LicenceCount | null {
  if (text === 'ILLIMITE') return 'ILLIMITE';
  if (!/^\d{1,10}$/.test(text)) return null;
  const count = Number(text);
  return count <= maxCount ? count : null;
}
