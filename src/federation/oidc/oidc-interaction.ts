/**
 * The two ends of the broker's interaction route, in oidc-provider's terms: what the waiting
 * authorization request asks (read), and its answer (finish): a grant of the requested scopes made
 * for this authorization only, the release saved beside it, and the browser sent back to
 * oidc-provider, which issues the code.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from 'oidc-provider';
import { fail } from '../../core/fail.js';
import type { OidcPayloadStore } from '../ports.js';
import { oidcScopes } from './gar-oidc-claims.js';
import { saveRelease, type GarRelease } from './gar-releases.js';
import { brokerSessionResult } from './interaction-broker-session.js';
import { definedFields } from '../../core/defined-fields.js';

export interface OidcInteraction {
  readonly uid: string;
  readonly clientId: string;
  readonly idRessource?: string;
  readonly scopes: readonly string[];
  readonly createdAt: Date;
  /** `prompt=login` or `max_age`: only an ENT login at or after this instant will do. */
  readonly loginNotBefore?: Date;
}

/** Where the interaction remembers when it sent the browser to the ENT for a fresh login. */
const loginRequestedAt = 'garLoginRequestedAt';

type Http = { readonly req: IncomingMessage; readonly res: ServerResponse };

/** Throws ERR_OIDC_INTERACTION_UNKNOWN when the browser brings no live interaction of this uid. */
export async function readOidcInteraction(
  provider: Provider,
  http: Http,
  uid: string,
  now: Date,
): Promise<OidcInteraction> {
  const interaction = await details(provider, http);
  if (interaction.uid !== uid) throw unknownInteraction('uid and cookie differ');
  const params = interaction.params;
  const createdAt = new Date(interaction.iat * 1000);
  const loginNotBefore = freshLoginBound(params, interaction.result?.[loginRequestedAt], now);
  return {
    uid,
    clientId: String(params['client_id']),
    ...(typeof params['idRessource'] === 'string' && params['idRessource'] !== ''
      ? { idRessource: params['idRessource'] }
      : {}),
    scopes: typeof params['scope'] === 'string' ? params['scope'].split(' ') : [],
    createdAt,
    ...definedFields({ loginNotBefore }),
  };
}

/**
 * OIDC Core §3.1.2.1: `prompt=login` asks for a new authentication, `max_age` for one at most that
 * old. Once the route has sent the browser to the ENT for it (markOidcLoginRequested), a login made
 * since then satisfies both; before, `prompt=login` refuses any existing broker session.
 */
function freshLoginBound(params: Record<string, unknown>, requestedAt: unknown, now: Date): Date | undefined {
  const prompts = typeof params['prompt'] === 'string' ? params['prompt'].split(' ') : [];
  const maxAge =
    typeof params['max_age'] === 'string' || typeof params['max_age'] === 'number'
      ? Number(params['max_age'])
      : undefined;
  const bounded = maxAge !== undefined && Number.isFinite(maxAge);
  if (!prompts.includes('login') && !bounded) return undefined;
  if (typeof requestedAt === 'number') return new Date(requestedAt);
  return prompts.includes('login') ? new Date(now.getTime() + 1) : new Date(now.getTime() - (maxAge as number) * 1000);
}

/** Remembers that the browser goes to the ENT for the fresh login `prompt`/`max_age` asked. */
export async function markOidcLoginRequested(provider: Provider, http: Http, at: Date): Promise<void> {
  const interaction = await details(provider, http);
  interaction.result = { [loginRequestedAt]: at.getTime() };
  await interaction.save(Math.max(1, interaction.exp - Math.floor(Date.now() / 1000)));
}

export interface OidcAnswer extends GarRelease {
  /** When the ENT authenticated the person (the ID token's `auth_time`). */
  readonly authenticatedAt: Date;
  /** The broker session that decided it: its end is told to the client (recordOidcParticipants). */
  readonly sessionHash: string;
  /** That session's absolute end: how long its participant is kept (else `ttlSeconds.session` from now). */
  readonly sessionExpiresAt?: Date;
}

export async function finishOidcInteraction(
  provider: Provider,
  http: Http,
  payloads: OidcPayloadStore,
  answer: OidcAnswer,
): Promise<void> {
  const interaction = await details(provider, http);
  const clientId = String(interaction.params['client_id']);
  // oidc-provider's own session may remember another account (one IDO per distributor): it is
  // dropped, or oidc-provider would ask the browser to log out first. The broker session stays.
  if (interaction.session !== undefined && interaction.session.accountId !== answer.accountId) {
    const session = await provider.Session.findByUid(interaction.session.uid);
    await session?.destroy();
    delete interaction.session;
    await interaction.save(Math.max(1, interaction.exp - Math.floor(Date.now() / 1000)));
  }
  const grant = new provider.Grant({ accountId: answer.accountId, clientId });
  const requested = new Set(
    typeof interaction.params['scope'] === 'string' ? interaction.params['scope'].split(' ') : [],
  );
  grant.addOIDCScope(oidcScopes.filter((s) => requested.has(s)).join(' '));
  const grantId = await grant.save();
  // The release goes when its grant goes (ttl.Grant).
  const expiresAt = new Date(Date.now() + grant.remainingTTL * 1000);
  await saveRelease(payloads, grantId, { accountId: answer.accountId, claims: answer.claims }, expiresAt);
  await provider.interactionFinished(
    http.req,
    http.res,
    {
      login: { accountId: answer.accountId, ts: Math.floor(answer.authenticatedAt.getTime() / 1000), remember: false },
      consent: { grantId },
      ...brokerSessionResult(answer.sessionHash, answer.sessionExpiresAt),
    },
    { mergeWithLastSubmission: false },
  );
}

async function details(provider: Provider, http: Http) {
  try {
    return await provider.interactionDetails(http.req, http.res);
  } catch (error) {
    throw unknownInteraction(error instanceof Error ? error.message : String(error));
  }
}

function unknownInteraction(detail: string): Error {
  return fail(
    'ERR_OIDC_INTERACTION_UNKNOWN',
    'Cette demande de connexion a expiré ou a été ouverte dans un autre navigateur : recommencez depuis le service.',
    detail,
  );
}
