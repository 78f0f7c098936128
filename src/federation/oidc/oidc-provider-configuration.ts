/**
 * The OpenID Provider's configuration, every choice in one place (gar-reference §4: authorization
 * code with PKCE, `scope=openid scope.gar`, an `idRessource` parameter):
 *
 * | choice                                                 | why                                                |
 * |--------------------------------------------------------|----------------------------------------------------|
 * | response type `code` only, PKCE S256 for every client  | no token in a browser's URL (RFC 9700 §2.1.1)      |
 * | client auth: secret (basic, post) or `private_key_jwt` | `none` and HMAC-JWT refused: a publisher is a      |
 * |                                                        |   confidential client                              |
 * | no refresh token, no `offline_access`                  | each access is a new authorization, decided again  |
 * | every authorization through the broker's route         | brokerInteractionPolicy; no grant reused           |
 * | release claims in the ID token too                     | the signed ID token is the SAML assertion's        |
 * |   (`conformIdTokenClaims: false`)                      |   counterpart; it travels back-channel (code flow) |
 * | tokens live their TTL, not the OP session              | the broker session is the session; see findAccount |
 * | no devInteractions, no registration, no                | fewer doors                                        |
 * |   PAR/DPoP/resource indicators, no CORS                |                                                    |
 * | back-channel logout URI per client; its ID token then  | a broker session's end reaches it                  |
 * |   carries `sid`                                        |                                                    |
 * | oidc-provider makes no outgoing request (`fetch`       | the broker sends each logout token once, itself    |
 * |   refuses)                                             |                                                    |
 */
import type { Configuration, ErrorOut, KoaContextWithOIDC } from 'oidc-provider';
import { cookiesSecureFor } from '../../core/cookie-security.js';
import { brokerInteractionPolicy } from './broker-interaction-policy.js';
import { oidcClaims, oidcScopes } from './gar-oidc-claims.js';
import { findRelease } from './gar-releases.js';
import { oidcStoreAdapter } from './oidc-store-adapter.js';
import type { OidcProviderDeps, OidcProviderSettings } from './oidc-provider-settings.js';

/** The rules a client's metadata must meet: the provider's and registerOidcClient's validation share them. */
export const oidcClientRules = {
  responseTypes: ['code'],
  clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
  enabledJWA: { clientAuthSigningAlgValues: ['RS256', 'PS256', 'ES256', 'EdDSA'], idTokenSigningAlgValues: ['RS256'] },
  pkce: { required: () => true },
  // `backchannel_logout_uri` and `backchannel_logout_session_required` are client metadata only with it.
  features: { backchannelLogout: { enabled: true } },
} satisfies Configuration;

