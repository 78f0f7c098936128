/**
 * idp-bridge's registry of ENT projects logging in through an OpenID Provider, on table
 * `oidc_ent_provider`, same SQL on both dialects. Which provider the broker believes about an ENT's
 * users is a security decision: every change is audited in its own transaction. The client secret
 * is stored (it is sent to the provider) but never audited: the audit says only whether one is set
 * and whether a change replaced it.
 */
import type { Selectable } from 'kysely';
import type { OidcEntRegistration, OidcEntRegistry } from '../../idp-bridge/index.js';
import type { OidcEntProviderTable } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { isUniqueViolation } from '../unique-violation.js';

type Row = Selectable<OidcEntProviderTable>;
type Content = Omit<Row, 'created_at' | 'updated_at'>;

export function createOidcEntRegistry(store: Store): OidcEntRegistry {
  return {
    async find(entId) {
      const row = await store.db
        .selectFrom('oidc_ent_provider')
        .selectAll()
        .where('ent_id', '=', entId)
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async list() {
      return (await store.db.selectFrom('oidc_ent_provider').selectAll().orderBy('ent_id').execute()).map(fromRow);
    },

    async save(registration, actor, at) {
      try {
        return await saveInTransaction(store, registration, actor, at);
      } catch (error) {
        // Two first saves of one ENT project at once: the primary key chose; the loser's save is a change.
        if (!isUniqueViolation(error)) throw error;
        return saveInTransaction(store, registration, actor, at);
      }
    },

    async remove(entId, actor, at) {
      return store.db.transaction().execute(async (trx) => {
        const row = await trx
          .deleteFrom('oidc_ent_provider')
          .where('ent_id', '=', entId)
          .returningAll()
          .executeTakeFirst();
        if (row === undefined) return false;
        await recordAuditEvent(
          trx,
          { actor, at },
          { action: 'oidc_ent_provider.remove', target: targetOf(entId), before: auditState(row), after: null },
        );
        return true;
      });
    },
  };
}

async function saveInTransaction(
  store: Store,
  registration: OidcEntRegistration,
  actor: string,
  at: Date,
): Promise<'added' | 'changed' | 'unchanged'> {
  const content = toContent(registration);
  return store.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('oidc_ent_provider')
      .selectAll()
      .where('ent_id', '=', registration.entId)
      .executeTakeFirst();
    if (before !== undefined && sameContent(before, content)) return 'unchanged';
    const stamp = at.toISOString();
    if (before === undefined)
      await trx
        .insertInto('oidc_ent_provider')
        .values({ ...content, created_at: stamp, updated_at: stamp })
        .execute();
    else
      await trx
        .updateTable('oidc_ent_provider')
        .set({ ...content, updated_at: stamp })
        .where('ent_id', '=', registration.entId)
        .execute();
    const secretChanged = before !== undefined && before.client_secret !== content.client_secret;
    await recordAuditEvent(
      trx,
      { actor, at },
      {
        action: before === undefined ? 'oidc_ent_provider.add' : 'oidc_ent_provider.change',
        target: targetOf(registration.entId),
        before: before === undefined ? null : auditState(before),
        after: { ...auditState(content), ...(before === undefined ? {} : { clientSecretChanged: secretChanged }) },
      },
    );
    return before === undefined ? 'added' : 'changed';
  });
}

const contentKeys = [
  'issuer',
  'client_id',
  'client_secret',
  'token_auth_method',
  'scope',
  'user_id_claim',
  'use_userinfo',
  'allowed_algs',
] as const;

function sameContent(row: Row, content: Content): boolean {
  return contentKeys.every((key) => row[key] === content[key]);
}

const targetOf = (entId: string): string => `oidc_ent_provider:${entId}`;

/** Everything but the secret, of which only its presence is told. */
function auditState(row: Content): Record<string, unknown> {
  return {
    entId: row.ent_id,
    issuer: row.issuer,
    clientId: row.client_id,
    clientSecretSet: row.client_secret !== null,
    tokenAuthMethod: row.token_auth_method,
    scope: row.scope,
    userIdClaim: row.user_id_claim,
    useUserinfo: row.use_userinfo === 1,
    allowedAlgorithms: row.allowed_algs === null ? null : (JSON.parse(row.allowed_algs) as unknown),
  };
}

function toContent(registration: OidcEntRegistration): Content {
  return {
    ent_id: registration.entId,
    issuer: registration.issuer,
    client_id: registration.clientId,
    client_secret: registration.clientSecret ?? null,
    token_auth_method: registration.tokenAuthMethod,
    scope: registration.scope,
    user_id_claim: registration.userIdClaim,
    use_userinfo: registration.useUserinfo ? 1 : 0,
    allowed_algs: registration.allowedAlgorithms === undefined ? null : JSON.stringify(registration.allowedAlgorithms),
  };
}

function fromRow(row: Row): OidcEntRegistration {
  return {
    entId: row.ent_id,
    issuer: row.issuer,
    clientId: row.client_id,
    ...(row.client_secret === null ? {} : { clientSecret: row.client_secret }),
    tokenAuthMethod: row.token_auth_method as OidcEntRegistration['tokenAuthMethod'],
    scope: row.scope,
    userIdClaim: row.user_id_claim,
    useUserinfo: Number(row.use_userinfo) === 1,
    ...(row.allowed_algs === null ? {} : { allowedAlgorithms: JSON.parse(row.allowed_algs) as string[] }),
  };
}
