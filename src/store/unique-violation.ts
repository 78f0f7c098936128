/**
 * A unique or primary-key constraint refused a write: better-sqlite3 and pg name it differently.
 * Callers turn it into a domain answer (an id that exists), never a 500.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
