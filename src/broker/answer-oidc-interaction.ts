/**
 * `/oidc/interaction/<uid>`: an OIDC publisher's authorization request (gar-reference §4), waiting
 * in oidc-provider, is decided here every time (the provider's policy never skips this step).
 *
 * | step                                                        | on failure                          |
 * |-------------------------------------------------------------|-------------------------------------|
 * | which resource: `idRessource`, else the click's (access intent) for this client, else the client's only one | ERR_LOGIN_RESOURCE_UNKNOWN, ERR_OIDC_RESOURCE_FORBIDDEN (another distributor's), ERR_LOGIN_RESOURCE_AMBIGUOUS |
 * | a broker session, recent enough for `prompt=login`/`max_age`? | no: the ENT (`idENT` hint, the only one, or the discovery page), back here afterwards |
 * | establishment, licence, contract, release (grant-access, shared by every protocol) | a French page; no code is issued |
 * | `oidc-finish`: federation grants this release to this authorization only |             |
 *
 * A resource belongs to the client only when it is of the client's technical distributor: a
 * publisher cannot obtain another distributor's resources by naming them.
 */
import { fail } from '../core/fail.js';
import type { ResourceDescription } from '../subscriptions/index.js';
import { openIntent } from './access-intent.js';
import { beginEntLogin, requireLoginConfigured } from './browser-session.js';
import { sessionForEntry } from './confirmed-session.js';
import { chooseEnt, registeredEnts } from './choose-ent.js';
import { grantAccess } from './grant-access.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, OidcInteractionOutcome } from './login-outcome.js';

export interface OidcInteractionRequest {
  readonly uid: string;
  readonly clientId: string;
  /** The client's technical distributor, from its registration. */
  readonly distributorId: string;
  readonly idRessource?: string;
  /** `idENT` (as given or base64), from the discovery page's choice. */
  readonly entHint?: string;
  /** `prompt=login` or `max_age`: a broker session opened before this instant does not do. */
  readonly loginNotBefore?: Date;
}

export async function answerOidcInteraction(
  deps: LoginDeps, ctx: LoginContext, request: OidcInteractionRequest, cookies: BrowserCookies,
): Promise<OidcInteractionOutcome> {
  requireLoginConfigured(deps);
  // Before any ENT round-trip: a request for an unknown or foreign resource stops here.
  const resource = await chooseResource(deps, ctx, request, cookies);
  const downstream = { kind: 'oidc-interaction' as const, uid: request.uid };
  const found = await sessionForEntry(deps, ctx, cookies, downstream, 'publisher');
  if (found.kind === 'check') return found.outcome;
  const session = found.kind === 'session' ? found.session : undefined;
  const fresh = session !== undefined && (request.loginNotBefore === undefined || session.createdAt >= request.loginNotBefore);
  if (session === undefined || !fresh) {
    const entId = await chooseEnt(deps, ctx.now, request.entHint);
    if (entId === undefined) return { kind: 'discovery', ents: await registeredEnts(deps, ctx.now), cookies: [] };
    const mode = request.loginNotBefore !== undefined ? 'force' : 'normal';
    return beginEntLogin(deps, cookies, entId, downstream, ctx.now, mode);
  }
  const { ido, attributes } = await grantAccess(deps, ctx, session, resource, cookies.intent);
  ctx.log.info({ event: 'login.oidc_granted', clientId: request.clientId, idRessource: resource.idRessource });
  return {
    kind: 'oidc-finish', uid: request.uid, sessionHash: session.idHash, sessionExpiresAt: session.expiresAt,
    accountId: ido, authenticatedAt: session.createdAt,
    claims: Object.fromEntries(attributes.map((a) => [a.name, [...a.values]])),
    cookies: cookies.intent === undefined ? [] : [{ name: 'gar_intent' }],
  };
}

async function chooseResource(deps: LoginDeps, ctx: LoginContext, request: OidcInteractionRequest, cookies: BrowserCookies): Promise<ResourceDescription> {
  const intent = openIntent(deps.intents, cookies.intent, ctx.now);
  const named = request.idRessource ?? (intent?.spEntityId === request.clientId ? intent.idRessource : undefined);
  if (named !== undefined) {
    const resource = await deps.resources.findResource(named);
    if (resource === undefined) throw fail('ERR_LOGIN_RESOURCE_UNKNOWN', 'Cette ressource est inconnue du service.', 'idRessource not in the catalogue');
    if (resource.distributeurTech.id !== request.distributorId) {
      ctx.log.warn({ event: 'login.denied', reason: 'RESOURCE_OF_ANOTHER_DISTRIBUTOR', clientId: request.clientId, idRessource: named });
      throw fail('ERR_OIDC_RESOURCE_FORBIDDEN', "Ce service n'est pas autorisé à ouvrir cette ressource.", `client of ${request.distributorId}`);
    }
    return resource;
  }
  const candidates = (await deps.resources.resourcesOfServiceProvider(request.clientId)).filter((r) => r.distributeurTech.id === request.distributorId);
  const only = candidates.length === 1 ? candidates[0] : undefined;
  if (only === undefined) {
    ctx.log.warn({ event: 'login.denied', reason: 'RESOURCE_AMBIGUOUS', clientId: request.clientId, candidates: candidates.length });
    throw fail('ERR_LOGIN_RESOURCE_AMBIGUOUS', "Le service n'a pas précisé la ressource demandée (paramètre idRessource).");
  }
  return only;
}
