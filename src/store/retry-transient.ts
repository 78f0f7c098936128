/**
 * Changes that must not interleave (licences of a subscription, versions of a contract) run in
 * short transactions that lock first. A database may still
 * answer "busy" (SQLite: the write lock stayed held past the busy timeout; PostgreSQL: a
 * deadlock or serialisation failure): the transaction was rolled back whole, so running it again
 * is safe. A guard (CHECK on the counters, unique live licence) firing means a bug, never a
 * user's fault: it becomes a coded 409, not a 500, and nothing was written.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isBrokerError } from '../core/broker-error.js';
import { fail } from '../core/fail.js';

const maxAttempts = 60;

const transientCodes = new Set([
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_RECOVERY',
  'SQLITE_LOCKED',
  '40P01', // deadlock_detected
  '40001', // serialization_failure
  '55P03', // lock_not_available
]);

const guardCodes = new Set([
  'SQLITE_CONSTRAINT_CHECK',
  'SQLITE_CONSTRAINT_UNIQUE',
  '23514', // check_violation
  '23505', // unique_violation
]);

function codeOf(error: unknown): string | undefined {
  if (isBrokerError(error) || typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** True for a driver error of a CHECK or unique guard. */
function isGuardViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && guardCodes.has(code);
}

/** Runs `work`, again after a short random pause while the database says it is busy. */
export async function retryTransient<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const code = codeOf(error);
      if (isGuardViolation(error)) {
        throw fail(
          'ERR_STORE_CONFLICT',
          "La modification n'a pas pu être faite ; rien n'a été enregistré.",
          `guard ${code}: ${String(error)}`,
        );
      }
      if (code === undefined || !transientCodes.has(code)) throw error;
      if (attempt >= maxAttempts) {
        throw fail(
          'ERR_STORE_BUSY',
          'Les données sont en cours de modification ; réessayez.',
          `still ${code} after ${attempt} attempts`,
        );
      }
      // Random, growing pauses spread the retries of competing writers apart.
      await sleep(Math.random() * Math.min(2 ** attempt, 50));
    }
  }
}
