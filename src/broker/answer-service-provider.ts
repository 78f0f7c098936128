/**
 * The decision and the answer for a publisher's verified AuthnRequest, for a browser with a
 * broker session (now, or after its ENT login):
 *
 * | step                                                           | on failure                        |
 * |----------------------------------------------------------------|-----------------------------------|
 * | the SP is still registered                                     | ERR_LOGIN_SP_UNKNOWN page         |
 * | decide: which resource (the click's if the SP's, else the SP's | SAML RequestDenied to its ACS     |
 * | only one), then establishment, licence, contract, release      | a page (access-decision)          |
 * | answer: the signed (and encrypted) Response posted to the ACS  |                                   |
 * | of the SP's metadata; recorded for its logout                  |                                   |
 */
import { answerPublisher, refusePublisher } from '../federation/index.js';
import { definedFields } from '../core/defined-fields.js';
import { fail } from '../core/fail.js';
import { chooseResource, decideAccess } from './access-decision.js';
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
  deps: LoginDeps,
  ctx: LoginContext,
  session: BrokerSession,
  target: ServiceProviderTarget,
  cookies: BrowserCookies,
): Promise<LoginOutcome> {
  const sp = await deps.partners.spByEntityId(target.spEntityId, ctx.now);
  if (sp === undefined) {
    throw fail('ERR_LOGIN_SP_UNKNOWN', "Ce service n'est pas (ou plus) raccordé.", 'SP gone since its request');
  }
  const reply = {
    acsUrl: target.acsUrl,
    ...definedFields({ inResponseTo: target.requestId, relayState: target.relayState }),
  };
  const partner = { partnerId: sp.metadata.entityId, distributorId: sp.distributorId };
  const chosen = await chooseResource(deps, ctx, partner, cookies.intent);
  if (chosen.kind === 'ambiguous') {
    const post = refusePublisher(deps.downstream, reply, requestDenied, 'No single resource for this request', ctx.now);
    return { kind: 'post', post, cookies: [] };
  }
  const { attributes } = await decideAccess(deps, ctx, session, chosen);
  const sent = answerPublisher(
    deps.downstream,
    {
      sp: sp.metadata,
      ...reply,
      authnInstant: session.createdAt,
      attributes,
    },
    ctx.now,
  );
  // Its logout must name this assertion (saml-profiles §4.4): only an SP that can receive one is recorded.
  if (sp.metadata.singleLogout.length > 0) {
    await deps.participants.record(
      {
        kind: 'saml',
        sessionHash: session.idHash,
        partnerId: sp.metadata.entityId,
        at: ctx.now,
        nameId: sent.nameId,
        nameIdFormat: sent.nameIdFormat,
        sessionIndex: sent.sessionIndex,
      },
      session.expiresAt,
    );
  }
  ctx.log.info({
    event: 'login.assertion_sent',
    sp: sp.metadata.entityId,
    idRessource: chosen.resource.idRessource,
    solicited: target.requestId !== undefined,
  });
  return { kind: 'post', post: sent.post, cookies: cookies.intent === undefined ? [] : [{ name: 'gar_intent' }] };
}
