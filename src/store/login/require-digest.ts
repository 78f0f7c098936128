import { fail } from '../../core/fail.js';

/**
 * The form of the broker's `cookieDigest` (SHA-256, lower-case hex). Written here rather than imported
 * from broker/index.js: that index loads the whole broker (express, oidc-provider), and every command
 * line that opens the store would load it too.
 */
const digestPattern = /^[0-9a-f]{64}$/;

/**
 * The store keeps cookie values only as their SHA-256: a raw value (43 base64url characters) is
 * refused here, so a caller's mistake cannot put a usable cookie into the database.
 */
export function requireDigest(value: string, column: string): void {
  if (!digestPattern.test(value)) {
    throw fail(
      'ERR_LOGIN_STORE_INPUT',
      "La connexion n'a pas pu être enregistrée.",
      `${column} is not a SHA-256 hex digest`,
    );
  }
}
