import type { Migration } from './migration.js';
import { directoryMigration } from './0001-directory.js';
import { catalogueMigration } from './0002-catalogue.js';
import { licensingMigration } from './0003-licensing.js';
import { loginMigration } from './0004-login.js';
import { federationMigration } from './0005-federation.js';
import { consoleMigration } from './0006-console.js';
import { oidcCasMigration } from './0007-oidc-cas.js';
import { casRenewMigration } from './0008-cas-renew.js';
import { sessionLogoutMigration } from './0009-session-logout.js';

export type { Migration, Dialect } from './migration.js';

/** Append-only: a released migration is never edited; a schema change adds a file here. */
export const migrations: readonly Migration[] = [
  directoryMigration,
  catalogueMigration,
  licensingMigration,
  loginMigration,
  federationMigration,
  consoleMigration,
  oidcCasMigration,
  casRenewMigration,
  sessionLogoutMigration,
];
