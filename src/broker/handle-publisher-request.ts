/**
 * `/saml/idp/sso` (gar-reference §2 A step 4, and §2 B): a publisher's AuthnRequest.
 *
 * | step                                          | on failure                                    |
 * |-----------------------------------------------|-----------------------------------------------|
 * | federation reads it against the SP's metadata | a 4xx page; nothing is sent to any ACS        |
 * | a broker session (and no ForceAuthn)?         | yes: answer it now (answer-service-provider)  |
 * | IsPassive without a session                   | SAML NoPassive to the verified ACS            |
 * | which ENT: the `idENT` hint, the only one, else the discovery page |                          |
 * | login at the ENT; the ACS answers the publisher afterwards |                                  |
 */
import { fail } from '../core/fail.js';
import { readPublisherRequest, refusePublisher } from '../federation/index.js';
import type { IncomingAuthnRequest } from '../trust/index.js';
import { answerServiceProvider, type ServiceProviderTarget } from './answer-service-provider.js';
import { beginEntLogin, currentSession, requireLoginConfigured } from './browser-session.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, LoginOutcome } from './login-outcome.js';
import { entIdPattern } from '../core/identifier-forms.js';

const noPassive = 'urn:oasis:names:tc:SAML:2.0:status:NoPassive';

export async function handlePublisherRequest(
  deps: LoginDeps, ctx: LoginContext, incoming: IncomingAuthnRequest, entHint: string | undefined, cookies: BrowserCookies,
): Promise<LoginOutcome> {
  requireLoginConfigured(deps);
  const { request } = await readPublisherRequest(deps.partners, deps.downstream, incoming, ctx.now);
  const target: ServiceProviderTarget = {
    spEntityId: request.issuer, acsUrl: request.acsUrl, requestId: request.id, ...(request.relayState === undefined ? {} : { relayState: request.relayState }),
  };
  const session = await currentSession(deps, cookies, ctx.now);
  if (session !== undefined && !request.forceAuthn) return answerServiceProvider(deps, ctx, session, target, cookies);
  if (request.isPassive) {
    ctx.log.info({ event: 'login.denied', reason: 'NO_PASSIVE', sp: request.issuer });
    const reply = { acsUrl: request.acsUrl, inResponseTo: request.id, ...(request.relayState === undefined ? {} : { relayState: request.relayState }) };
    return { kind: 'post', post: refusePublisher(deps.downstream, reply, noPassive, 'No broker session', ctx.now), cookies: [] };
  }
  const entId = await chooseEnt(deps, ctx, entHint);
  if (entId === undefined) return { kind: 'discovery', ents: await deps.partners.entsWithIdp(ctx.now), cookies: [] };
  return beginEntLogin(deps, cookies, entId, { kind: 'service-provider', ...target }, ctx.now, request.forceAuthn);
}


/** The hint as given or base64-encoded (GAR's médiacentre links encode it); the only ENT; else none. */
async function chooseEnt(deps: LoginDeps, ctx: LoginContext, hint: string | undefined): Promise<string | undefined> {
  if (hint !== undefined && hint !== '') {
    const decoded = Buffer.from(hint, 'base64').toString('utf8');
    for (const candidate of [hint, decoded]) {
      if (entIdPattern.test(candidate) && await deps.partners.idpOfEnt(candidate, ctx.now) !== undefined) return candidate;
    }
    throw fail('ERR_LOGIN_ENT_UNKNOWN', "Cet ENT n'est pas (ou plus) raccordé au service.", 'idENT hint names no registered ENT');
  }
  const ents = await deps.partners.entsWithIdp(ctx.now);
  return ents.length === 1 ? ents[0] : undefined;
}
