/**
 * Mocha global fixture: starts one throwaway PostgreSQL for the whole run when the binaries are
 * there. On a newcomer's machine without them the PostgreSQL half of the store tests is skipped
 * with a loud notice; with CI=true a missing PostgreSQL fails the run instead.
 */
import { postgresAvailable, startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.js';

let server: ThrowawayPostgres | null = null;

export async function mochaGlobalSetup(): Promise<void> {
  if (process.env['GAR_TEST_PG_URL']) return;
  if (!postgresAvailable()) {
    if (process.env['CI'] === 'true')
      throw new Error(
        'CI=true but PostgreSQL (initdb, pg_ctl) is not installed: the PostgreSQL tests cannot be skipped in CI.',
      );
    process.stderr.write(
      '\n*** NOTICE: initdb/pg_ctl not found: every PostgreSQL test is SKIPPED.'
        + ' Install PostgreSQL 15 to run them. ***\n\n',
    );
    return;
  }
  server = await startThrowawayPostgres();
  process.env['GAR_TEST_PG_URL'] = server.url;
}

export function mochaGlobalTeardown(): void {
  server?.stop();
}