export function oidcProviderConfiguration(settings: OidcProviderSettings, deps: OidcProviderDeps): Configuration {
  const { ttlSeconds: ttl } = settings;
  // A grant must outlive the code and the access token obtained with it at the code's last second.
  const grantSeconds = ttl.code + Math.max(ttl.accessToken, ttl.idToken);
  // Secure from the issuer's scheme (the public URL), not from the request: oidc-provider-source.ts
  // lets the provider set them on requests a TLS-terminating proxy forwards over plain HTTP.
  const secure = cookiesSecureFor(settings.issuer);
  return {
    ...oidcClientRules,
    adapter: oidcStoreAdapter({ payloads: deps.payloads, clients: deps.clients, now: deps.now }),
    jwks: { keys: settings.signingKeys.map((key) => ({ ...key })) },
    // Names of our own (not oidc-provider's `_session`…): an ENT's or a publisher's oidc-provider
    // on a parent domain could otherwise set cookies the broker's provider would read as its own.
    cookies: {
      names: { session: 'gar_oidc_session', interaction: 'gar_oidc_interaction', resume: 'gar_oidc_resume' },
      keys: [...settings.cookieKeys],
      long: { httpOnly: true, sameSite: 'lax', secure },
      short: { httpOnly: true, sameSite: 'lax', secure },
    },
    scopes: [...oidcScopes],
    claims: oidcClaims(settings.releaseCodes),
    conformIdTokenClaims: false,
    extraParams: ['idRessource'],
    allowOmittingSingleRegisteredRedirectUri: false,
    clientBasedCORS: () => false,
    expiresWithSession: async () => false,
    issueRefreshToken: async () => false,
    loadExistingGrant: async (ctx) => {
      // Only the grant the interaction route has just made: never one remembered by the session.
      const grantId = ctx.oidc.result?.consent?.grantId;
      return typeof grantId === 'string' ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    findAccount: async (ctx, sub, token) => {
      const grantId = token?.grantId ?? ctx.oidc.entities.Grant?.jti;
      const release = grantId === undefined ? undefined : await findRelease(deps.payloads, grantId, deps.now());
      // A token whose release is gone (expired, revoked) names no account: nothing is issued.
      if (token !== undefined && release?.accountId !== sub) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...release?.claims }) };
    },
    interactions: {
      policy: brokerInteractionPolicy(),
      url: (_ctx, interaction) => `/oidc/interaction/${interaction.uid}`,
    },
    ttl: {
      AuthorizationCode: ttl.code,
      AccessToken: ttl.accessToken,
      IdToken: ttl.idToken,
      Grant: grantSeconds,
      Interaction: ttl.interaction,
      Session: ttl.session,
    },
    features: features(settings),
    fetch: refuseOutgoingRequest,
    renderError: async (ctx, out, error) => renderError(ctx, out, error, settings, deps),
  };
}

/** Userinfo and the logout pages; every other door shut. */
function features(settings: OidcProviderSettings): Configuration['features'] {
  return {
    ...oidcClientRules.features,
    devInteractions: { enabled: false },
    userinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.type = 'html';
        ctx.body = settings.pages.logout(form);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.type = 'html';
        ctx.body = settings.pages.loggedOut();
      },
    },
    pushedAuthorizationRequests: { enabled: false },
    dPoP: { enabled: false },
    resourceIndicators: { enabled: false },
    registration: { enabled: false },
    clientCredentials: { enabled: false },
    introspection: { enabled: false },
    revocation: { enabled: false },
  };
}

/**
 * No duplicate logout token. With back-channel logout on, end_session's confirmation POSTs one to
 * each client of the provider's own session; but that confirmation also ends the broker session
 * (end-broker-session-on-oidc-logout.ts), whose end tells every participant once, OIDC clients
 * included (sendOidcBackchannelLogouts, which POSTs itself). The feature stays on (without it no
 * client may register a URI and ID tokens carry no `sid`), and so do the session's authorizations
 * (end_session revokes their grants): the provider's own attempt stops here, before any connection
 * (it emits `backchannel.error`, not logged). Nothing else would fetch: clients register their keys
 * inline (`jwks`), never a `jwks_uri` nor a `sector_identifier_uri`.
 */
async function refuseOutgoingRequest(): Promise<Response> {
  throw new Error('oidc-provider sends nothing itself: the broker sends back-channel logout tokens');
}

/**
 * A French page with the correlation id; the error and its description go to the log only (here,
 * with the page's status; log-oidc-events logs the endpoint's refusal too).
 */
async function renderError(
  ctx: KoaContextWithOIDC,
  out: ErrorOut,
  error: unknown,
  settings: OidcProviderSettings,
  deps: OidcProviderDeps,
): Promise<void> {
  const correlationId = (ctx.res as { locals?: { correlationId?: string } }).locals?.correlationId ?? 'inconnu';
  const status = Math.max(ctx.status, 400);
  deps.logger[status >= 500 ? 'error' : 'info']({
    event: 'oidc.error_page',
    correlationId,
    status,
    error: out.error,
    detail: out.error_description,
    ...(status >= 500 && error instanceof Error ? { stack: error.stack } : {}),
  });
  ctx.type = 'html';
  ctx.body = settings.pages.error({ status, correlationId });
}
