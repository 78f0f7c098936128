/**
 * OpenID Connect Back-Channel Logout 1.0 §2: a client that registered a `backchannel_logout_uri`
 * is told when the broker session that decided its authorization ends, by a logout token naming
 * its `sub` and the `sid` of its ID token. That `sid` is oidc-provider's, one per client and
 * provider session (`session.sidFor`), made when the authorization resumes with the broker's
 * grant; the code carries that very value to the ID token (process_response_types, for a client
 * that requires it). So the participant is recorded on the request that issues the code, before
 * the browser takes the code to the client: a logout ending the broker session from then on
 * finds it. Which broker session decided comes with the interaction's result.
 *
 * A participant that cannot be recorded stops the authorization (the error page replaces the
 * response, so the code never leaves): a client never told of the logout must not get tokens.
 */
import type { Client, KoaContextWithOIDC, Provider } from 'oidc-provider';
import { readBrokerSessionResult } from './interaction-broker-session.js';
import type { OidcParticipantRecorder, OidcSessionParticipant } from './oidc-session-participant.js';
import type { OidcProviderDeps, OidcProviderSettings } from './oidc-provider-settings.js';

/** The routes that issue codes (the token endpoint reads one too). */
const issuing = new Set(['authorization', 'resume']);

type Oidc = KoaContextWithOIDC['oidc'];

type RecordDeps = OidcProviderDeps & { readonly participants: OidcParticipantRecorder };

export function recordOidcParticipants(provider: Provider, settings: OidcProviderSettings, deps: RecordDeps): void {
  provider.use(async (koa, next) => {
    await next();
    const ctx = koa as KoaContextWithOIDC;
    // ctx.oidc is absent on paths no route matched.
    const oidc = ctx.oidc as Oidc | undefined;
    const client = oidc?.client;
    if (oidc === undefined || !issuing.has(oidc.route) || oidc.entities.AuthorizationCode === undefined) return;
    if (client?.backchannelLogoutUri === undefined) return;
    const now = deps.now();
    try {
      const { participant, keepUntil } = participantOf(oidc, client, now, settings.ttlSeconds.session);
      await deps.participants.record(participant, keepUntil);
    } catch (error) {
      const correlationId = (ctx.res as { locals?: { correlationId?: string } }).locals?.correlationId ?? 'inconnu';
      deps.logger.error({
        event: 'oidc.participant_unrecorded',
        correlationId,
        clientId: client.clientId,
        detail: String(error),
      });
      ctx.remove('Location');
      ctx.status = 500;
      ctx.type = 'html';
      ctx.body = settings.pages.error({ status: 500, correlationId });
    }
  });
}

function participantOf(
  oidc: Oidc,
  client: Client,
  now: Date,
  sessionSeconds: number,
): { readonly participant: OidcSessionParticipant; readonly keepUntil: Date } {
  const decided = readBrokerSessionResult(oidc.result);
  const sid = oidc.session?.sidFor(client.clientId);
  const subject = oidc.entities.AuthorizationCode?.accountId;
  if (decided === undefined || sid === undefined || subject === undefined) {
    throw new Error('a code without the broker session, sid or account that decided it');
  }
  return {
    participant: { kind: 'oidc', sessionHash: decided.sessionHash, partnerId: client.clientId, subject, sid, at: now },
    // Until the broker session ends; without its end, no later than a session begun now would.
    keepUntil: decided.expiresAt ?? new Date(now.getTime() + sessionSeconds * 1000),
  };
}
