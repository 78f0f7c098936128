/**
 * `/saml/idp/sso` (gar-reference §2 A step 4, and §2 B): a publisher's AuthnRequest.
 *
 * | step                                          | on failure                                    |
 * |-----------------------------------------------|-----------------------------------------------|
 * | federation reads it against the SP's metadata | a 4xx page; nothing is sent to any ACS        |
 * | a broker session (and no ForceAuthn)?         | yes: answer it now (answer-service-provider),  |
 * |                                               | once the ENT confirmed the person (confirmed-session) |
 * | IsPassive without a session                   | SAML NoPassive to the verified ACS            |
 * | which ENT: the `idENT` hint, the only one, else the discovery page |                          |
 * | login at the ENT; the ACS answers the publisher afterwards |                                  |
 */
import { readPublisherRequest, refusePublisher } from '../federation/index.js';
import type { IncomingAuthnRequest } from '../trust/index.js';
import { answerServiceProvider, type ServiceProviderTarget } from './answer-service-provider.js';
import { beginEntLogin, requireLoginConfigured } from './browser-session.js';
import { sessionForEntry } from './confirmed-session.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, LoginOutcome } from './login-outcome.js';
import { chooseEnt, registeredEnts } from './choose-ent.js';

const noPassive = 'urn:oasis:names:tc:SAML:2.0:status:NoPassive';

export async function handlePublisherRequest(
  deps: LoginDeps, ctx: LoginContext, incoming: IncomingAuthnRequest, entHint: string | undefined, cookies: BrowserCookies,
): Promise<LoginOutcome> {
  requireLoginConfigured(deps);
  const { request } = await readPublisherRequest(deps.partners, deps.downstream, incoming, ctx.now);
  const target: ServiceProviderTarget = {
    spEntityId: request.issuer, acsUrl: request.acsUrl, requestId: request.id, ...(request.relayState === undefined ? {} : { relayState: request.relayState }),
  };
  const downstream = { kind: 'service-provider' as const, ...target };
  const found = request.forceAuthn ? undefined : await sessionForEntry(deps, ctx, cookies, downstream, 'publisher');
  if (found?.kind === 'check') return found.outcome;
  if (found?.kind === 'session') return answerServiceProvider(deps, ctx, found.session, target, cookies);
  if (request.isPassive) {
    ctx.log.info({ event: 'login.denied', reason: 'NO_PASSIVE', sp: request.issuer });
    const reply = { acsUrl: request.acsUrl, inResponseTo: request.id, ...(request.relayState === undefined ? {} : { relayState: request.relayState }) };
    return { kind: 'post', post: refusePublisher(deps.downstream, reply, noPassive, 'No broker session', ctx.now), cookies: [] };
  }
  const entId = await chooseEnt(deps, ctx.now, entHint);
  if (entId === undefined) return { kind: 'discovery', ents: await registeredEnts(deps, ctx.now), cookies: [] };
  return beginEntLogin(deps, cookies, entId, downstream, ctx.now, request.forceAuthn ? 'force' : 'normal');
}

