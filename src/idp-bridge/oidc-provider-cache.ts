/**
 * Each ENT provider's discovery document and JWKS, fetched once and reused for
 * `oidc.discoveryCacheMinutes` per process (keyed by ENT project and issuer, so a registration
 * moved to another issuer is rediscovered at once). Concurrent logins share one fetch; a failed
 * fetch is not remembered. The JWKS is jose's remote key set: cached as long, and fetched again
 * when a token names a key id it does not hold (at most every 30 s), which is how a provider's key
 * rotation reaches the broker before the cache expires.
 */
import { createRemoteJWKSet, customFetch as joseFetch, type JWTVerifyGetKey } from 'jose';
import { allowInsecureRequests, customFetch, discovery, type ServerMetadata } from 'openid-client';
import { boundedFetch } from './bounded-fetch.js';
import { fail } from '../core/fail.js';
import type { OidcUpstreamSettings } from './oidc-upstream-settings.js';
import type { OidcEntRegistration } from './ports.js';

/** A discovered provider: its metadata as verified below, and its keys. */
export interface OidcProvider {
  readonly server: ServerMetadata;
  readonly keys: JWTVerifyGetKey;
}

export interface OidcProviderCache {
  of(registration: OidcEntRegistration): Promise<OidcProvider>;
}

export function createOidcProviderCache(settings: OidcUpstreamSettings): OidcProviderCache {
  const entries = new Map<string, { readonly until: number; readonly provider: Promise<OidcProvider> }>();
  return {
    of(registration) {
      const key = `${registration.entId}\n${registration.issuer}`;
      const at = performance.now();
      const entry = entries.get(key);
      if (entry !== undefined && at < entry.until) return entry.provider;
      const provider = discover(registration, settings);
      entries.set(key, { until: at + settings.discoveryCacheMinutes * 60_000, provider });
      provider.catch(() => {
        if (entries.get(key)?.provider === provider) entries.delete(key);
      });
      return provider;
    },
  };
}

async function discover(registration: OidcEntRegistration, settings: OidcUpstreamSettings): Promise<OidcProvider> {
  let server: ServerMetadata;
  try {
    const configuration = await discovery(new URL(registration.issuer), registration.clientId, undefined, undefined, {
      algorithm: 'oidc',
      timeout: settings.httpTimeoutSeconds,
      [customFetch]: boundedFetch(),
      execute: settings.allowInsecureHttp ? [allowInsecureRequests] : [],
    });
    server = configuration.serverMetadata();
  } catch (error) {
    throw discoveryFailed(registration, (error as Error).message);
  }
  checkServerMetadata(registration, server, settings);
  const keys = createRemoteJWKSet(new URL(server.jwks_uri as string), {
    timeoutDuration: settings.httpTimeoutSeconds * 1000,
    [joseFetch]: boundedFetch(),
    cacheMaxAge: settings.discoveryCacheMinutes * 60_000,
  });
  return { server, keys };
}

/**
 * OIDC Discovery §4.3: the issuer in the document must be exactly the registered one (openid-client
 * compares them as URLs; the ID token's `iss` is compared as a string, so this is too). Every
 * endpoint the broker calls must be https, except in tests.
 */
function checkServerMetadata(
  registration: OidcEntRegistration,
  server: ServerMetadata,
  settings: OidcUpstreamSettings,
): void {
  if (server.issuer !== registration.issuer)
    throw discoveryFailed(registration, `discovered issuer ${server.issuer} differs from the registered one`);
  const needed = [
    'authorization_endpoint',
    'token_endpoint',
    'jwks_uri',
    ...(registration.useUserinfo ? ['userinfo_endpoint'] : []),
  ] as const;
  for (const name of needed) {
    const value = server[name];
    if (typeof value !== 'string' || !isAllowedUrl(value, settings.allowInsecureHttp))
      throw discoveryFailed(registration, `${name} missing or not https`);
  }
}

function isAllowedUrl(value: string, allowInsecureHttp: boolean): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || (allowInsecureHttp && protocol === 'http:');
  } catch {
    return false;
  }
}

function discoveryFailed(registration: OidcEntRegistration, detail: string): Error {
  return fail(
    'ERR_OIDC_ENT_DISCOVERY',
    "Le service d'authentification de cet ENT ne répond pas correctement ; réessayez plus tard.",
    `entId=${registration.entId} issuer=${registration.issuer}: ${detail}`,
  );
}
