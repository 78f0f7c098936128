import { fail } from '../../core/fail.js';
import { sha256HexPattern } from '../../core/sha256-hex.js';

/**
 * The store keeps cookie values only as their SHA-256: a raw value (43 base64url characters) is
 * refused here, so a caller's mistake cannot put a usable cookie into the database.
 */
export function requireDigest(value: string, column: string): void {
  if (!sha256HexPattern.test(value)) {
    throw fail(
      'ERR_LOGIN_STORE_INPUT',
      "La connexion n'a pas pu être enregistrée.",
      `${column} is not a SHA-256 hex digest`,
    );
  }
}
