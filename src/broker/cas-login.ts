/**
 * `/cas/login` (CAS protocol 3.0 §2.1): a publisher's site sends the browser here with its
 * `service` URL; the broker sends it back there with a service ticket.
 *
 * | step    |                                                        | on failure                          |
 * |---------|--------------------------------------------------------|-------------------------------------|
 * | read    | the service is registered, exactly (§2.1.1)            | ERR_CAS_SERVICE_UNKNOWN page; never |
 * |         |                                                        | a redirect to it                    |
 * | session | a broker session, and no `renew`                       | `gateway`: back to the service      |
 * |         |                                                        | without ticket (§2.1.1); else the   |
 * |         |                                                        | ENT's login (login-at-ent)          |
 * | decide  | the service's resource; establishment, licence and     | ERR_LOGIN_NOT_ENTITLED… page: no    |
 * |         | contract now (access-decision's admitAccess); the      | ticket                              |
 * |         | release when the ticket is validated                   |                                     |
 * | answer  | a single-use ticket, valid `cas.ticketSeconds` (≤ 10 s)|                                     |
 * |         | → redirect to the service with `ticket=` (§2.2.4)      |                                     |
 *
 * After the ENT login, `casTicketAfterEntLogin` issues the ticket at once, marked as coming from
 * that login (so `renew` is honoured by the ENT's fresh login, and a validation with `renew` can
 * tell such a ticket from one issued from an existing session).
 */
import { randomBytes } from 'node:crypto';
import { fail } from '../core/fail.js';
import type { CasServiceRecord } from '../federation/index.js';
import { admitAccess, registeredResource } from './access-decision.js';
import { requireLoginConfigured } from './browser-session.js';
import { sessionForEntry } from './confirmed-session.js';
import type { CasDeps } from './cas-deps.js';
import type { LoginContext } from './login-context.js';
import { loginAtEnt } from './login-at-ent.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, LoginOutcome } from './login-outcome.js';
import type { BrokerSession } from './ports.js';

export interface CasLoginRequest {
  readonly service?: string;
  readonly renew?: boolean;
  readonly gateway?: boolean;
  /** The ENT chosen on the discovery page, or a link's hint (as `/saml/idp/sso` reads it). */
  readonly entHint?: string;
}

export async function casLogin(
  deps: LoginDeps,
  ctx: LoginContext,
  request: CasLoginRequest,
  cookies: BrowserCookies,
): Promise<LoginOutcome> {
  requireLoginConfigured(deps);
  const cas = requireCas(deps);
  const service = await registeredService(cas, request.service);
  const downstream = { kind: 'cas' as const, service: service.serviceUrl };
  const found = request.renew === true ? undefined : await sessionForEntry(deps, ctx, cookies, downstream, 'publisher');
  if (found?.kind === 'check') return found.outcome;
  if (found?.kind === 'session') return issueTicket(deps, cas, ctx, found.session, service, cookies, false);
  if (request.gateway === true && request.renew !== true) {
    // §2.1.1: gateway never asks for credentials; the service learns there is no session.
    ctx.log.info({ event: 'cas.gateway_without_session', idRessource: service.idRessource });
    return { kind: 'redirect', location: service.serviceUrl, cookies: [] };
  }
  return loginAtEnt(deps, ctx, cookies, request.entHint, downstream, request.renew === true ? 'force' : 'normal');
}

/** Back from the ENT login a CAS login asked for: the ticket, issued from that new login. */
export async function casTicketAfterEntLogin(
  deps: LoginDeps,
  ctx: LoginContext,
  session: BrokerSession,
  serviceUrl: string,
  cookies: BrowserCookies,
  fromNewLogin: boolean,
): Promise<LoginOutcome> {
  const cas = requireCas(deps);
  return issueTicket(deps, cas, ctx, session, await registeredService(cas, serviceUrl), cookies, fromNewLogin);
}

export function requireCas(deps: Pick<LoginDeps, 'cas'>): CasDeps {
  if (deps.cas === undefined) {
    throw fail('ERR_LOGIN_NOT_CONFIGURED', "Le service CAS n'est pas activé.", 'cas is not composed');
  }
  return deps.cas;
}

/** §2.1.1: only a registered service, compared octet for octet with the registration. */
async function registeredService(cas: CasDeps, service: string | undefined): Promise<CasServiceRecord> {
  const usable = service !== undefined && service !== '' && service.length <= 2048;
  const found = usable ? await cas.services.find(service) : undefined;
  if (found === undefined || found.serviceUrl !== service) {
    throw fail(
      'ERR_CAS_SERVICE_UNKNOWN',
      "Ce site n'est pas raccordé au service de connexion : revenez à votre ENT.",
      service === undefined ? 'no service' : `service length ${service.length}`,
    );
  }
  return found;
}

async function issueTicket(
  deps: LoginDeps,
  cas: CasDeps,
  ctx: LoginContext,
  session: BrokerSession,
  service: CasServiceRecord,
  cookies: BrowserCookies,
  fromNewLogin: boolean,
): Promise<LoginOutcome> {
  const chosen = await registeredResource(deps, ctx, service.idRessource, cookies.intent);
  // Licence and contract now; the release is computed once, when the ticket is validated.
  const { uai } = await admitAccess(deps, ctx, session, chosen);
  const { idRessource } = chosen.resource;
  const ticket = `ST-${randomBytes(32).toString('base64url')}`;
  await cas.tickets.issue({
    ticket,
    serviceUrl: service.serviceUrl,
    sessionHash: session.idHash,
    entId: session.entId,
    personId: session.personId,
    uai,
    idRessource,
    createdAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + cas.ticketSeconds * 1000),
    keepUntil: session.expiresAt,
    fromNewLogin,
  });
  ctx.log.info({ event: 'cas.ticket_issued', idRessource, uai });
  const cleared = cookies.intent === undefined ? [] : [{ name: 'gar_intent' as const }];
  return { kind: 'redirect', location: withTicket(service.serviceUrl, ticket), cookies: cleared };
}

/** §2.2.4: the service URL as registered, its own query kept, `ticket` appended. */
function withTicket(serviceUrl: string, ticket: string): string {
  return `${serviceUrl}${serviceUrl.includes('?') ? '&' : '?'}ticket=${encodeURIComponent(ticket)}`;
}
