/**
 * `/saml/idp/sso` (gar-reference §2 A step 4, and §2 B): a publisher's AuthnRequest.
 *
 * | step    |                                                          | on failure                          |
 * |---------|----------------------------------------------------------|-------------------------------------|
 * | read    | federation reads it against the SP's metadata            | a 4xx page; nothing sent to any ACS |
 * | session | a broker session (and no ForceAuthn), once the ENT       | IsPassive: SAML NoPassive to the    |
 * |         | confirmed the person (confirmed-session)                 | verified ACS; else the ENT's login  |
 * |         |                                                          | (login-at-ent), answered afterwards |
 * | decide, | answer-service-provider: the access decision, then the   |                                     |
 * | answer  | signed Response to the ACS                               |                                     |
 */
import { readPublisherRequest, refusePublisher } from '../federation/index.js';
import type { IncomingAuthnRequest } from '../trust/index.js';
import { definedFields } from '../core/defined-fields.js';
import { answerServiceProvider, type ServiceProviderTarget } from './answer-service-provider.js';
import { requireLoginConfigured } from './browser-session.js';
import { sessionForEntry } from './confirmed-session.js';
import type { LoginContext } from './login-context.js';
import { loginAtEnt } from './login-at-ent.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, LoginOutcome } from './login-outcome.js';

const noPassive = 'urn:oasis:names:tc:SAML:2.0:status:NoPassive';

export async function handlePublisherRequest(
  deps: LoginDeps,
  ctx: LoginContext,
  incoming: IncomingAuthnRequest,
  entHint: string | undefined,
  cookies: BrowserCookies,
): Promise<LoginOutcome> {
  requireLoginConfigured(deps);
  const { request } = await readPublisherRequest(deps.partners, deps.downstream, incoming, ctx.now);
  const target: ServiceProviderTarget = {
    spEntityId: request.issuer,
    acsUrl: request.acsUrl,
    requestId: request.id,
    ...definedFields({ relayState: request.relayState }),
  };
  const downstream = { kind: 'service-provider' as const, ...target };
  const found = request.forceAuthn ? undefined : await sessionForEntry(deps, ctx, cookies, downstream, 'publisher');
  if (found?.kind === 'check') return found.outcome;
  if (found?.kind === 'session') return answerServiceProvider(deps, ctx, found.session, target, cookies);
  if (request.isPassive) {
    ctx.log.info({ event: 'login.denied', reason: 'NO_PASSIVE', sp: request.issuer });
    const reply = {
      acsUrl: request.acsUrl,
      inResponseTo: request.id,
      ...definedFields({ relayState: request.relayState }),
    };
    const post = refusePublisher(deps.downstream, reply, noPassive, 'No broker session', ctx.now);
    return { kind: 'post', post, cookies: [] };
  }
  return loginAtEnt(deps, ctx, cookies, entHint, downstream, request.forceAuthn ? 'force' : 'normal');
}
