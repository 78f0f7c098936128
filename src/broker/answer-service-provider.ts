/**
 * The answer to a publisher's verified AuthnRequest, for a browser with a broker session:
 *
 * | step                                          | on failure                                   |
 * |-----------------------------------------------|----------------------------------------------|
 * | the SP is still registered                    | ERR_LOGIN_SP_UNKNOWN page                    |
 * | which resource: the access intent of the click, else the SP's only resource | SAML RequestDenied to its ACS |
 * | establishment, licence, contract, release (grant-access, shared by every protocol) | a page |
 * | signed (and encrypted) Response posted to the ACS of the SP's metadata |                     |
 *
 * A resource belongs to the SP only when the SP is registered for the resource's technical
 * distributor: a publisher cannot receive another distributor's resources by naming them.
 */
import { answerPublisher, refusePublisher, type RegisteredSp } from '../federation/index.js';
import { fail } from '../core/fail.js';
import type { ResourceDescription } from '../subscriptions/index.js';
import { openIntent, type AccessIntent } from './access-intent.js';
import { grantAccess } from './grant-access.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, LoginOutcome } from './login-outcome.js';
import type { BrokerSession } from './ports.js';

export interface ServiceProviderTarget {
  readonly spEntityId: string;
  /** Already resolved in the SP's metadata. */
  readonly acsUrl: string;
  readonly requestId?: string;
  readonly relayState?: string;
}

const requestDenied = 'urn:oasis:names:tc:SAML:2.0:status:RequestDenied';

export async function answerServiceProvider(
  deps: LoginDeps, ctx: LoginContext, session: BrokerSession, target: ServiceProviderTarget, cookies: BrowserCookies,
): Promise<LoginOutcome> {
  const sp = await deps.partners.spByEntityId(target.spEntityId, ctx.now);
  if (sp === undefined) throw fail('ERR_LOGIN_SP_UNKNOWN', "Ce service n'est pas (ou plus) raccordé.", 'SP gone since its request');
  const intent = openIntent(deps.intents, cookies.intent, ctx.now);
  const resource = await chooseResource(deps, sp, intent);
  const reply = { acsUrl: target.acsUrl, ...optional('inResponseTo', target.requestId), ...optional('relayState', target.relayState) };
  if (resource === undefined) {
    ctx.log.warn({ event: 'login.denied', reason: 'RESOURCE_AMBIGUOUS', sp: sp.metadata.entityId });
    return { kind: 'post', post: refusePublisher(deps.downstream, reply, requestDenied, 'No single resource for this request', ctx.now), cookies: [] };
  }
  const { attributes } = await grantAccess(deps, ctx, session, resource, cookies.intent);
  const sent = answerPublisher(deps.downstream, {
    sp: sp.metadata, ...reply, authnInstant: session.createdAt, attributes,
  }, ctx.now);
  // Its logout must name this assertion (saml-profiles §4.4): only an SP that can receive one is recorded.
  if (sp.metadata.singleLogout.length > 0) {
    await deps.participants.record({
      kind: 'saml', sessionHash: session.idHash, partnerId: sp.metadata.entityId, at: ctx.now,
      nameId: sent.nameId, nameIdFormat: sent.nameIdFormat, sessionIndex: sent.sessionIndex,
    }, session.expiresAt);
  }
  ctx.log.info({ event: 'login.assertion_sent', sp: sp.metadata.entityId, idRessource: resource.idRessource, solicited: target.requestId !== undefined });
  return { kind: 'post', post: sent.post, cookies: cookies.intent === undefined ? [] : [{ name: 'gar_intent' }] };
}

async function chooseResource(deps: LoginDeps, sp: RegisteredSp, intent: AccessIntent | undefined): Promise<ResourceDescription | undefined> {
  const candidates = (await deps.resources.resourcesOfServiceProvider(sp.metadata.entityId))
    .filter((r) => r.distributeurTech.id === sp.distributorId);
  const clicked = intent?.spEntityId === sp.metadata.entityId ? candidates.find((r) => r.idRessource === intent.idRessource) : undefined;
  return clicked ?? (candidates.length === 1 ? candidates[0] : undefined);
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : { [key]: value } as Record<K, string>;
}
