import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * OIDC on both sides and CAS 3 toward publishers. Everything a login or a token carries
 * between two HTTP requests lives here, so any node of a cluster can serve the next request.
 */
async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  // An ENT project whose identity provider is an OpenID Provider (instead of a SAML IdP).
  await s
    .createTable('oidc_ent_provider')
    .addColumn('ent_id', 'text', (c) => c.primaryKey())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    // The broker's client secret at that provider (readable: it is sent to the provider).
    .addColumn('client_secret', 'text')
    // client_secret_basic | client_secret_post
    .addColumn('token_auth_method', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    // The ID token (or userinfo) claim holding the ENT user id (the feeds' person id).
    .addColumn('user_id_claim', 'text', (c) => c.notNull())
    .addColumn('use_userinfo', 'integer', (c) => c.notNull())
    // JSON array of JWS algorithms; null: the configured default.
    .addColumn('allowed_algs', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // A publisher's OIDC client (downstream), registered for one technical distributor.
  await s
    .createTable('oidc_client')
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('distributor_id', 'text', (c) => c.notNull())
    // JSON: the client metadata oidc-provider reads (redirect_uris, token_endpoint_auth_method, jwks…).
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // oidc-provider's models (sessions, interactions, codes, tokens, grants…), one row each.
  await s
    .createTable('oidc_payload')
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('uid', 'text')
    .addColumn('user_code', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('consumed_at', 'text')
    .addPrimaryKeyConstraint('oidc_payload_pk', ['model', 'id'])
    .execute();
  await s.createIndex('oidc_payload_by_grant').on('oidc_payload').column('grant_id').execute();
  await s.createIndex('oidc_payload_by_uid').on('oidc_payload').column('uid').execute();
  await s.createIndex('oidc_payload_by_user_code').on('oidc_payload').column('user_code').execute();
  await s.createIndex('oidc_payload_by_expiry').on('oidc_payload').column('expires_at').execute();

  // A CAS service: the exact service URL a resource's site sends, and the resource it opens.
  await s
    .createTable('cas_service')
    .addColumn('service_url', 'text', (c) => c.primaryKey())
    .addColumn('id_ressource', 'text', (c) => c.notNull())
    // Where the back-channel logout is posted; null: the service URL itself (CAS protocol §2.3.3).
    .addColumn('logout_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('cas_service_by_resource').on('cas_service').column('id_ressource').execute();

  // CAS service tickets: single use, valid ≤ 10 s; kept (consumed) until their broker session
  // ends, so the back-channel logout reaches every service that received one.
  await s
    .createTable('cas_ticket')
    .addColumn('ticket', 'text', (c) => c.primaryKey())
    .addColumn('service_url', 'text', (c) => c.notNull())
    // SHA-256 of the broker session cookie (never the cookie itself).
    .addColumn('session_hash', 'text', (c) => c.notNull())
    .addColumn('ent_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('uai', 'text', (c) => c.notNull())
    .addColumn('id_ressource', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('consumed_at', 'text')
    // When the row may go: the end of its broker session.
    .addColumn('keep_until', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('cas_ticket_by_session').on('cas_ticket').column('session_hash').execute();
  await s.createIndex('cas_ticket_by_keep_until').on('cas_ticket').column('keep_until').execute();

  // An OIDC ENT login carries its PKCE verifier and nonce from the redirect to the callback:
  // JSON, null for SAML logins.
  await s.alterTable('login_transaction').addColumn('upstream_secret', 'text').execute();
}

export const oidcCasMigration: Migration = { name: '0007-oidc-cas', up };
