import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * Sessions bound to the ENT's and single logout:
 * - a broker session records the ENT session it was opened from (SAML SessionIndex and NameID,
 *   OIDC `sid`), so that a logout of that ENT session ends exactly it, and when the ENT last
 *   confirmed the same person is still there (the passive check);
 * - a login transaction may be such a passive check of one session;
 * - `session_participant`: each publisher that received an assertion or tokens in a session, with
 *   what its logout must name;
 * - `logout_run`: a front-channel logout on its way through the browser (publishers one after the
 *   other), and where the browser goes afterwards.
 */
async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.alterTable('broker_session').addColumn('ent_session_index', 'text').execute();
  await s.alterTable('broker_session').addColumn('ent_name_id', 'text').execute();
  await s.alterTable('broker_session').addColumn('ent_name_id_format', 'text').execute();
  await s.alterTable('broker_session').addColumn('ent_sid', 'text').execute();
  await s.alterTable('broker_session').addColumn('confirmed_at', 'text').execute();
  await s.createIndex('broker_session_by_ent_person').on('broker_session').columns(['ent_id', 'person_id']).execute();
  await s.createIndex('broker_session_by_ent_sid').on('broker_session').columns(['ent_id', 'ent_sid']).execute();
  await s.alterTable('login_transaction').addColumn('reconfirm_session', 'text').execute();

  await s
    .createTable('session_participant')
    .addColumn('session_hash', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    // SAML: the assertion's SessionIndex; OIDC: the ID token's sid. Unique within a partner.
    .addColumn('session_ref', 'text', (c) => c.notNull())
    // SAML: NameID and its format; OIDC: sub.
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('subject_format', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('keep_until', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('session_participant_pk', ['session_hash', 'kind', 'partner_id', 'session_ref'])
    .execute();
  await s.createIndex('session_participant_by_keep').on('session_participant').column('keep_until').execute();

  await s
    .createTable('logout_run')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    // JSON: the SAML participants to tell through the browser, in order.
    .addColumn('participants', 'text', (c) => c.notNull())
    // JSON: where the browser goes once they are told (a redirect, a form to post, or the logged-out page).
    .addColumn('continuation', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await s.createIndex('logout_run_by_expiry').on('logout_run').column('expires_at').execute();
}

export const sessionLogoutMigration: Migration = { name: '0009-session-logout', up };
