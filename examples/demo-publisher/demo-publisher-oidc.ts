/**
 * The demo publisher as an OpenID Connect relying party of the broker (gar-reference §4), built on
 * openid-client: authorization code with PKCE (S256), `state` and `nonce`, `scope=openid
 * scope.gar`, the `idRessource` parameter naming the resource, `client_secret_basic` at the token
 * endpoint; openid-client checks the ID token (signature, issuer, audience, expiry, nonce), then
 * userinfo's `sub` against it. The `state` also goes into a cookie of this site, so that a
 * callback is accepted only in the browser that started the login (RFC 6749 §10.12).
 */
import * as client from 'openid-client';

export interface DemoOidcSettings {
  readonly brokerUrl: string;
  readonly clientId: string;
  readonly secret: string;
  readonly redirectUri: string;
  /** Registered as the client's `backchannel_logout_uri`. */
  readonly backchannelLogoutUri: string;
}

export interface OidcVerifiedAnswer {
  /** The resource page the login was started for. */
  readonly path: string;
  /** userinfo's GAR attributes (each a list of strings), `sub` left out. */
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  readonly sub: string;
  readonly issuer: string;
  /** The ID token's audience: this client. */
  readonly audience: string;
  /** The GAR attributes the ID token carries too. */
  readonly idTokenAttributes: readonly string[];
  /** The ID token's `sid` (the broker session), which a back-channel logout token may name. */
  readonly sid?: string;
}

/** What the back-channel logout's verification needs from the broker's discovery document. */
export interface OidcProviderKeys {
  readonly issuer: string;
  readonly jwksUri: string;
  /** `id_token_signing_alg_values_supported`, `none` left out. */
  readonly algorithms: readonly string[];
}

export interface DemoPublisherOidc {
  /** The broker URL the browser goes to, and the `state` to keep in the browser's cookie. */
  start(path: string, idRessource: string): Promise<{ readonly url: string; readonly state: string }>;
  /** `callbackUrl`: the full callback URL the browser came back to; `state`: the cookie's. */
  finish(callbackUrl: URL, state: string | undefined): Promise<OidcVerifiedAnswer>;
  provider(): Promise<OidcProviderKeys>;
}

export const oidcStateCookie = 'editions_demo_oidc_state';

/** A login waits at most this long for the broker's answer. */
const pendingMs = 10 * 60_000;

interface Pending {
  readonly path: string;
  readonly verifier: string;
  readonly nonce: string;
  readonly at: number;
}

export function createDemoPublisherOidc(settings: DemoOidcSettings): DemoPublisherOidc {
  let discovered: Promise<client.Configuration> | undefined;
  // Discovered at the first login (the broker is up by then), kept; a failed discovery is tried again next time.
  const configuration = (): Promise<client.Configuration> => {
    discovered ??= client
      .discovery(
        new URL(`${settings.brokerUrl}/oidc`),
        settings.clientId,
        undefined,
        client.ClientSecretBasic(settings.secret),
        {
          // The demo broker's issuer is http://localhost:8080/oidc: openid-client refuses plain http
          // unless told. Acceptable here only, where nothing leaves the machine; a real publisher
          // talks to an https issuer and never sets this.
          execute: [client.allowInsecureRequests],
        },
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };
  const pending = new Map<string, Pending>();
  return {
    async start(path, idRessource) {
      const config = await configuration();
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: 'openid scope.gar',
        state,
        nonce,
        idRessource,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      forgetOld(pending);
      pending.set(state, { path, verifier, nonce, at: Date.now() });
      return { url: url.href, state };
    },
    async finish(callbackUrl, state) {
      const started = state === undefined ? undefined : pending.get(state);
      if (state === undefined || started === undefined)
        throw new Error('callback without a login of this browser (state cookie missing or unknown)');
      pending.delete(state);
      const config = await configuration();
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: started.verifier,
        expectedState: state,
        expectedNonce: started.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (idToken === undefined) throw new Error('no ID token');
      const { sub, ...attributes } = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
      return {
        path: started.path,
        sub,
        issuer: idToken.iss,
        audience: [idToken.aud].flat().join(' '),
        attributes: garAttributes(attributes),
        idTokenAttributes: Object.keys(garAttributes(idToken)),
        ...(typeof idToken['sid'] === 'string' ? { sid: idToken['sid'] } : {}),
      };
    },
    async provider() {
      const metadata = (await configuration()).serverMetadata();
      if (metadata.jwks_uri === undefined) throw new Error('the discovery document names no jwks_uri');
      const algorithms = (metadata.id_token_signing_alg_values_supported ?? ['RS256']).filter((alg) => alg !== 'none');
      return { issuer: metadata.issuer, jwksUri: metadata.jwks_uri, algorithms };
    },
  };
}

/** The GAR claims: upper-case codes whose value is a list of strings (the standard claims are left out). */
function garAttributes(claims: Readonly<Record<string, unknown>>): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (/^[A-Z][A-Z0-9_]*$/.test(name) && Array.isArray(value)) out[name] = value.map(String);
  }
  return out;
}

function forgetOld(pending: Map<string, Pending>): void {
  const limit = Date.now() - pendingMs;
  for (const [state, entry] of pending) if (entry.at < limit) pending.delete(state);
}
