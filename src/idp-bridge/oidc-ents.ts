import type { OidcUpstream } from './oidc-upstream.js';

/** The ENT projects that log in through OIDC, for the discovery (ENT choice) page. */
export async function oidcEnts(upstream: OidcUpstream): Promise<readonly string[]> {
  return (await upstream.registry.list()).map((registration) => registration.entId);
}
