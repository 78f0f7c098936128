/**
 * The answer to a publisher's verified AuthnRequest, for a browser with a broker session:
 *
 * | step                                          | on failure                                   |
 * |-----------------------------------------------|----------------------------------------------|
 * | the SP is still registered                    | ERR_LOGIN_SP_UNKNOWN page                    |
 * | which resource: the access intent of the click, else the SP's only resource | SAML RequestDenied to its ACS |
 * | which establishment: the click's, the session's, else the first that allows it |             |
 * | licence and contract (decide-access)          | ERR_LOGIN_NOT_ENTITLED / NO_CONTRACT page    |
 * | release (directory → contract → filter → IDO) |                                              |
 * | signed (and encrypted) Response posted to the ACS of the SP's metadata |                     |
 *
 * A resource belongs to the SP only when the SP is registered for the resource's technical
 * distributor: a publisher cannot receive another distributor's resources by naming them.
 */
import { answerPublisher, refusePublisher, type RegisteredSp } from '../federation/index.js';
import { fail } from '../core/fail.js';
import type { ResourceDescription } from '../subscriptions/index.js';
import { openIntent, type AccessIntent } from './access-intent.js';
import { checkAccess, chooseEstablishment, releaseFor } from './decide-access.js';
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
  const person = { entId: session.entId, personId: session.personId };
  const uai = intent?.idRessource === resource.idRessource ? intent.uai : session.uai ?? await chooseEstablishment(deps, ctx, person, resource);
  const contract = await checkAccess(deps, ctx, person, uai, resource);
  const attributes = await releaseFor(deps, ctx, person, uai, resource, contract);
  const post = answerPublisher(deps.downstream, {
    sp: sp.metadata, ...reply, authnInstant: session.createdAt, attributes,
  }, ctx.now);
  ctx.log.info({ event: 'login.assertion_sent', sp: sp.metadata.entityId, idRessource: resource.idRessource, solicited: target.requestId !== undefined });
  return { kind: 'post', post, cookies: cookies.intent === undefined ? [] : [{ name: 'gar_intent' }] };
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
