import type { OidcUpstream } from './oidc-upstream.js';
import type { OidcEntRegistration } from './ports.js';

/**
 * Does this ENT project log in through OIDC? Read from the store at each login start (one
 * primary-key read), so a registration added or removed with the CLI applies to the next login.
 */
export function oidcEntOf(upstream: OidcUpstream, entId: string): Promise<OidcEntRegistration | undefined> {
  return upstream.registry.find(entId);
}
