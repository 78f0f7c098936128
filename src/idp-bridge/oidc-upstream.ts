/**
 * The broker as OpenID Connect relying party of the ENT projects that registered a provider: the
 * registry (operational data, in the store), the settings, and this process's cache of each
 * provider's discovery document and JWKS.
 */
import { createOidcProviderCache, type OidcProviderCache } from './oidc-provider-cache.js';
import type { OidcEntRegistry } from './ports.js';
import type { OidcUpstreamSettings } from './oidc-upstream-settings.js';

export interface OidcUpstream {
  readonly registry: OidcEntRegistry;
  readonly settings: OidcUpstreamSettings;
  readonly providers: OidcProviderCache;
}

export function createOidcUpstream(registry: OidcEntRegistry, settings: OidcUpstreamSettings): OidcUpstream {
  return { registry, settings, providers: createOidcProviderCache(settings) };
}
