/**
 * `/oidc/interaction/<uid>`: an OIDC publisher's authorization request (gar-reference §4), waiting
 * in oidc-provider, is decided here every time (the provider's policy never skips this step).
 *
 * | step     |                                                       | on failure                           |
 * |----------|-------------------------------------------------------|--------------------------------------|
 * | read     | oidc-routes: federation reads the waiting interaction | a page                               |
 * |          | and its client's registration                         |                                      |
 * | resource | `idRessource`, else the click's (access intent) if    | ERR_LOGIN_RESOURCE_UNKNOWN,          |
 * |          | the client's, else its only one; before any ENT       | ERR_OIDC_RESOURCE_FORBIDDEN,         |
 * |          | round trip                                            | ERR_LOGIN_RESOURCE_AMBIGUOUS         |
 * | session  | a broker session, recent enough for `prompt=login`/   | the ENT's login (login-at-ent), back |
 * |          | `max_age`                                             | here afterwards                      |
 * | decide   | establishment, licence, contract, release             | a French page; no code is issued     |
 * |          | (access-decision)                                     |                                      |
 * | answer   | `oidc-finish`: federation grants this release to this |                                      |
 * |          | authorization only (oidc-routes)                      |                                      |
 *
 * A resource is the client's only when it is of the client's technical distributor: a publisher
 * cannot obtain another distributor's resources by naming them.
 */
import { fail } from '../core/fail.js';
import { chooseResource, decideAccess, type ChosenResource } from './access-decision.js';
import { requireLoginConfigured } from './browser-session.js';
import { sessionForEntry } from './confirmed-session.js';
import type { LoginContext } from './login-context.js';
import { loginAtEnt } from './login-at-ent.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, OidcFinish, OidcInteractionOutcome } from './login-outcome.js';
import type { BrokerSession } from './ports.js';

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
  deps: LoginDeps,
  ctx: LoginContext,
  request: OidcInteractionRequest,
  cookies: BrowserCookies,
): Promise<OidcInteractionOutcome> {
  requireLoginConfigured(deps);
  const chosen = await clientResource(deps, ctx, request, cookies);
  const downstream = { kind: 'oidc-interaction' as const, uid: request.uid };
  const found = await sessionForEntry(deps, ctx, cookies, downstream, 'publisher');
  if (found.kind === 'check') return found.outcome;
  const session = found.kind === 'session' ? found.session : undefined;
  const { loginNotBefore } = request;
  const fresh = session !== undefined && (loginNotBefore === undefined || session.createdAt >= loginNotBefore);
  if (session === undefined || !fresh) {
    const mode = loginNotBefore === undefined ? 'normal' : 'force';
    return loginAtEnt(deps, ctx, cookies, request.entHint, downstream, mode);
  }
  return finishInteraction(deps, ctx, request, session, chosen, cookies);
}

/** The resource step for this client; no single resource is refused with a page (no code is issued). */
async function clientResource(
  deps: LoginDeps,
  ctx: LoginContext,
  request: OidcInteractionRequest,
  cookies: BrowserCookies,
): Promise<ChosenResource> {
  const { clientId: partnerId, distributorId, idRessource } = request;
  const chosen = await chooseResource(deps, ctx, { partnerId, distributorId, idRessource }, cookies.intent);
  if (chosen.kind === 'ambiguous') {
    throw fail(
      'ERR_LOGIN_RESOURCE_AMBIGUOUS',
      "Le service n'a pas précisé la ressource demandée (paramètre idRessource).",
    );
  }
  return chosen;
}

async function finishInteraction(
  deps: LoginDeps,
  ctx: LoginContext,
  request: OidcInteractionRequest,
  session: BrokerSession,
  chosen: ChosenResource,
  cookies: BrowserCookies,
): Promise<OidcFinish> {
  const { ido, attributes } = await decideAccess(deps, ctx, session, chosen);
  ctx.log.info({ event: 'login.oidc_granted', clientId: request.clientId, idRessource: chosen.resource.idRessource });
  return {
    kind: 'oidc-finish',
    uid: request.uid,
    sessionHash: session.idHash,
    sessionExpiresAt: session.expiresAt,
    accountId: ido,
    authenticatedAt: session.createdAt,
    claims: Object.fromEntries(attributes.map((a) => [a.name, [...a.values]])),
    cookies: cookies.intent === undefined ? [] : [{ name: 'gar_intent' }],
  };
}
