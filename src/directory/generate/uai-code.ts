/**
 * Establishment codes shaped like real UAIs: 7 digits (a département-like prefix, then a
 * sequence) and the check letter of the national algorithm (the number modulo 23 picks a letter).
 * The sequence is a bijection of the establishment index, so codes look scattered but never repeat.
 */
import { fail } from '../../core/fail.js';
import { hashString } from './seeded-random.js';

const checkLetters = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** '0' + two digits picked from the ENT id, like a département number (031, 069…). */
export function defaultUaiPrefix(entId: string): string {
  return `0${String(1 + (hashString(`uai:${entId}`) % 95)).padStart(2, '0')}`;
}

/** How many establishments a prefix leaves room for. */
export function uaiCapacity(prefix: string): number {
  return 10 ** (7 - prefix.length);
}

export function makeUai(prefix: string, index: number): string {
  if (!/^\d{1,6}$/.test(prefix)) throw fail('ERR_CLI_USAGE', 'uaiPrefix must be 1 to 6 digits');
  const capacity = uaiCapacity(prefix);
  if (index >= capacity)
    throw fail('ERR_CLI_USAGE', `uaiPrefix ${prefix} leaves room for ${capacity} establishments only`);
  // 7919 is coprime with every power of ten, so index → sequence is one-to-one below capacity.
  const sequence = (index * 7919 + 1337) % capacity;
  const digits = prefix + String(sequence).padStart(7 - prefix.length, '0');
  return digits + checkLetters.charAt(Number(digits) % 23);
}
