/**
 * OpenID Connect Back-Channel Logout 1.0 §2.5–§2.8: tells each OIDC participant of ended broker
 * sessions, by a POST of a logout token to the client's `backchannel_logout_uri`. The token is
 * oidc-provider's own (`IdToken`, `use: 'logout'`, as its `client.backchannelLogout` makes it):
 * signed with the provider's keys, `typ: logout+jwt`, `iss`, `aud` = client id, `iat`, `exp`,
 * `jti`, the logout event, `sub`, and `sid` when the client requires it; never a `nonce` (§2.4).
 * The POST is the broker's, not the provider's (whose `fetch` refuses everything, see
 * oidc-provider-configuration.ts), so each one is bounded by the broker's timeout.
 *
 * Best effort, in parallel: a logout never waits longer than the timeout nor fails because a
 * client did; a failure is logged with the client id (never the token) and not retried. Redirects
 * are not followed: the address is the registered one, and a redirect could carry the token away.
 */
import { randomUUID } from 'node:crypto';
import type { Client, Provider } from 'oidc-provider';
import type { Logger } from '../../core/logger.js';
import type { OidcSessionParticipant } from './oidc-session-participant.js';

const logoutEvent = 'http://schemas.openid.net/event/backchannel-logout';

/** The participants of ended sessions as the broker's store gives them; other kinds are not OIDC's to tell. */
export type EndedSessionParticipant = OidcSessionParticipant | { readonly kind: 'saml' };

type Outcome = 'sent' | 'failed' | 'skipped';

export async function sendOidcBackchannelLogouts(
  provider: Provider,
  participants: readonly EndedSessionParticipant[],
  timeoutMs: number,
  log: Logger,
): Promise<{ readonly sent: number; readonly failed: number }> {
  const oidc = participants.filter((p): p is OidcSessionParticipant => p.kind === 'oidc');
  const outcomes = await Promise.all(oidc.map((p) => tell(provider, p, timeoutMs, log)));
  return { sent: outcomes.filter((o) => o === 'sent').length, failed: outcomes.filter((o) => o === 'failed').length };
}

async function tell(
  provider: Provider,
  participant: OidcSessionParticipant,
  timeoutMs: number,
  log: Logger,
): Promise<Outcome> {
  const clientId = participant.partnerId;
  try {
    const client = await provider.Client.find(clientId);
    if (client === undefined) {
      log.warn({ event: 'oidc.backchannel_logout_failed', clientId, reason: 'client_unknown' });
      return 'failed';
    }
    const uri = client.backchannelLogoutUri;
    if (uri === undefined) {
      // Its registration dropped the URI since: nothing to tell.
      log.info({ event: 'oidc.backchannel_logout_skipped', clientId });
      return 'skipped';
    }
    const response = await fetch(uri, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: await logoutToken(provider, client, participant) }).toString(),
    });
    await response.body?.cancel();
    // §2.8: the RP answers 200 on success (204 is common, and oidc-provider accepts it too).
    if (response.status === 200 || response.status === 204) {
      log.info({ event: 'oidc.backchannel_logout_sent', clientId });
      return 'sent';
    }
    log.warn({ event: 'oidc.backchannel_logout_failed', clientId, status: response.status });
    return 'failed';
  } catch (error) {
    const reason = error instanceof Error ? error.name : 'error';
    log.warn({ event: 'oidc.backchannel_logout_failed', clientId, reason });
    return 'failed';
  }
}

async function logoutToken(provider: Provider, client: Client, participant: OidcSessionParticipant): Promise<string> {
  const token = new provider.IdToken({}, { client });
  token.set('sub', participant.subject);
  token.set('events', { [logoutEvent]: {} });
  token.set('jti', randomUUID());
  // §2.4: `sid` names the session to end; a client that did not require it got none in its ID token.
  if (client.backchannelLogoutSessionRequired === true) token.set('sid', participant.sid);
  return token.issue({ use: 'logout' });
}
