import { readFileSync, statSync } from 'node:fs';
import type { ErrorCode } from '../core/error-codes.js';
import { fail } from '../core/fail.js';

/**
 * A document named on the command line, read whole only when its size is within `maxBytes`
 * (checked before reading, so that a huge file is refused without being loaded).
 */
export function readBoundedFile(
  file: string,
  maxBytes: number,
  refusal: { readonly unreadable: ErrorCode; readonly tooLarge: ErrorCode; readonly what: string },
): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    throw fail(refusal.unreadable, `${refusal.what} illisible : ${file}`, String(error));
  }
  if (size > maxBytes) throw fail(refusal.tooLarge, `${refusal.what} trop volumineux : ${file}`, `${size} bytes`);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw fail(refusal.unreadable, `${refusal.what} illisible : ${file}`, String(error));
  }
}
